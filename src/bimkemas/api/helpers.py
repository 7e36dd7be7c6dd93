"""Small helpers shared by the API routers: the actor's today, role gates, bulk-safe name masking."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.cases.models import Case
from bimkemas.cases.selectors import case_display_name, mask_name
from bimkemas.org.models import Role, User


def actor_today(request) -> dt.date:
    """Today in the actor's office time zone (WIB/WITA/WIT), computed once per request."""
    today = getattr(request, "_bimkemas_today", None)
    if today is None:
        actor = request.auth
        tz = ZoneInfo(actor.unit.timezone) if actor.unit_id else None
        today = timezone.localdate(timezone=tz)
        request._bimkemas_today = today
    return today


def require_bapas_staff(actor: User) -> None:
    """Personal data of clients is for Bapas staff; Kanwil and Ditjenpas get aggregates elsewhere."""
    if not (actor.bapas and (actor.is_supervisor or actor.is_bapas_lead)):
        raise PermissionDenied(_("Data klien hanya dapat dilihat oleh petugas Bapas."))


def with_actor_named(qs: QuerySet[Case], actor: User) -> QuerySet[Case]:
    """Annotate `actor_named`: the actor is among the staff named on the case (restricted_to)."""
    through = Case.restricted_to.through
    return qs.annotate(actor_named=Exists(through.objects.filter(case_id=OuterRef("pk"), user_id=actor.pk)))


def list_display_name(case: Case, actor: User) -> str:
    """`case_display_name` without a query per row, from the `actor_named` annotation.

    Mirrors `case_restricted_for` and `case_in_team` (tests compare both for every row).
    """
    named = case.actor_named
    own_bapas = case.bapas_id == actor.unit_id
    restricted = (
        case.restricted and not named and case.officer_id != actor.id and not (actor.is_kepala and own_bapas)
    )
    if restricted:
        return case_display_name(case, actor, restricted=True)
    in_team = named or case.officer_id == actor.id or (own_bapas and actor.has_role(Role.KEPALA, Role.KASI))
    if case.is_child and not in_team:
        return mask_name(case.person.name)
    return case.person.name
