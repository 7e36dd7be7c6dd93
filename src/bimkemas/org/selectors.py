"""Read queries for units and staff."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from bimkemas.org.models import Role, Secondment, Unit, User, role_q

ACTIVE_CASE_STATUSES = ("received", "registered", "supervised")


def _current(qs, today: dt.date):
    return qs.filter(start__lte=today).filter(Q(end__isnull=True) | Q(end__gte=today))


def staff_supervisors(*, bapas: Unit, today: dt.date) -> QuerySet[User]:
    """PKs and APKs working at `bapas` today: its own staff not seconded away, plus staff seconded in.

    Annotated with `caseload`: active cases currently assigned to them.
    """
    seconded_in = _current(Secondment.objects.filter(to_unit=bapas), today).values("user_id")
    seconded_out = _current(Secondment.objects.exclude(to_unit=bapas), today).values("user_id")
    return (
        User.objects.filter(is_active=True)
        .filter(role_q(Role.PK, Role.APK))
        .filter((Q(unit=bapas) & ~Q(id__in=seconded_out)) | Q(id__in=seconded_in))
        .annotate(
            caseload=Count(
                "assignments",
                filter=Q(
                    assignments__ended_at__isnull=True, assignments__case__status__in=ACTIVE_CASE_STATUSES
                ),
                distinct=True,
            )
        )
        .select_related("unit")
        .order_by("full_name", "username")
    )


def staff_secondments(*, users, today: dt.date) -> dict[int, Secondment]:
    """Current BKO secondment per user id (for the PK list)."""
    return {
        s.user_id: s
        for s in _current(Secondment.objects.filter(user__in=users), today).select_related("to_unit")
    }


def bapas_list() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=Unit.Kind.BAPAS).select_related("parent").order_by("name")
