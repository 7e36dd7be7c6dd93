"""Operations on activities: create (with the partner's agreement checked), change, cancel, enrol clients,
record attendance, let a partner see the enrolled children's names (identity grant), and invite the
clients near mobile-counselling sites. Attendance becomes a contact of kind `activity_attendance`:
present → reported (counts as wajib lapor), absent → client_absent (does not count)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bimkemas.activities.models import Activity, Attendance, Enrolment, IdentityGrant, Mode
from bimkemas.audit.services import audit_record, diff, snapshot
from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.selectors import case_scope
from bimkemas.contacts.models import Kind, Outcome
from bimkemas.contacts.services import ContactData, _contact_create
from bimkemas.notify.services import message_queue, message_withdraw
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
    batch_key: str = ""  # activities created together (mobile counselling)


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


def _agreement_for(partner: Partner, starts_at: dt.datetime, field_code: str):
    """The agreement a partner's session on `starts_at` runs under (one of its field if any); ValidationError
    naming the partner when none is in force that day."""
    day = timezone.localdate(starts_at)
    agreement = agreement_active_for(partner, on=day, field=field_code) or agreement_active_for(
        partner, on=day
    )
    if agreement is None:
        raise ValidationError(
            {
                "partner": _(
                    "%(partner)s tidak memiliki perjanjian kerja sama yang berlaku pada %(day)s: "
                    "kegiatan mitra memerlukan PKS/MoU yang masih berlaku."
                )
                % {"partner": partner.name, "day": day.strftime("%d-%m-%Y")}
            }
        )
    return agreement


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
        agreement = _agreement_for(data.partner, starts_at, data.field) if data.partner is not None else None
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
            batch_key=data.batch_key,
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


# --- change and cancel -------------------------------------------------------------------------------

UPDATE_FIELDS = ["field", "topic", "place", "village_id", "starts_at", "ends_at", "mode", "capacity",
                 "materials", "agreement_id"]  # fmt: skip
# A change of these is told to the enrolled clients.
NOTIFIED_FIELDS = {"starts_at", "ends_at", "place", "mode"}
CANCEL_ONE, CANCEL_FUTURE = "one", "future"
REASON_MAX = 300


def may_manage(actor: User, activity: Activity) -> bool:
    """Who may change or cancel an activity: the staff of its Bapas who may create activities, and the
    partner's own users for the partner's activities (the same people who record attendance)."""
    return may_record_attendance(actor, activity)


def message_channel() -> str:
    """The channel of the messages to clients about activities (settings.ACTIVITIES_REMINDER_CHANNEL)."""
    return getattr(settings, "ACTIVITIES_REMINDER_CHANNEL", "sms")


def _local(activity: Activity, when: dt.datetime) -> dt.datetime:
    return when.astimezone(ZoneInfo(activity.bapas.timezone or "Asia/Jakarta"))


def _first_phone(case: Case) -> str:
    phones = sorted(case.person.phones.all(), key=lambda p: p.id)
    return phones[0].number if phones else ""


def _enrolled_active(activities: list[Activity]) -> list[Enrolment]:
    """Enrolments of active cases in `activities`, with the person's phones at hand."""
    return list(
        Enrolment.objects.filter(activity__in=activities, case__status__in=ACTIVE_STATUSES)
        .select_related("activity", "activity__bapas", "case", "case__person", "case__bapas")
        .prefetch_related("case__person__phones")
        .order_by("activity__starts_at", "id")
    )


def _tell(
    *,
    template: str,
    activity: Activity,
    case: Case,
    key: str,
    now: dt.datetime,
    text: str = "",
    topic: str = "",
) -> bool:
    """Queue one message about `activity` to the client of `case` (False when the client has no phone)."""
    phone = _first_phone(case)
    if not phone:
        return False
    starts = _local(activity, activity.starts_at)
    context = {"name": case.person.name, "activity": topic or activity.topic, "date": starts.date(),
               "time": starts.strftime("%H.%M"), "place": activity.place, "text": text}  # fmt: skip
    message_queue(channel=message_channel(), to=phone, template=template, context=context, dedupe_key=key,
                  case=case, now=now)  # fmt: skip
    return True


