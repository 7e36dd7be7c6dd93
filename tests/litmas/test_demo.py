"""The demo rows: pk1's Litmas in every state, made through the services."""

import datetime as dt
import random

from bimkemas.cases.services import case_assign
from bimkemas.litmas.demo import populate
from bimkemas.litmas.models import Litmas
from bimkemas.org.models import Role
from tests.cases.factories import receive_client
from tests.org.factories import UserFactory


def test_demo_litmas_in_every_state(bapas_a, kasi_budi):
    pk1 = UserFactory(username="pk1", full_name="Andi", unit=bapas_a, roles=[Role.PK])
    UserFactory(username="kepala1", full_name="Dewi", unit=bapas_a, roles=[Role.KEPALA])
    for name in ("Rudi Hartono", "Joko Susilo", "Slamet Riyadi", "Bambang Irawan"):
        case = receive_client(kasi_budi, name)
        case_assign(actor=kasi_budi, cases=[case], pk=pk1)
    assert populate(rng=random.Random(1), today=dt.date(2026, 3, 1)) == {"litmas": 4}
    assert sorted(Litmas.objects.values_list("status", flat=True)) == [
        "approved",
        "draft",
        "returned",
        "submitted",
    ]
    assert populate(rng=random.Random(1), today=dt.date(2026, 3, 1)) == {"litmas": 0}  # once only
