"""Clients and cases made through the real services (penerimaan), not by poking models."""

import datetime as dt
import itertools
import random

from bimkemas.cases.services import CaseData, case_receive
from bimkemas.clients.services import PersonData, person_create

# A random start: browser journeys create clients from separate `manage shell` processes against one
# database, and a serial restarting at 1 in each gave the same NIK twice.
_serial = itertools.count(random.SystemRandom().randrange(1, 10_000))


def make_nik(birth: dt.date, sex: str, region: str = "340101") -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{next(_serial) % 10000 or 1:04d}"


def person_data(
    name: str = "Rudi Hartono",
    *,
    sex: str = "L",
    birth: dt.date = dt.date(1990, 5, 17),
    nik: bool = True,
    **kw,
) -> PersonData:
    return PersonData(name=name, sex=sex, birth_date=birth, nik=make_nik(birth, sex) if nik else None,
                      birth_place="Yogyakarta", **kw)  # fmt: skip


def case_data(
    *, programme: str = "PB", group: str = "D", start: dt.date | None = None, months: int = 12, **kw
) -> CaseData:
    start = start or dt.date(2026, 1, 5)
    end = start + dt.timedelta(days=months * 30)
    return CaseData(
        programme=programme, client_group=group, sk_number=f"PAS-{next(_serial)}.PK.01.04.06/2025",
        sk_date=start - dt.timedelta(days=7), handover_date=start, period_start=start, period_end=end,
        origin_institution="Lapas Kelas IIA Yogyakarta", offence_article="Pasal 362 KUHP",
        offence_category="pencurian", sentence_months=24, **kw,
    )  # fmt: skip


def receive_client(actor, name: str = "Rudi Hartono", *, person_kw=None, **case_kw):
    person = person_create(actor=actor, data=person_data(name, **(person_kw or {})))
    return case_receive(actor=actor, person=person, data=case_data(**case_kw))
