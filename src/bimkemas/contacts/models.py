"""Reporting obligations (wajib lapor), every contact with a client, follow-up tasks and check-ins.

One vocabulary for compliance: an obligation is a window [window_start, due] in which the client must
report (any channel, or in person); it ends met (on time), met late (within the rule's grace days after
`due`), missed, excused (with a reason) or cancelled (the case ended). `compliance.py` counts them — the
same definition for a client, a PK, a Bapas and a month.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Requirement(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("Kontak pertama")
    REPORT = "report", _("Wajib lapor")
    IN_PERSON = "in_person", _("Lapor tatap muka")


class Interval(models.TextChoices):
    WEEK = "week", _("minggu")
    MONTH = "month", _("bulan")


class ReportingRule(models.Model):
    """How often clients of a programme (and phase) must report. National rows have no Bapas; a Bapas row
    overrides the national one. A change closes the old row (valid_until) and opens a new one: history."""

    bapas = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="reporting_rules"
    )
    programme = models.CharField(
        _("program"), max_length=5, blank=True, help_text=_("Kosong = semua program.")
    )
    phase = models.CharField(_("tahap"), max_length=12, blank=True, help_text=_("Kosong = semua tahap."))
    requirement = models.CharField(_("jenis kewajiban"), max_length=15, choices=Requirement.choices)
    every = models.PositiveSmallIntegerField(_("setiap"), default=1)
    interval = models.CharField(_("satuan"), max_length=5, choices=Interval.choices)
    grace_days = models.PositiveSmallIntegerField(_("toleransi keterlambatan (hari)"), default=3)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    reason = models.CharField(_("alasan perubahan"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "phase", "requirement", "-valid_from"]

    def __str__(self):
        return f"{self.programme or '*'}/{self.phase or '*'} {self.requirement} {self.every}/{self.interval}"


class ScheduleOverride(models.Model):
    """A PK's adjustment of one client's schedule for one requirement, with the reason."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="schedule_overrides")
    requirement = models.CharField(_("jenis kewajiban"), max_length=15, choices=Requirement.choices)
    every = models.PositiveSmallIntegerField(_("setiap"), default=1)
    interval = models.CharField(_("satuan"), max_length=5, choices=Interval.choices)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    reason = models.CharField(_("alasan"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("Belum dipenuhi")
    MET = "met", _("Tepat waktu")
    MET_LATE = "met_late", _("Terlambat")
    MISSED = "missed", _("Tidak lapor")
    EXCUSED = "excused", _("Dimaafkan")
    CANCELLED = "cancelled", _("Dibatalkan")


class Obligation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="obligations")
    requirement = models.CharField(max_length=15, choices=Requirement.choices)
    window_start = models.DateField()
    due = models.DateField()  # last day to report on time (inclusive)
    grace_days = models.PositiveSmallIntegerField(default=3)
    status = models.CharField(max_length=10, choices=ObligationStatus.choices, default=ObligationStatus.OPEN)
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    excuse_reason = models.CharField(max_length=300, blank=True)
    excused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due", "requirement"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "requirement", "window_start"], name="obligation_unique_window"
            )
        ]
        indexes = [
            models.Index(fields=["status", "due"], name="obligation_status_due"),
            models.Index(fields=["case", "due"], name="obligation_case_due"),
        ]

    def __str__(self):
        return f"{self.requirement} {self.window_start}–{self.due} ({self.status})"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Tatap muka")
    TELECONFERENCE = "teleconference", _("Telekonferensi")
    APP = "app", _("Aplikasi")


class Kind(models.TextChoices):
    SELF_CHECKIN = "self_checkin", _("Lapor mandiri (aplikasi)")
    OFFICE_REPORT = "office_report", _("Lapor di kantor")
    PHONE_CALL = "phone_call", _("Telepon")
    VIDEO_CALL = "video_call", _("Panggilan video")
    CHAT = "chat", _("Pesan WhatsApp")
    HOME_VISIT = "home_visit", _("Kunjungan rumah")
    MOBILE_COUNSELLING = "mobile_counselling", _("Bimbingan keliling")
    EMPLOYER_CONTACT = "employer_contact", _("Kontak dengan pemberi kerja")
    ACTIVITY_ATTENDANCE = "activity_attendance", _("Kehadiran kegiatan")


