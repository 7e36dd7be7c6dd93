"""A hand-made year of wajib lapor at two Bapas, recorded through the real services.

Bapas A (Yogyakarta, WIB), 2025 — two clients, each from 6 January to 7 March (monthly report and
monthly in-person report; first contact due 8 January):
  Rudi Hartono (PK Andi): office report 7 Jan; phone call 10 Feb; app check-in 12 Feb;
      a phone call that did not reach him 20 Feb and a talk with his employer 21 Feb (neither counts).
  Siti Aminah (APK Rina): office report 7 Feb (late for January; first contact missed);
      the report due 5 March excused after it was missed.
Bapas B (Wonosari, set to WIT for the test): Joko Susilo (PK Sari): app check-in at 23:30 WIB on
  31 January = 01:30 WIT on 1 February — a February report of Bapas B.
Bapas C (Palembang, under another Kanwil): Dedi Kurniawan, one phone report on 3 March.

Reports, Bapas A:  Jan in person 1 (1 client); Feb in person 1, teleconference 1, app 1 (2 clients).
Compliance, Bapas A (by due month): Jan met 1, missed 1; Feb met 2, late 2;
  Mar met 1, missed 6, excused 1.   PKs, March: Andi met 1 missed 3; Rina missed 3 excused 1.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from bimkemas.contacts.models import Kind, Obligation, ObligationStatus, Outcome, Requirement
from bimkemas.contacts.services import (
    ContactData,
    contact_record,
    obligation_excuse,
    obligations_ensure,
    obligations_sweep,
)
from bimkemas.org.models import Role, Unit
from tests.cases.factories import receive_client
from tests.org.factories import UnitFactory, UserFactory

WIB = ZoneInfo("Asia/Jakarta")
CLIENT_NAMES = ("Rudi Hartono", "Siti Aminah", "Joko Susilo", "Dedi Kurniawan")


def at(month: int, day: int, hour: int = 9, minute: int = 0, tz=WIB) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=tz)


def record(actor, case, kind, when, outcome=Outcome.REPORTED):
    return contact_record(
        actor=actor, case=case, data=ContactData(kind=kind, outcome=outcome, occurred_at=when)
    )


@dataclass
class Dataset:
    rudi: object
    siti: object
    joko: object
    dedi: object
    bapas_c: Unit
    kanwil_sumsel: Unit


@pytest.fixture
def kanwil_sumsel(ditjenpas):
    return UnitFactory(kind=Unit.Kind.KANWIL, code="KW-16", name="Kanwil Sumatera Selatan", parent=ditjenpas)


@pytest.fixture
def bapas_c(kanwil_sumsel):
    return UnitFactory(code="BPS-PLG", name="Bapas Kelas I Palembang", parent=kanwil_sumsel)


@pytest.fixture
def pk_citra(bapas_c):
    return UserFactory(username="pk_citra", full_name="Citra Dewi", unit=bapas_c, roles=[Role.PK])


@pytest.fixture
def dataset(pk_andi, pk_rina, pk_sari, pk_citra, kasi_budi, bapas_b, bapas_c, kanwil_sumsel):
    bapas_b.timezone = "Asia/Jayapura"
    bapas_b.save(update_fields=["timezone"])
    start = dt.date(2025, 1, 6)
    rudi = receive_client(pk_andi, "Rudi Hartono", start=start, months=2)
    siti = receive_client(pk_rina, "Siti Aminah", start=start, months=2, person_kw={"sex": "P"})
    joko = receive_client(pk_sari, "Joko Susilo", start=start, months=2)
    dedi = receive_client(pk_citra, "Dedi Kurniawan", start=start, months=2)
    for case in (rudi, siti, joko, dedi):
        obligations_ensure(case=case, today=dt.date(2025, 1, 6), until=case.period_end)

    record(pk_andi, rudi, Kind.OFFICE_REPORT, at(1, 7))
    record(pk_andi, rudi, Kind.PHONE_CALL, at(2, 10))
    record(None, rudi, Kind.SELF_CHECKIN, at(2, 12, 20))
    record(pk_andi, rudi, Kind.PHONE_CALL, at(2, 20), outcome=Outcome.NOT_REACHED)
    record(pk_andi, rudi, Kind.EMPLOYER_CONTACT, at(2, 21))
    record(pk_rina, siti, Kind.OFFICE_REPORT, at(2, 7))
    record(None, joko, Kind.SELF_CHECKIN, at(1, 31, 23, 30))
    record(pk_citra, dedi, Kind.PHONE_CALL, at(3, 3))

    obligations_sweep(today=dt.date(2025, 4, 1))
    excused = Obligation.objects.get(
        case=siti, requirement=Requirement.REPORT, due=dt.date(2025, 3, 5), status=ObligationStatus.MISSED
    )
    obligation_excuse(actor=pk_rina, obligation=excused, reason="Sakit, surat dokter dilampirkan")
    return Dataset(rudi=rudi, siti=siti, joko=joko, dedi=dedi, bapas_c=bapas_c, kanwil_sumsel=kanwil_sumsel)
