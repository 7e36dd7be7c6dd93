"""Demo activities of Bapas Yogyakarta: partner and Bapas sessions over the past months with enrolled
clients and their attendance, and a few upcoming ones. Called by bimkemas.core.demo_data after the
partners and contacts demo rows (it needs the partners' agreements and the PKs' caseloads)."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from bimkemas.activities.services import ActivityData, activity_create, attendance_record, enrol
from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.org.models import Unit, User
from bimkemas.partners.models import Partner
from bimkemas.partners.selectors import agreement_active_for

# (topic, field, place pattern, sessions)
TOPICS = [
    ("Pelatihan budidaya lele", "kemandirian", "Kolam {partner}", 4),
    ("Kajian keagamaan dan pembinaan akhlak", "kepribadian", "{partner}", 1),
    ("Penyuluhan hukum: hak dan kewajiban klien", "hukum", "Kantor {partner}", 1),
    ("Konseling kelompok pencegahan kekambuhan", "konseling", "{partner}", 1),
    ("Kerja bakti dan pengenalan lingkungan", "kemasyarakatan", "Balai Kelurahan Sinduadi", 1),
    ("Pelatihan las dasar", "kemandirian", "Bengkel {partner}", 2),
    ("Bimbingan kepribadian di kantor Bapas", "kepribadian", "Aula Bapas Kelas I Yogyakarta", 1),
]
PKS = ["pk1", "pk2", "pk3", "pk4"]


def _partner_for(rng: random.Random, partners: list[Partner], field: str, day: dt.date) -> Partner | None:
    """A partner working in `field` with an agreement in force on `day`; the one with a portal login
    (pokmas1) more often than the others, so that the partner demo has something to show."""
    eligible = [p for p in partners if field in p.fields and agreement_active_for(p, on=day)]
    with_login = [p for p in eligible if p.members.exists()]
    if with_login and rng.random() < 0.7:
        return with_login[0]
    return rng.choice(eligible) if eligible else None


def populate(*, rng: random.Random, today: dt.date) -> dict:
    """Create ~10 activities (some series) with enrolment and attendance; returns the counts created."""
    unit = Unit.objects.get(code="BPS-YK")
    tz = ZoneInfo(unit.timezone or "Asia/Jakarta")
    pks = list(User.objects.filter(username__in=PKS, unit=unit).order_by("username"))
    partners = list(Partner.objects.filter(bapas=unit, active=True).order_by("name"))
    counts = {"activities": 0, "enrolments": 0, "attendances": 0}
    if not pks:
        return counts
    plan = [(-150 + 14 * i, TOPICS[i % len(TOPICS)]) for i in range(10)] + [(7, TOPICS[2]), (12, TOPICS[1])]
    for offset, (topic, field, place, sessions) in plan:
        day = today + dt.timedelta(days=offset)
        pk = pks[rng.randrange(len(pks))]
        partner = _partner_for(rng, partners, field, day) if "Bapas" not in place else None
        starts_at = dt.datetime.combine(day, dt.time(rng.choice([8, 9, 13])), tzinfo=tz)
        data = ActivityData(
            field=field, topic=topic, place=place.format(partner=partner.name if partner else unit.name),
            starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2), capacity=rng.choice([10, 15, 20]),
            partner=partner, sessions=sessions if offset < -30 else 1,
            materials="Modul bimbingan Bapas; daftar hadir; lembar evaluasi peserta.",
        )  # fmt: skip
        try:
            activities = activity_create(actor=pk, data=data)
        except ValidationError:
            continue
        cases = list(
            Case.objects.filter(officer=pk, status__in=ACTIVE_STATUSES, period_start__lte=day).order_by("id")
        )
        chosen = rng.sample(cases, min(len(cases), rng.randint(3, 6)))
        for activity in activities:
            counts["activities"] += 1
            if not chosen:
                continue
            enrolments = enrol(actor=pk, activity=activity, cases=chosen)
            counts["enrolments"] += len(enrolments)
            if activity.ends_at.date() >= today:
                continue
            recorder = pk
            if activity.partner_id:
                member = activity.partner.members.select_related("user").first()
                recorder = member.user if member else pk
            marks = {e.id: rng.random() < 0.8 for e in enrolments}
            try:
                rows = attendance_record(
                    actor=recorder,
                    activity=activity,
                    marks=marks,
                    now=activity.ends_at + dt.timedelta(hours=1),
                )
            except ValidationError:
                continue
            counts["attendances"] += len(rows)
    return counts
