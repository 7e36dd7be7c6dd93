"""Read queries for Litmas, authorised through the case they belong to (case_get_for / case_scope)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.selectors import case_display_name, case_get_for, case_in_team, case_scope
from bimkemas.clients.names import name_key
from bimkemas.litmas.kinds import catalogue, localized
from bimkemas.litmas.models import Litmas, LitmasApprover, LitmasVersion
from bimkemas.litmas.services import due_days_after_handover, is_approver
from bimkemas.org.models import User


def litmas_get_for(*, actor: User, litmas_id: int, for_update: bool = False) -> Litmas:
    """Fetch a Litmas and authorise the actor on its case: 404 outside their scope, 403 when refused.
    A child's Litmas is shown only to the case team and the Bapas's approvers."""
    litmas = (
        Litmas.objects.select_related("author", "approver", "submitted_by", "saved_by", "bapas")
        .filter(id=litmas_id)
        .first()
    )
    if litmas is None:
        raise Http404
    case = case_get_for(actor=actor, case_id=litmas.case_id, for_update=for_update)
    if case.is_child and not (case_in_team(case, actor) or is_approver(actor, case.bapas)):
        raise PermissionDenied
    litmas.case = case
    return litmas


def case_litmas(*, case: Case) -> QuerySet[Litmas]:
    """The Litmas of a case (already authorised), newest first."""
    return (
        Litmas.objects.filter(case=case).select_related("author", "approver").order_by("-created_at", "-id")
    )


def litmas_list(
    *, actor: User, status: str = "", kind: str = "", author_id: int | None = None, query: str = ""
) -> QuerySet[Litmas]:
    """The Litmas the actor may see (PK: their cases; Kasi/Kepala: the Bapas), filtered and searched."""
    qs = Litmas.objects.filter(case__in=case_scope(actor)).select_related(
        "case__person", "case__officer", "author", "approver"
    )
    if status in Litmas.Status.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if author_id:
        qs = qs.filter(author_id=author_id)
    q = query.strip()
    if q:
        cond = Q(register_number__icontains=q) | Q(case__register_number__icontains=q)
        key = name_key(q)
        if key:
            cond |= Q(case__person__name_key__contains=key)
        qs = qs.filter(cond)
    return qs.order_by("-created_at", "-id")


def waiting_count(*, actor: User) -> int:
    """Litmas of the actor's Bapas waiting for approval (for approvers)."""
    if not (actor.bapas and is_approver(actor, actor.bapas)):
        return 0
    return Litmas.objects.filter(bapas=actor.bapas, status=Litmas.Status.SUBMITTED).count()


def authors_of(*, actor: User) -> QuerySet[User]:
    if not actor.bapas:
        return User.objects.none()
    return User.objects.filter(id__in=Litmas.objects.filter(bapas=actor.bapas).values("author_id")).order_by(
        "full_name", "username"
    )


def display_name(litmas: Litmas, actor: User) -> str:
    return case_display_name(litmas.case, actor)


# --- history --------------------------------------------------------------------------------------


@dataclass
class Change:
    key: str
    label: str
    before: object
    after: object
    rows: bool  # table-rows field


@dataclass
class VersionView:
    version: LitmasVersion
    changes: list[Change]


def field_labels(definition: list[dict]) -> dict[str, tuple[str, dict]]:
    out = {}
    for section in definition:
        for field in section["fields"]:
            out[f"{section['code']}.{field['code']}"] = (
                f"{localized(section, 'title')} › {localized(field, 'label')}",
                field,
            )
    return out


def diff_values(definition: list[dict], before: dict, after: dict) -> list[Change]:
    labels = field_labels(definition)
    changes = []
    for key, (label, field) in labels.items():
        a, b = before.get(key) or "", after.get(key) or ""
        if a != b:
            changes.append(
                Change(key=key, label=label, before=a, after=b, rows=field["type"] == "table-rows")
            )
    return changes


