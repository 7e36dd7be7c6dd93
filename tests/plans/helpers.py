"""Assessments with chosen bands, made through the real services, for the plan tests."""

import datetime as dt

from bimkemas.assessments.services import assessment_finalise, assessment_save, assessment_start
from tests.assessments.helpers import all_answers, shipped

# Needs stand-in: three items per domain scored 0/1/2; domain bands rendah 0, sedang 2, tinggi 4.
DOMAIN_ANSWERS = {"rendah": ("0", "0", "0"), "sedang": ("2", "0", "0"), "tinggi": ("2", "2", "0")}


def needs_assessment(actor, case, bands: dict[str, str], phase: str = "awal"):
    """A final needs assessment with the given band per domain (domains not named: rendah)."""
    instrument = shipped("needs")
    answers = {}
    for section in instrument.definition["sections"]:
        values = DOMAIN_ANSWERS[bands.get(section["code"], "rendah")]
        for item, value in zip(section["items"], values, strict=True):
            answers[item["code"]] = value
    a = assessment_start(actor=actor, case=case, instrument=instrument, phase=phase)
    a = assessment_save(actor=actor, assessment=a, answers=answers)
    return assessment_finalise(actor=actor, assessment=a)


def risk_assessment(actor, case, *, high: bool, phase: str = "awal"):
    instrument = shipped("risk")
    pick = (lambda item: item["options"][-1]["value"]) if high else (lambda item: item["options"][0]["value"])
    a = assessment_start(actor=actor, case=case, instrument=instrument, phase=phase)
    a = assessment_save(actor=actor, assessment=a, answers=all_answers(instrument, pick=pick))
    return assessment_finalise(actor=actor, assessment=a)


# client_rudi's period: 2026-01-05 .. 2026-12-31 (360 days): awal to 2026-04-04, lanjutan 2026-04-05 ..
# 2026-10-01, akhir 2026-10-02 .. 2026-12-31.
AWAL_END = dt.date(2026, 4, 4)
LANJUTAN = (dt.date(2026, 4, 5), dt.date(2026, 10, 1))
AKHIR = (dt.date(2026, 10, 2), dt.date(2026, 12, 31))
