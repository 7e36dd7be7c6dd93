"""The TPP step of a revocation: its checks, shared by the hand-recorded step and the one filled from the final
minutes of a Sidang TPP (tests/tpp/test_revocation_step.py)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bimkemas.cases.documents import bapas_today
from bimkemas.tpp.services import tpp_item_add, tpp_session_create
from bimkemas.violations import services
from bimkemas.violations.models import Revocation

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def today(bapas_a):
    return bapas_today(bapas_a)


@pytest.fixture
def at_bap(client_rudi, kasi_budi, pk_andi, today):
    violation = services.violation_record(actor=kasi_budi, case=client_rudi, kind="public_unrest", source="police",
                                          evidence="Laporan Polsek.", occurred_on=today - 9 * DAY)  # fmt: skip
    revocation = services.revocation_report(
        actor=pk_andi, case=client_rudi, violations=[violation], reported_on=today - 8 * DAY
    )
    return services.revocation_bap(actor=pk_andi, revocation=revocation, bap_date=today - 6 * DAY,
                                   examiner="Andi Pratama", summary="BAP.")  # fmt: skip


def test_errors_name_each_field_and_the_step(at_bap, today):
    errors = services.revocation_tpp_errors(at_bap, tpp_date=today - 7 * DAY, members=" ", recommendation="")
    assert errors == {
        "tpp_date": f"Tanggal sidang TPP ({(today - 7 * DAY).isoformat()}) tidak boleh sebelum tanggal BAP "
        f"({(today - 6 * DAY).isoformat()}).",
        "members": "Isi anggota TPP yang hadir.",
        "recommendation": "Isi rekomendasi TPP.",
    }
    assert (
        "masa depan"
        in services.revocation_tpp_errors(
            at_bap, tpp_date=today + DAY, members="Dewi", recommendation="Cabut"
        )["tpp_date"]
    )
    assert (
        services.revocation_tpp_errors(at_bap, tpp_date=today, members="Dewi", recommendation="Cabut") == {}
    )
    at_bap.status = "reported"
    assert (
        "tahap"
        in services.revocation_tpp_errors(at_bap, tpp_date=today, members="D", recommendation="C")["__all__"]
    )


def test_the_step_from_an_agenda_item_must_be_of_the_same_client(at_bap, kasi_budi, kepala_dewi, today):
    from tests.cases.factories import receive_client

    session = tpp_session_create(actor=kasi_budi, date=today, time=dt.time(9, 0), place="Ruang TPP",
                                 chair=kepala_dewi, secretary=kasi_budi)  # fmt: skip
    other = tpp_item_add(actor=kasi_budi, session=session, case=receive_client(kasi_budi, "Joko"),
                         purpose="revocation")  # fmt: skip
    with pytest.raises(ValidationError, match="klien lain"):
        services.revocation_tpp(actor=kasi_budi, revocation=at_bap, tpp_date=today, members="Dewi",
                                recommendation="Cabut", tpp_item=other)  # fmt: skip
    assert Revocation.objects.get(id=at_bap.id).status == "bap"


def test_only_a_lead_of_the_bapas_records_the_step(at_bap, pk_andi, kasi_wati, today):
    for actor in (pk_andi, kasi_wati):
        with pytest.raises(PermissionDenied):
            services.revocation_tpp(
                actor=actor, revocation=at_bap, tpp_date=today, members="Dewi", recommendation="Cabut"
            )


def test_the_revocation_page_says_a_session_will_fill_the_step(client, at_bap, kasi_budi):
    client.force_login(kasi_budi)
    page = client.get(reverse("revocation_detail", kwargs={"revocation_id": at_bap.id})).content.decode()
    assert "Langkah TPP diisi dari berita acara sidang TPP yang membahas klien ini" in page
    assert 'name="tpp_date"' in page  # and it can still be recorded by hand