@transaction.atomic
def activity_update(
    *, actor: User, activity: Activity, data: ActivityData, now: dt.datetime | None = None
) -> Activity:
    """Change one session (the organiser stays; `data.partner` and `data.sessions` are ignored). The same rules
    as at creation, and: the capacity not below the clients enrolled; the date and time fixed once attendance
    is recorded; a partner's session needs an agreement in force on its (new) date. A change of date, time,
    place or mode is told to the enrolled clients by SMS; the change is audited."""
    now = now or timezone.now()
    if not may_manage(actor, activity):
        raise PermissionDenied
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("bapas", "partner")
        .get(id=activity.id)
    )
    if activity.cancelled:
        raise ValidationError(_("Kegiatan ini dibatalkan: tidak dapat diubah."))
    data.partner, data.sessions = activity.partner, 1
    errors = _validate(data, activity.bapas_id)
    enrolled = activity.enrolments.count()
    if "capacity" not in errors and data.capacity < enrolled:
        errors["capacity"] = _(
            "Kapasitas tidak boleh kurang dari jumlah peserta yang sudah terdaftar (%(n)s)."
        ) % {"n": enrolled}
    moved = data.starts_at != activity.starts_at or data.ends_at != activity.ends_at
    if moved and Attendance.objects.filter(enrolment__activity_id=activity.id).exists():
        errors["date"] = _("Kehadiran sudah dicatat: tanggal dan jam kegiatan tidak dapat diubah lagi.")
    if errors:
        raise ValidationError(errors)
    agreement_id = activity.agreement_id
    if activity.partner is not None:
        agreement_id = _agreement_for(activity.partner, data.starts_at, data.field).id
    before = snapshot(activity, UPDATE_FIELDS)
    activity.field, activity.topic, activity.place = data.field, data.topic.strip(), data.place.strip()
    activity.village_id = data.village_id or activity.village_id
    activity.starts_at, activity.ends_at = data.starts_at.astimezone(dt.UTC), data.ends_at.astimezone(dt.UTC)
    activity.mode = data.mode
    activity.capacity, activity.materials, activity.agreement_id = (
        data.capacity,
        data.materials.strip(),
        agreement_id,
    )
    activity.save()
    changes = diff(before, snapshot(activity, UPDATE_FIELDS))
    if not changes:
        return activity
    entry = audit_record(
        actor=actor, action="update", obj=activity, changes=changes, context="activity_update"
    )
    if "starts_at" in changes:
        _reminders_withdraw(activity, cancelled=False, now=now)
    if NOTIFIED_FIELDS & changes.keys() and activity.starts_at > now:
        for e in _enrolled_active([activity]):
            _tell(template="activity_changed", activity=activity, case=e.case, now=now,
                  key=f"activity:{activity.id}:changed:{entry.id}:case:{e.case_id}")  # fmt: skip
    return activity


def _reminders_withdraw(activity: Activity, *, cancelled: bool, now: dt.datetime) -> None:
    """Day-before reminders of this session not sent yet (e.g. held for the quiet hours) no longer hold."""
    with translation.override("id"):  # the message log is kept in Indonesian
        text = _("Kegiatan dibatalkan.") if cancelled else _("Jadwal kegiatan diubah.")
    message_withdraw(
        template="activity_reminder", dedupe_key_prefix=f"activity:{activity.id}:case:", reason=text, now=now
    )


@transaction.atomic
def activity_cancel(
    *, actor: User, activity: Activity, reason: str, scope: str = CANCEL_ONE, now: dt.datetime | None = None
) -> list[Activity]:
    """Cancel a session, or (scope "future") it and the later sessions of its series. A reason is required;
    a session whose attendance is recorded cannot be cancelled. Each enrolled client is told once (one SMS
    for all the sessions cancelled, naming the first), sessions already begun are not told. Audited."""
    now = now or timezone.now()
    if not may_manage(actor, activity):
        raise PermissionDenied
    reason = " ".join((reason or "").split())
    errors = {}
    if not reason:
        errors["reason"] = _("Alasan pembatalan wajib diisi.")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("Alasan pembatalan paling panjang %(n)s karakter.") % {"n": REASON_MAX}
    if scope not in (CANCEL_ONE, CANCEL_FUTURE):
        errors["scope"] = _("Pilih pertemuan yang dibatalkan.")
    if errors:
        raise ValidationError(errors)
    activity = Activity.objects.select_for_update().select_related("bapas").get(id=activity.id)
    if activity.cancelled:
        raise ValidationError(_("Kegiatan ini sudah dibatalkan."))
    sessions = [activity]
    if scope == CANCEL_FUTURE and activity.series_key:
        sessions = list(
            Activity.objects.select_for_update()
            .select_related("bapas")
            .filter(
                bapas_id=activity.bapas_id,
                series_key=activity.series_key,
                cancelled=False,
                starts_at__gte=activity.starts_at,
            )  # fmt: skip
            .order_by("starts_at", "id")
        )
    held = (
        Attendance.objects.filter(enrolment__activity__in=sessions)
        .order_by("enrolment__activity__starts_at")
        .values_list("enrolment__activity__starts_at", flat=True)
        .first()
    )
    if held is not None:
        raise ValidationError(
            _(
                "Kehadiran pertemuan %(day)s sudah dicatat: pertemuan yang sudah berlangsung tidak dapat dibatalkan."
            )
            % {"day": _local(activity, held).strftime("%d-%m-%Y")}
        )
    for session in sessions:
        session.cancelled, session.cancel_reason = True, reason
        session.cancelled_at, session.cancelled_by = now, actor
        session.save(update_fields=["cancelled", "cancel_reason", "cancelled_at", "cancelled_by"])
        _reminders_withdraw(session, cancelled=True, now=now)
        audit_record(actor=actor, action="update", obj=session, context="activity_cancel",
                     changes={"cancelled": [False, True], "cancel_reason": ["", reason]})  # fmt: skip
    told: set[int] = set()
    for e in _enrolled_active([s for s in sessions if s.starts_at > now]):
        if e.case_id in told:
            continue
        told.add(e.case_id)
        _tell(template="activity_cancelled", activity=e.activity, case=e.case, now=now, text=reason[:80],
              key=f"activity:{e.activity_id}:cancelled:case:{e.case_id}")  # fmt: skip
    return sessions


