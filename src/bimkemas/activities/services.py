"""Operations on activities: create (with the partner's agreement checked), enrol clients, record
attendance. Attendance becomes a contact of kind `activity_attendance`: present → reported (counts as
wajib lapor), absent → client_absent (does not count)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.activities.models import Activity, Attendance, Enrolment, Mode
from bimkemas.audit.services import audit_record
from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.selectors import case_scope
from bimkemas.contacts.models import Kind, Outcome
from bimkemas.contacts.services import ContactData, _contact_create
from bimkemas.org.models import User
from bimkemas.partners.models import Field, Partner
from bimkemas.partners.selectors import agreement_active_for, partner_for_member

MAX_SERIES = 26


def is_bapas_staff_of(actor: User, bapas_id: int) -> bool:
    """PK/APK or a lead of the given Bapas."""
    return bool(
        actor.is_authenticated
        and actor.is_active
        and actor.bapas
        and actor.unit_id == bapas_id
        and (actor.is_supervisor or actor.is_bapas_lead)
    )


def may_record_attendance(actor: User, activity: Activity) -> bool:
    """The organiser: the partner's own users for a partner's activity, or the staff of its Bapas."""
    if is_bapas_staff_of(actor, activity.bapas_id):
        return True
    partner = partner_for_member(actor)
    return partner is not None and activity.partner_id == partner.id


@dataclass
class ActivityData:
    field: str
    topic: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    mode: str = Mode.IN_PERSON
    partner: Partner | None = None
    village_id: str | None = None
    materials: str = ""
    sessions: int = 1  # > 1: a weekly series
    series_every_days: int = 7


def _validate(data: ActivityData, bapas_id: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.field not in Field.values:
        errors["field"] = _("Pilih bidang kegiatan.")
    if not data.topic.strip():
        errors["topic"] = _("Topik kegiatan wajib diisi.")
    if not data.place.strip():
        errors["place"] = _("Tempat kegiatan wajib diisi.")
    if data.mode not in Mode.values:
        errors["mode"] = _("Pilih bentuk kegiatan.")
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = _("Waktu selesai harus setelah waktu mulai.")
    if data.capacity < 1:
        errors["capacity"] = _("Kapasitas minimal 1 peserta.")
    if not 1 <= data.sessions <= MAX_SERIES:
        errors["sessions"] = _("Jumlah pertemuan antara 1 dan %(n)s.") % {"n": MAX_SERIES}
    if data.partner is not None and data.partner.bapas_id != bapas_id:
        errors["partner"] = _("Mitra ini bukan mitra Bapas Anda.")
    return errors


@transaction.atomic
def activity_create(*, actor: User, data: ActivityData) -> list[Activity]:
    """Create an activity (or a series of weekly sessions) in the actor's Bapas. A partner's activity
    needs an agreement in force on the day of every session."""
    if not (actor.bapas and is_bapas_staff_of(actor, actor.unit_id)):
        raise PermissionDenied
    bapas_id = actor.unit_id
    errors = _validate(data, bapas_id)
    if errors:
        raise ValidationError(errors)
    step = dt.timedelta(days=data.series_every_days)
    series_key = uuid.uuid4().hex if data.sessions > 1 else ""
    activities = []
    for i in range(data.sessions):
        starts_at, ends_at = data.starts_at + i * step, data.ends_at + i * step
        agreement = None
        if data.partner is not None:
            day = timezone.localdate(starts_at)
            agreement = agreement_active_for(data.partner, on=day, field=data.field) or agreement_active_for(
                data.partner, on=day
            )
            if agreement is None:
                raise ValidationError(
                    {
                        "partner": _(
                            "%(partner)s tidak memiliki perjanjian kerja sama yang berlaku pada %(day)s: "
                            "kegiatan mitra memerlukan PKS/MoU yang masih berlaku."
                        )
                        % {"partner": data.partner.name, "day": day.strftime("%d-%m-%Y")}
                    }
                )
        activity = Activity.objects.create(
            bapas_id=bapas_id,
            partner=data.partner,
            agreement=agreement,
            field=data.field,
            topic=data.topic.strip(),
            place=data.place.strip(),
            village_id=data.village_id or None,
            starts_at=starts_at,
            ends_at=ends_at,
            mode=data.mode,
            capacity=data.capacity,
            materials=data.materials.strip(),
            series_key=series_key,
            series_index=i + 1,
            created_by=actor,
        )
        activities.append(activity)
    return activities


@transaction.atomic
def enrol(*, actor: User, activity: Activity, cases: list[Case]) -> list[Enrolment]:
    """Enrol clients of the actor's caseload (a lead: of their Bapas) in an activity of their Bapas."""
    if not is_bapas_staff_of(actor, activity.bapas_id):
        raise PermissionDenied
    activity = Activity.objects.select_for_update().get(id=activity.id)
    if activity.cancelled:
        raise ValidationError(_("Kegiatan ini dibatalkan: tidak dapat menambah peserta."))
    if not cases:
        raise ValidationError({"cases": _("Pilih minimal satu klien.")})
    ids = [c.id for c in cases]
    allowed = set(
        case_scope(actor)
        .filter(id__in=ids, bapas_id=activity.bapas_id, status__in=ACTIVE_STATUSES)
        .values_list("id", flat=True)
    )
    if set(ids) - allowed:
        raise ValidationError({"cases": _("Hanya klien aktif dari caseload Anda yang dapat didaftarkan.")})
    already = set(activity.enrolments.filter(case_id__in=ids).values_list("case__register_number", flat=True))
    if already:
        raise ValidationError(
            {
                "cases": _("Sudah terdaftar di kegiatan ini: %(numbers)s.")
                % {"numbers": ", ".join(sorted(already))}
            }
        )
    taken = activity.enrolments.count()
    if taken + len(set(ids)) > activity.capacity:
        raise ValidationError(
            {
                "cases": _("Kapasitas kegiatan %(capacity)s peserta; sisa tempat %(left)s.")
                % {"capacity": activity.capacity, "left": max(activity.capacity - taken, 0)}
            }
        )
    enrolments = [
        Enrolment.objects.create(activity=activity, case_id=i, enrolled_by=actor) for i in dict.fromkeys(ids)
    ]
    for e in enrolments:
        audit_record(
            actor=actor, action="create", context="activity_enrol", obj=e,
            changes={"activity": activity.id, "case": e.case_id},
        )  # fmt: skip
    return enrolments


