"""Authorization matrix rows of the contacts app (see tests/test_authz_matrix.py)."""

import uuid

from tests.authz import BAPAS_LEADS_ONLY, BAPAS_STAFF_ONLY, CASE_TEAM

ROWS = {
    "today": BAPAS_STAFF_ONLY,
    "contact_record": CASE_TEAM,
    "case_reporting": CASE_TEAM,
    "schedule_override": CASE_TEAM,  # POST of case_reporting
    "obligation_excuse": CASE_TEAM,  # POST
    "task_close": CASE_TEAM,  # POST; the task is pk_andi's
    "checkin_review": CASE_TEAM,
    "reporting_rules": BAPAS_LEADS_ONLY,
}


def _obligation(world):
    from bimkemas.contacts.models import Obligation

    return Obligation.objects.filter(case=world.case).order_by("id").first().id


def _task(world):
    from django.utils import timezone

    from bimkemas.contacts.models import FollowUpTask, TaskKind

    return FollowUpTask.objects.create(
        case=world.case,
        kind=TaskKind.CALL,
        assigned_to=world.users["pk_andi"],
        due=timezone.localdate(),
        created_at=timezone.now(),
    ).id


def _checkin(world):
    from bimkemas.contacts.services import CheckInAnswers, checkin_submit

    checkin, _ = checkin_submit(case=world.case, key=uuid.uuid4(), answers=CheckInAnswers(address_same=True))
    return checkin.id


KWARGS = {"obligation_id": _obligation, "task_id": _task, "checkin_id": _checkin}
