import datetime as dt

import pytest
from django.utils import timezone

from bimkemas.cases.services import case_assign
from bimkemas.partners.services import partner_user_create
from tests.cases.factories import receive_client
from tests.gateway import gateway, huey_immediate  # noqa: F401 - fixtures
from tests.partners.factories import make_agreement, make_partner


@pytest.fixture
def sekar(kasi_budi):
    """Yayasan Sekar Mlati, a Bapas A partner with an agreement in force, and its user pokmas1."""
    partner = make_partner(kasi_budi, "Yayasan Sekar Mlati", fields=["kemandirian"])
    make_agreement(kasi_budi, partner, start=timezone.localdate() - dt.timedelta(days=100), days=400)
    user, _pw = partner_user_create(actor=kasi_budi, partner=partner, username="pokmas1", full_name="Sri Rahayu",
                                    password="Sekar-Mlati-2026")  # fmt: skip
    partner.user = user
    return partner


@pytest.fixture
def caseload(kasi_budi, pk_andi, client_rudi):
    """Three adult clients and one child of pk_andi."""
    cases = [client_rudi]
    for name in ("Joko Susilo", "Bambang Wibowo"):
        cases.append(receive_client(kasi_budi, name))
    child = receive_client(kasi_budi, "Dimas Anggoro", group="A", programme="PB",
                           person_kw={"birth": dt.date(2010, 3, 1)})  # fmt: skip
    cases.append(child)
    case_assign(actor=kasi_budi, cases=cases[1:], pk=pk_andi)
    for c in cases:
        c.refresh_from_db()
    return cases