# --- a child's identity for one partner activity -----------------------------------------------------


def may_grant_identity(actor: User, activity: Activity) -> bool:
    """A lead (Kasi, Kasubsi, Kepala) of the activity's Bapas."""
    return bool(
        actor.is_authenticated
        and actor.is_active
        and actor.bapas
        and actor.is_bapas_lead
        and actor.unit_id == activity.bapas_id
    )


@transaction.atomic
def identity_grant(
    *, actor: User, activity: Activity, reason: str, now: dt.datetime | None = None
) -> IdentityGrant:
    """Let the partner running `activity` see the enrolled children's names, for this activity only."""
    if not may_grant_identity(actor, activity):
        raise PermissionDenied
    activity = Activity.objects.select_for_update().get(id=activity.id)
    reason = " ".join((reason or "").split())
    if not activity.partner_id:
        raise ValidationError(
            _("Kegiatan ini diselenggarakan Bapas sendiri: tidak ada mitra yang perlu izin.")
        )
    if not reason:
        raise ValidationError({"reason": _("Alasan membuka identitas anak wajib diisi.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Alasan paling panjang %(n)s karakter.") % {"n": REASON_MAX}})
    if IdentityGrant.objects.filter(activity_id=activity.id, revoked_at__isnull=True).exists():
        raise ValidationError(_("Identitas anak untuk kegiatan ini sudah dibuka bagi mitra."))
    grant = IdentityGrant.objects.create(
        activity=activity, reason=reason, granted_by=actor, granted_at=now or timezone.now()
    )
    audit_record(actor=actor, action="create", obj=grant, context="activity_identity_grant",
                 changes={"activity": [None, activity.id], "partner": [None, activity.partner_id],
                          "reason": [None, reason]})  # fmt: skip
    return grant


@transaction.atomic
def identity_revoke(*, actor: User, activity: Activity, now: dt.datetime | None = None) -> IdentityGrant:
    """End the grant in force: the partner sees the children masked again."""
    if not may_grant_identity(actor, activity):
        raise PermissionDenied
    grant = (
        IdentityGrant.objects.select_for_update()
        .filter(activity_id=activity.id, revoked_at__isnull=True)
        .first()
    )
    if grant is None:
        raise ValidationError(_("Tidak ada izin identitas anak yang berlaku untuk kegiatan ini."))
    grant.revoked_at, grant.revoked_by = now or timezone.now(), actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=actor, action="update", obj=grant, context="activity_identity_revoke",
                 changes={"revoked_at": [None, grant.revoked_at.isoformat()]})  # fmt: skip
    return grant


# --- mobile counselling (bimbingan keliling): invite the clients near each proposed site ----------------

MOBILE_MAX_EVERY_DAYS = 60


@dataclass
class MobileRoundsData:
    sites: list[str]  # village codes of the proposed sites
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    field_code: str = Field.KONSELING
    topic: str = "Bimbingan keliling"
    rounds: int = 1  # > 1: a series, one session every `every_days`
    every_days: int = 14
    places: dict[str, str] = field(default_factory=dict)  # site code → place (default: the village hall)


@dataclass
class SiteInvitation:
    activity: Activity  # the first session
    sessions: int
    invited: int
    without_phone: int


def default_place(region) -> str:
    if region.kind == "kelurahan":
        return _("Balai Kelurahan %(name)s") % {"name": region.name}
    return _("Balai Desa %(name)s") % {"name": region.name}


