"""Authorization matrix rows for the assessments app (see tests/test_authz_matrix.py)."""

from bimkemas.assessments.models import Instrument
from tests.authz import BAPAS_STAFF_ONLY, CASE_TEAM

ROWS = {
    "case_assessments": CASE_TEAM,
    "assessment_start": CASE_TEAM,
    "assessment_detail": CASE_TEAM,
    "assessment_fill": CASE_TEAM,
    "instrument_list": BAPAS_STAFF_ONLY,
    "instrument_detail": BAPAS_STAFF_ONLY,
}


def _draft(world) -> int:
    from bimkemas.assessments.services import assessment_start

    instrument = Instrument.objects.filter(active=True, kind="risk").first()
    return assessment_start(
        actor=world.users["pk_andi"], case=world.case, instrument=instrument, phase="awal"
    ).id


KWARGS = {
    "assessment_id": _draft,
    "instrument_id": lambda world: Instrument.objects.filter(active=True).first().id,
}