KIND_CHANNEL = {
    Kind.SELF_CHECKIN: Channel.APP,
    Kind.OFFICE_REPORT: Channel.IN_PERSON,
    Kind.PHONE_CALL: Channel.TELECONFERENCE,
    Kind.VIDEO_CALL: Channel.TELECONFERENCE,
    Kind.CHAT: Channel.TELECONFERENCE,
    Kind.HOME_VISIT: Channel.IN_PERSON,
    Kind.MOBILE_COUNSELLING: Channel.IN_PERSON,
    Kind.EMPLOYER_CONTACT: Channel.TELECONFERENCE,
    Kind.ACTIVITY_ATTENDANCE: Channel.IN_PERSON,
}
# Which kinds can satisfy which requirement when the outcome is "reported". A talk with the employer is
# recorded but is not the client reporting.
SATISFIES = {
    Requirement.FIRST_CONTACT: set(Kind) - {Kind.EMPLOYER_CONTACT},
    Requirement.REPORT: set(Kind) - {Kind.EMPLOYER_CONTACT},
    Requirement.IN_PERSON: {Kind.OFFICE_REPORT, Kind.HOME_VISIT, Kind.MOBILE_COUNSELLING},
}


class Outcome(models.TextChoices):
    REPORTED = "reported", _("Melapor / terhubung")
    NOT_REACHED = "not_reached", _("Tidak terhubung")
    PHONE_UNREACHABLE = "phone_unreachable", _("Nomor tidak aktif")
    CLIENT_ABSENT = "client_absent", _("Klien tidak di tempat")
    MOVED = "moved", _("Klien pindah alamat tanpa memberi tahu")
    REFUSED = "refused", _("Klien menolak")


class Contact(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="contacts")
    bapas = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")  # for reports
    kind = models.CharField(_("jenis kontak"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("saluran"), max_length=15, choices=Channel.choices)
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices, default=Outcome.REPORTED)
    occurred_at = models.DateTimeField(_("waktu kontak"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty: the client (self check-in)
    counts_as_report = models.BooleanField(_("memenuhi wajib lapor"), default=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    address_changed = models.BooleanField(_("alamat berubah"), default=False)
    new_address = models.CharField(_("alamat baru"), max_length=250, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["case", "occurred_at"], name="contact_case_at"),
            models.Index(fields=["bapas", "occurred_at"], name="contact_bapas_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d} ({self.outcome})"


class TaskKind(models.TextChoices):
    CALL = "call", _("Telepon klien")
    HOME_VISIT = "home_visit", _("Kunjungan rumah")
    REVIEW = "review", _("Tindak lanjut Kasi")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class FollowUpTask(models.Model):
    """What a missed obligation turns into: call, then home visit; escalated to the Kasi if left open."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="followups")
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    kind = models.CharField(max_length=12, choices=TaskKind.choices)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="followups"
    )
    escalated = models.BooleanField(default=False)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_from = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField()
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["assigned_to", "status"], name="followup_assignee_status")]


class CheckInStatus(models.TextChoices):
    OPENED = "opened", _("Dibuka")
    RECEIVED = "received", _("Diterima server, sedang diproses")
    REFUSED = "refused", _("Tidak dapat diterima")
    SUBMITTED = "submitted", _("Terkirim, menunggu PK")
    ACCEPTED = "accepted", _("Diterima PK")
    MORE = "more", _("PK meminta keterangan tambahan")
    FLAGGED = "flagged", _("Ditandai PK")


REVIEWED = {CheckInStatus.ACCEPTED, CheckInStatus.MORE, CheckInStatus.FLAGGED}


class CheckIn(models.Model):
    """A client's self check-in: opened → submitted → reviewed by the PK. Submitted answers never change.

    The portal API stores a sent check-in in one statement as `received` (the row is the inbox); the
    `checkins_process` job then judges it as a submission made at `received_at` — `submitted` (with
    its contact and the obligation met) or `refused` with the reason in `review_note`.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="checkins")
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.UUIDField(default=uuid.uuid4, unique=True)  # idempotency key, made on the device
    status = models.CharField(max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.OPENED)
    opened_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)  # set when opened or processed
    client_time = models.DateTimeField(null=True, blank=True)  # when the client pressed send (device clock)
    received_at = models.DateTimeField(null=True, blank=True)  # when the server got it
    answers = models.JSONField(default=dict, blank=True)
    photo = models.FileField(upload_to="checkins/%Y/%m/", blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    contact = models.OneToOneField(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="checkin"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["case", "status"], name="checkin_case_status"),
            models.Index(fields=["received_at"], name="checkin_inbox", condition=models.Q(status="received")),
        ]