def _mobile_validate(actor: User, data: MobileRoundsData) -> tuple[dict[str, str], dict]:
    from bimkemas.partners.selectors_sites import MAX_SITES
    from bimkemas.regions.models import Region

    errors: dict[str, str] = {}
    codes = list(dict.fromkeys(c for c in data.sites if c))
    regions = {r.code: r for r in Region.objects.filter(code__in=codes, level=Region.Level.VILLAGE,
                                                           lat__isnull=False)}  # fmt: skip
    if not codes or len(codes) > MAX_SITES or len(regions) != len(codes):
        errors["sites"] = _("Lokasi tidak dikenal. Buat usulan lokasi lagi.")
    today = dt.datetime.now(ZoneInfo(actor.bapas.timezone or "Asia/Jakarta")).date()
    if data.date < today:
        errors["date"] = _("Tanggal bimbingan keliling tidak boleh sebelum hari ini.")
    if data.end_time <= data.start_time:
        errors["end_time"] = _("Jam selesai harus setelah jam mulai.")
    if data.field_code not in Field.values:
        errors["field_code"] = _("Pilih bidang kegiatan.")
    if not data.topic.strip():
        errors["topic"] = _("Topik kegiatan wajib diisi.")
    if not 1 <= data.rounds <= MAX_SERIES:
        errors["rounds"] = _("Jumlah putaran antara 1 dan %(n)s.") % {"n": MAX_SERIES}
    if not 1 <= data.every_days <= MOBILE_MAX_EVERY_DAYS:
        errors["every_days"] = _("Jarak antarputaran antara 1 dan %(n)s hari.") % {"n": MOBILE_MAX_EVERY_DAYS}
    for code, place in data.places.items():
        if len(place.strip()) > 250:
            errors[f"place_{code}"] = _("Tempat paling panjang 250 karakter.")
    return errors, regions


@transaction.atomic
def mobile_counselling_invite(
    *, actor: User, data: MobileRoundsData, now: dt.datetime | None = None
) -> tuple[str, list[SiteInvitation]]:
    """For each proposed site with clients: a Bapas-organised in-person activity (a series when rounds > 1)
    at the site's village, the active clients of the actor's Bapas whose nearest site it is enrolled in
    every session, and each of them with a phone invited by SMS (once per client per activity). One
    transaction: all of it or nothing; the messages are delivered after the commit. Returns the batch key
    (the confirmation page) and a row per site that got an activity, most clients first."""
    from bimkemas.partners.selectors_sites import clients_by_site

    now = now or timezone.now()
    if not (actor.is_authenticated and actor.is_active and actor.bapas and actor.is_bapas_lead):
        raise PermissionDenied
    errors, regions = _mobile_validate(actor, data)
    if errors:
        raise ValidationError(errors)
    codes = list(dict.fromkeys(data.sites))
    zone = ZoneInfo(actor.bapas.timezone or "Asia/Jakarta")
    starts_at = dt.datetime.combine(data.date, data.start_time, tzinfo=zone)
    ends_at = dt.datetime.combine(data.date, data.end_time, tzinfo=zone)
    clash = (
        Activity.objects.filter(
            bapas_id=actor.unit_id, village_id__in=codes, starts_at=starts_at, cancelled=False
        )
        .select_related("village")
        .first()
    )
    if clash is not None:
        raise ValidationError({"date": _(
            "Sudah ada kegiatan di %(place)s pada waktu ini (%(topic)s): klien di sekitarnya sudah diundang."
        ) % {"place": clash.village.name, "topic": clash.topic}})  # fmt: skip
    by_site = clients_by_site(actor=actor, sites=codes)
    batch = uuid.uuid4().hex
    rows = []
    for code in codes:
        cases = by_site.get(code, [])
        if not cases:
            continue
        place = (data.places.get(code) or "").strip() or default_place(regions[code])
        sessions = activity_create(actor=actor, data=ActivityData(
            field=data.field_code, topic=data.topic.strip(), place=place, starts_at=starts_at, ends_at=ends_at,
            capacity=len(cases), mode=Mode.IN_PERSON, village_id=code, sessions=data.rounds,
            series_every_days=data.every_days, batch_key=batch,
        ))  # fmt: skip
        Enrolment.objects.bulk_create(
            [Enrolment(activity=s, case=c, enrolled_by=actor) for s in sessions for c in cases]
        )
        for s in sessions:
            audit_record(actor=actor, action="create", obj=s, context="mobile_counselling_enrol",
                         changes={"enrolled": [None, [c.id for c in cases]]})  # fmt: skip
        first = sessions[0]
        topic = first.topic
        if data.rounds > 1:
            with translation.override("id"):
                topic = _("%(topic)s (%(n)s kali, tiap %(days)s hari)") % {
                    "topic": first.topic, "n": data.rounds, "days": data.every_days}  # fmt: skip
        sent = 0
        for case in cases:
            sent += _tell(template="activity_invitation", activity=first, case=case, now=now, topic=topic,
                          key=f"activity:{first.id}:case:{case.id}:invite")  # fmt: skip
        rows.append(SiteInvitation(first, len(sessions), len(cases), len(cases) - sent))
    if not rows:
        raise ValidationError({"sites": _("Tidak ada klien aktif yang paling dekat ke lokasi mana pun.")})
    rows.sort(key=lambda r: -r.invited)
    return batch, rows
