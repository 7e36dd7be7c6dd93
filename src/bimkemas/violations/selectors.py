"""Reads of violations, scoped by the actor through the case scope."""

from django.db.models import QuerySet

from bimkemas.cases.models import Case
from bimkemas.cases.selectors import case_scope
from bimkemas.org.models import User
from bimkemas.violations.models import Violation


def violations_of_bapas(*, actor: User, kind: str = "") -> QuerySet[Violation]:
    """For Bapas leads: every violation recorded on the cases of their Bapas."""
    if not (actor.is_bapas_lead and actor.bapas):
        return Violation.objects.none()
    qs = Violation.objects.filter(case__in=case_scope(actor).values("id"), case__bapas_id=actor.unit_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("case", "case__person", "recorded_by").order_by("-occurred_on", "-id")


def violations_of_case(*, case: Case) -> QuerySet[Violation]:
    """The case has been authorised by the caller (`case_get_for`)."""
    return case.violations.select_related("recorded_by").order_by("-occurred_on", "-id")