@transaction.atomic
def attendance_record(
    *, actor: User, activity: Activity, marks: dict[int, bool], now: dt.datetime | None = None
) -> list[Attendance]:
    """Record presence (True) or absence (False) per enrolment id, once each, and write each as a contact.

    A partner's user is not in the case team, so the contact is written without an actor (the
    Attendance row names the recorder); Bapas staff are written as the contact's recorder."""
    now = now or timezone.now()
    if not may_record_attendance(actor, activity):
        raise PermissionDenied
    if activity.cancelled:
        raise ValidationError(_("Kegiatan ini dibatalkan: kehadiran tidak dapat dicatat."))
    if activity.starts_at > now:
        raise ValidationError(_("Kehadiran baru dapat dicatat setelah kegiatan dimulai."))
    if not marks:
        raise ValidationError(_("Tandai hadir atau tidak hadir untuk minimal satu peserta."))
    enrolments = {
        e.id: e
        for e in Enrolment.objects.select_for_update()
        .select_related("case", "case__person")
        .filter(activity_id=activity.id, id__in=list(marks))
    }
    if set(marks) - set(enrolments):
        raise ValidationError(_("Peserta tidak terdaftar di kegiatan ini."))
    done = set(Attendance.objects.filter(enrolment_id__in=list(marks)).values_list("enrolment_id", flat=True))
    if done:
        raise ValidationError(_("Kehadiran sebagian peserta sudah dicatat sebelumnya; muat ulang halaman."))
    staff = is_bapas_staff_of(actor, activity.bapas_id)
    note = _("Kegiatan: %(topic)s (%(organiser)s)") % {
        "topic": activity.topic,
        "organiser": activity.organiser_name,
    }
    if not staff:
        note += " — " + _("dicatat oleh mitra %(name)s") % {"name": actor.display_name}
    rows = []
    for enrolment_id, present in marks.items():
        enrolment = enrolments[enrolment_id]
        data = ContactData(
            kind=Kind.ACTIVITY_ATTENDANCE,
            outcome=Outcome.REPORTED if present else Outcome.CLIENT_ABSENT,
            occurred_at=activity.starts_at,
            notes=note,
            counts_as_report=bool(present),
        )
        contact = _contact_create(
            actor=actor if staff else None, case=enrolment.case, data=data, now=now, ensure=True
        )
        rows.append(
            Attendance.objects.create(
                enrolment=enrolment, present=bool(present), recorded_by=actor, contact=contact
            )
        )
    return rows
