"""Reads of violations, scoped by the actor through the case scope."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case as CaseWhen
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.db.models.functions import ExtractMonth
from django.http import Http404

from bimkemas.cases.models import Case
from bimkemas.cases.selectors import case_get_for, case_scope
from bimkemas.monitoring.selectors import Level, report_scope
from bimkemas.org.models import Unit, User
from bimkemas.violations.models import Revocation, RevocationStatus, Violation, ViolationSource


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


# --- revocations ----------------------------------------------------------------------------------------


def revocation_get_for(*, actor: User, revocation_id: int) -> Revocation:
    """Fetch a revocation and authorise the actor through its case (404 outside scope, 403 restricted)."""
    case_id = Revocation.objects.filter(id=revocation_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404
    case = case_get_for(actor=actor, case_id=case_id)
    revocation = Revocation.objects.select_related(
        "reported_by", "bap_by", "tpp_by", "suspended_by", "proposed_by", "decided_by", "tpp_item__session"
    ).get(id=revocation_id)
    revocation.case = case
    return revocation


def revocations_of_case(*, case: Case) -> QuerySet[Revocation]:
    return case.revocations.order_by("-reported_on", "-id")


def revocations_waiting_for_tpp(*, case_ids: list[int]) -> dict[int, Revocation]:
    """The revocation of each case that waits for its TPP step (BAP made), by case id. The caller has
    authorised the cases."""
    if not case_ids:
        return {}
    rows = Revocation.objects.filter(case_id__in=case_ids, status=RevocationStatus.BAP).order_by("id")
    return {r.case_id: r for r in rows}


def open_revocations_of_cases(*, case_ids: list[int]) -> dict[int, Revocation]:
    """The open (not decided) revocation of each case, newest first when a case has several; the caller
    has authorised the cases."""
    found: dict[int, Revocation] = {}
    if not case_ids:
        return found
    rows = (
        Revocation.objects.filter(case_id__in=case_ids)
        .exclude(status=RevocationStatus.DECIDED)
        .order_by("-id")
    )
    for revocation in rows:
        found.setdefault(revocation.case_id, revocation)
    return found


def revocations_filled_by_items(*, item_ids: list[int]) -> dict[int, Revocation]:
    """The revocations whose TPP step was filled from these TPP agenda items, by item id."""
    if not item_ids:
        return {}
    return {r.tpp_item_id: r for r in Revocation.objects.filter(tpp_item_id__in=item_ids)}


def revocations_of_bapas(*, actor: User, status: str = "") -> QuerySet[Revocation]:
    """For Bapas leads: the revocations of their Bapas, open ones first by due date."""
    if not (actor.is_bapas_lead and actor.bapas):
        return Revocation.objects.none()
    qs = Revocation.objects.filter(case__in=case_scope(actor).values("id"), case__bapas_id=actor.unit_id)
    if status == "open":
        qs = qs.exclude(status=RevocationStatus.DECIDED)
    elif status in RevocationStatus.values:
        qs = qs.filter(status=status)
    decided_last = CaseWhen(
        When(status=RevocationStatus.DECIDED, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return qs.select_related("case", "case__person").order_by(decided_last, "due_date", "id")


# --- figures --------------------------------------------------------------------------------------------


@dataclass
class BapasFigures:
    unit: Unit
    violations: list[int] = field(default_factory=lambda: [0] * 12)  # per month Jan..Dec
    revocations: list[int] = field(default_factory=lambda: [0] * 12)
    revocations_linkage: int = 0  # revocations with at least one violation found by linkage

    @property
    def violations_total(self) -> int:
        return sum(self.violations)

    @property
    def revocations_total(self) -> int:
        return sum(self.revocations)

    @property
    def revocations_other(self) -> int:
        return self.revocations_total - self.revocations_linkage


@dataclass
class Statistics:
    year: int
    rows: list[BapasFigures]
    violations: list[int]
    revocations: list[int]
    revocations_linkage: int
    revocations_total: int

    @property
    def revocations_other(self) -> int:
        return self.revocations_total - self.revocations_linkage

    @property
    def linkage_share(self) -> float | None:
        """Share (0..100) of the revocations whose violations came from linkage; None without revocations."""
        if not self.revocations_total:
            return None
        return round(100 * self.revocations_linkage / self.revocations_total, 1)


def violation_statistics(*, actor: User, year: int, kanwil_id: int | None = None) -> Statistics:
    """Violations (by date of occurrence) and revocations (by date reported) per month per Bapas, and the
    share of revocations found by linkage. Counts only; scope as the monitoring report, without PKs."""
    scope = report_scope(actor=actor)  # PermissionDenied for roles without one
    if scope.level == Level.PK:
        raise PermissionDenied
    units = scope.narrow(kanwil_id=kanwil_id)
    by_id = {u.id: BapasFigures(unit=u) for u in units}
    ids = list(by_id)
    violation_rows = (
        Violation.objects.filter(case__bapas_id__in=ids, occurred_on__year=year)
        .annotate(month=ExtractMonth("occurred_on"))
        .values("case__bapas_id", "month")
        .annotate(n=Count("id"))
    )
    for row in violation_rows:
        by_id[row["case__bapas_id"]].violations[row["month"] - 1] = row["n"]
    linkage = Violation.objects.filter(revocations=OuterRef("pk"), source=ViolationSource.LINKAGE)
    revocation_rows = (
        Revocation.objects.filter(case__bapas_id__in=ids, reported_on__year=year)
        .annotate(month=ExtractMonth("reported_on"), by_linkage=Exists(linkage))
        .values("case__bapas_id", "month", "by_linkage")
        .annotate(n=Count("id"))
    )
    for row in revocation_rows:
        figures = by_id[row["case__bapas_id"]]
        figures.revocations[row["month"] - 1] += row["n"]
        if row["by_linkage"]:
            figures.revocations_linkage += row["n"]
    rows = list(by_id.values())
    return Statistics(
        year=year,
        rows=rows,
        violations=[sum(r.violations[m] for r in rows) for m in range(12)],
        revocations=[sum(r.revocations[m] for r in rows) for m in range(12)],
        revocations_linkage=sum(r.revocations_linkage for r in rows),
        revocations_total=sum(r.revocations_total for r in rows),
    )