def litmas_history(*, litmas: Litmas) -> list[VersionView]:
    """Every version, newest first, each with the fields changed since the version before it."""
    versions = list(litmas.versions.select_related("actor").order_by("number"))
    out = []
    previous: dict = {}
    for v in versions:
        out.append(
            VersionView(version=v, changes=diff_values(litmas.definition, previous, v.values) if out else [])
        )
        previous = v.values
    return list(reversed(out))


def version_get(*, litmas: Litmas, number: int) -> tuple[LitmasVersion, LitmasVersion | None]:
    version = litmas.versions.select_related("actor").filter(number=number).first()
    if version is None:
        raise Http404
    previous = litmas.versions.filter(number__lt=number).order_by("-number").first()
    return version, previous


def approvers_of(*, bapas) -> QuerySet[LitmasApprover]:
    return LitmasApprover.objects.filter(bapas=bapas).select_related("user", "designated_by")


def approver_candidates(*, bapas) -> QuerySet[User]:
    from bimkemas.org.models import Role, role_q

    taken = LitmasApprover.objects.filter(bapas=bapas).values("user_id")
    return (
        User.objects.filter(unit=bapas, is_active=True)
        .filter(role_q(Role.KASI, Role.KASUBSI))
        .exclude(role_q(Role.KEPALA))
        .exclude(id__in=taken)
        .order_by("full_name", "username")
    )


# --- the PK's work list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LitmasDue:
    case: Case
    name: str  # the client's name as the actor may see it
    kind_label: str
    due_date: dt.date | None
    overdue: bool
    url: str
    status_label: str  # "Belum dibuat" or the Litmas's status
    litmas: Litmas | None = None


def _lookback_days() -> int:
    return int(getattr(settings, "LITMAS_DUE_LOOKBACK_DAYS", 90))


def litmas_due_for(*, actor: User, today: dt.date) -> list[LitmasDue]:
    """Litmas the actor (as the PK of the case) still has to write: drafts and returned ones, with their
    due dates; and active cases past handover (within LITMAS_DUE_LOOKBACK_DAYS) that have no Litmas yet
    of a kind required after handover (due LITMAS_DUE_DAYS_AFTER_HANDOVER days after it). Earliest first."""
    from django.utils.translation import gettext as _

    if not (actor.is_authenticated and actor.is_active):
        return []
    cases = Case.objects.filter(officer_id=actor.id, status__in=ACTIVE_STATUSES)
    items: list[LitmasDue] = []
    open_litmas = (
        Litmas.objects.filter(case__in=cases, status__in=Litmas.EDITABLE)
        .select_related("case__person", "case__bapas")
        .order_by("due_date", "id")
    )
    for litmas in open_litmas:
        items.append(LitmasDue(
            case=litmas.case, name=case_display_name(litmas.case, actor), kind_label=litmas.kind_label,
            due_date=litmas.due_date, overdue=bool(litmas.due_date and litmas.due_date < today),
            url=reverse("litmas_edit", args=[litmas.id]), status_label=str(litmas.get_status_display()),
            litmas=litmas,
        ))  # fmt: skip
    days = due_days_after_handover()
    lookback = _lookback_days()
    for kind in catalogue().required_after_handover():
        qs = cases.filter(handover_date__lte=today, client_group__in=kind["client_groups"])
        if kind["programmes"]:
            qs = qs.filter(programme__in=kind["programmes"])
        if lookback:
            qs = qs.filter(handover_date__gte=today - dt.timedelta(days=lookback))
        qs = qs.exclude(Exists(Litmas.objects.filter(case=OuterRef("pk"), kind=kind["code"])))
        for case in qs.select_related("person").order_by("handover_date", "id"):
            due = case.handover_date + dt.timedelta(days=days)
            items.append(LitmasDue(
                case=case, name=case_display_name(case, actor), kind_label=localized(kind, "label"),
                due_date=due, overdue=due < today,
                url=reverse("litmas_create", args=[case.id]) + f"?kind={kind['code']}",
                status_label=_("Belum dibuat"),
            ))  # fmt: skip
    items.sort(key=lambda i: (i.due_date is None, i.due_date or dt.date.max, i.case.id))
    return items
