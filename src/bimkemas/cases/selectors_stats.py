"""Aggregates without personal data, scoped: Ditjenpas national, Kanwil its province, Bapas leads their Bapas."""

from django.db.models import Count, Q

from bimkemas.cases.models import ACTIVE_STATUSES, Case, ClientGroup
from bimkemas.org.models import Role, Unit, User, role_q


def overview_units(actor: User):
    units = Unit.objects.filter(kind=Unit.Kind.BAPAS).select_related("parent")
    if actor.has_role(Role.DITJENPAS):
        return units
    if actor.has_role(Role.KANWIL) and actor.unit_id:
        return units.filter(parent_id=actor.unit_id)
    if actor.is_bapas_lead and actor.unit_id:
        return units.filter(id=actor.unit_id)
    return units.none()


def overview_rows(*, actor: User) -> list[dict]:
    units = list(overview_units(actor).order_by("parent__name", "name"))
    counts = {
        row["bapas_id"]: row
        for row in Case.objects.filter(bapas__in=units, status__in=ACTIVE_STATUSES)
        .values("bapas_id")
        .annotate(
            active=Count("id"),
            children=Count("id", filter=Q(client_group=ClientGroup.CHILD)),
            unassigned=Count("id", filter=Q(officer__isnull=True)),
        )
    }
    staff = {
        row["unit_id"]: row["n"]
        for row in User.objects.filter(role_q(Role.PK, Role.APK), unit__in=units, is_active=True)
        .values("unit_id")
        .annotate(n=Count("id"))
    }
    rows = []
    for u in units:
        c = counts.get(u.id, {})
        sup = staff.get(u.id, 0)
        active = c.get("active", 0)
        rows.append(
            {
                "kanwil": u.parent.name if u.parent else "",
                "bapas": u.name,
                "bapas_id": u.id,
                "active": active,
                "children": c.get("children", 0),
                "unassigned": c.get("unassigned", 0),
                "supervisors": sup,
                "ratio": round(active / sup) if sup else None,
            }
        )
    return rows
