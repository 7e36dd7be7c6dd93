"""Read queries of the partners app, scoped by the actor.

Bapas leads see the partners and agreements of their own Bapas; a partner's user sees only their own
partner. `agreement_is_active` is the check the activities app runs before a new activity.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bimkemas.org.models import Role, User
from bimkemas.partners.models import Agreement, AgreementStatus, Partner, PartnerMember, warning_days


def partner_scope(actor: User) -> QuerySet[Partner]:
    """Partners whose records the actor may manage: the leads of their Bapas."""
    if actor.is_authenticated and actor.is_active and actor.bapas and actor.is_bapas_lead:
        return Partner.objects.filter(bapas_id=actor.unit_id)
    return Partner.objects.none()


def partner_get_for(*, actor: User, partner_id: int) -> Partner:
    partner = partner_scope(actor).select_related("bapas", "village").filter(id=partner_id).first()
    if partner is None:
        raise Http404
    return partner


def partner_flag(latest_end: dt.date | None, has_current: bool, today: dt.date, days: int) -> str:
    """The partner's agreement situation, judged by the agreement that runs longest (renewals count)."""
    if latest_end is None:
        return "none"
    if latest_end < today:
        return AgreementStatus.EXPIRED
    if not has_current:
        return AgreementStatus.UPCOMING
    if (latest_end - today).days <= days:
        return AgreementStatus.EXPIRING
    return AgreementStatus.ACTIVE


def partner_list(
    *, actor: User, query: str = "", field: str = "", flag: str = "", today: dt.date | None = None
) -> QuerySet[Partner]:
    """The partner list of the actor's Bapas, each with `latest_end` and `has_current` annotations."""
    today = today or timezone.localdate()
    days = warning_days()
    current = Agreement.objects.filter(partner_id=OuterRef("pk"), start__lte=today, end__gte=today)
    qs = partner_scope(actor).annotate(latest_end=Max("agreements__end"), has_current=Exists(current))
    q = " ".join(query.split())
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(contact_person__icontains=q) | Q(address__icontains=q))
    if field:
        qs = qs.filter(field_codes__contains=f",{field},")
    horizon = today + dt.timedelta(days=days)
    if flag == "none":
        qs = qs.filter(latest_end__isnull=True)
    elif flag == AgreementStatus.EXPIRED:
        qs = qs.filter(latest_end__lt=today)
    elif flag == AgreementStatus.EXPIRING:
        qs = qs.filter(latest_end__gte=today, latest_end__lte=horizon, has_current=True)
    elif flag == AgreementStatus.ACTIVE:
        qs = qs.filter(latest_end__gt=horizon, has_current=True)
    elif flag == "inactive":
        qs = qs.filter(active=False)
    return qs.order_by("name", "id")


def partner_agreements(*, partner: Partner) -> QuerySet[Agreement]:
    return partner.agreements.all().order_by("-end", "-id")


def agreements_expiring(
    *, actor: User, today: dt.date | None = None, days: int | None = None
) -> QuerySet[Agreement]:
    """Agreements of the actor's Bapas ending within `days` (default the warning setting) that no later
    agreement of the same partner replaces — what the Kasi must renew."""
    today = today or timezone.localdate()
    days = warning_days() if days is None else days
    if not (actor.is_authenticated and actor.bapas and actor.is_bapas_lead):
        return Agreement.objects.none()
    renewed = Agreement.objects.filter(partner_id=OuterRef("partner_id"), end__gt=OuterRef("end"))
    return (
        Agreement.objects.filter(
            bapas_id=actor.unit_id, start__lte=today, end__gte=today, end__lte=today + dt.timedelta(days=days)
        )  # fmt: skip
        .exclude(Exists(renewed))
        .select_related("partner")
        .order_by("end", "id")
    )


def partner_for_member(user: User) -> Partner | None:
    """The partner a mitra user acts for (None for anyone else, or a mitra account not linked yet)."""
    if not (user.is_authenticated and user.is_active and user.has_role(Role.MITRA)):
        return None
    member = PartnerMember.objects.select_related("partner__bapas").filter(user_id=user.id).first()
    return member.partner if member else None


def agreement_get_for(*, actor: User, agreement_id: int) -> Agreement:
    """An agreement the actor may read: leads of its Bapas, or users of its partner. 404 otherwise."""
    agreement = Agreement.objects.select_related("partner", "bapas").filter(id=agreement_id).first()
    if agreement is None or not actor.is_authenticated:
        raise Http404
    if actor.bapas and actor.is_bapas_lead and agreement.bapas_id == actor.unit_id:
        return agreement
    partner = partner_for_member(actor)
    if partner is not None and agreement.partner_id == partner.id:
        return agreement
    raise Http404


def agreement_active_for(partner: Partner, *, on: dt.date, field: str | None = None) -> Agreement | None:
    """The agreement under which `partner` may run an activity on `on` (in `field`, when given), or None.
    None also when the partner is marked inactive."""
    if not partner.active:
        return None
    qs = Agreement.objects.filter(partner_id=partner.id, start__lte=on, end__gte=on)
    if field:
        qs = qs.filter(field_codes__contains=f",{field},")
    return qs.order_by(F("end").desc(), "-id").first()


def agreement_is_active(partner: Partner, *, on: dt.date, field: str | None = None) -> bool:
    """True when `partner` has an agreement in force on `on` — an expired agreement blocks new activities."""
    return agreement_active_for(partner, on=on, field=field) is not None
