"""Outside lists (prison admissions, court decisions), their records, and the match candidates that the
linkage engine proposes against Bapas clients for the PK to confirm or reject."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListKind(models.TextChoices):
    PRISON_ADMISSION = "prison_admission", _("Daftar penerimaan Lapas/Rutan")
    COURT_DECISION = "court_decision", _("Daftar putusan pengadilan")


class OutsideList(models.Model):
    """One imported file. `bapas` empty = a national list (linked against every Bapas)."""

    kind = models.CharField(_("jenis daftar"), max_length=20, choices=ListKind.choices)
    bapas = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="outside_lists"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    linked_at = models.DateTimeField(null=True, blank=True)  # last linkage run

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class OutsideRecord(models.Model):
    """A person of an outside list: the original row(s) as read, and the normalised fields.

    Several rows sharing the same `id` in the file are one person with aliases (the link contract)."""

    outside_list = models.ForeignKey(OutsideList, on_delete=models.CASCADE, related_name="records")
    row = models.PositiveIntegerField()  # spreadsheet row number of the first row (header = 1)
    raw = models.JSONField(default=list)  # the original rows: [{column: text}, …]
    source_id = models.CharField(max_length=60)
    nik = models.CharField(max_length=16, blank=True)
    name = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    birth_place = models.CharField(max_length=120, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    mother_name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    institution = models.CharField(max_length=200, blank=True)
    event_date = models.DateField(null=True, blank=True)  # admission or decision date
    case_number = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["outside_list", "row"]

    def __str__(self) -> str:
        return self.name


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Menunggu pemeriksaan")
    CONFIRMED = "confirmed", _("Dikonfirmasi")
    REJECTED = "rejected", _("Ditolak")


class MatchCandidate(models.Model):
    """A likely match of a client (person, through their case) with an outside record.

    One row per (person, record) ever: a rejected pair stays and is never proposed again."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="match_candidates")
    person = models.ForeignKey("clients.Person", on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(OutsideRecord, on_delete=models.CASCADE, related_name="candidates")
    probability = models.FloatField()
    levels = models.JSONField(default=dict, blank=True)  # comparison → level label (engine)
    weights = models.JSONField(default=dict, blank=True)  # comparison → match weight (bits)
    status = models.CharField(
        max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PROPOSED
    )
    note = models.TextField(_("catatan"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "record"], name="matchcandidate_person_record")
        ]
        indexes = [models.Index(fields=["status", "case"], name="matchcandidate_status_case")]

    def __str__(self) -> str:
        return f"{self.case_id}↔{self.record_id} ({self.probability:.2f})"
