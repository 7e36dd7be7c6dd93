"""Violations of the general or special conditions, with evidence and where the news came from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolationKind(models.TextChoices):
    NEW_OFFENCE_SUSPECT = "new_offence_suspect", _("Tindak pidana baru (tersangka)")
    NEW_OFFENCE_CONVICTED = "new_offence_convicted", _("Tindak pidana baru (terpidana)")
    PUBLIC_UNREST = "public_unrest", _("Menimbulkan keresahan masyarakat")
    MISSED_REPORTING = "missed_reporting", _("Tidak wajib lapor berturut-turut")
    ADDRESS_CHANGE_UNREPORTED = "address_change_unreported", _("Pindah alamat tanpa memberi tahu Bapas")
    PROGRAMME_NOT_FOLLOWED = "programme_not_followed", _("Tidak mengikuti program bimbingan")
    OTHER = "other", _("Lainnya")


class ViolationSource(models.TextChoices):
    LINKAGE = "linkage", _("Pencocokan data")
    CONTACT = "contact", _("Catatan kontak/wajib lapor")
    POLICE = "police", _("Kepolisian")
    PROSECUTOR = "prosecutor", _("Kejaksaan")
    REPORT = "report", _("Laporan masyarakat")


class Violation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="violations")
    kind = models.CharField(_("jenis pelanggaran"), max_length=30, choices=ViolationKind.choices)
    source = models.CharField(_("sumber"), max_length=12, choices=ViolationSource.choices)
    evidence = models.TextField(_("bukti/keterangan"))
    occurred_on = models.DateField(_("tanggal kejadian"))
    recorded_by = models.ForeignKey(  # empty = detected automatically
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    match_candidate = models.OneToOneField(
        "linkage.MatchCandidate", null=True, blank=True, on_delete=models.PROTECT, related_name="violation"
    )
    dedupe_key = models.CharField(max_length=80, null=True, blank=True, unique=True)  # automatic detection
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["case", "occurred_on"], name="violation_case_occurred")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.case_id})"


class RevocationStatus(models.TextChoices):
    REPORTED = "reported", _("Dilaporkan")
    BAP = "bap", _("BAP dibuat")
    TPP = "tpp", _("Sidang TPP")
    SUSPENDED = "suspended", _("Dihentikan sementara")
    PROPOSED = "proposed", _("Diusulkan")
    DECIDED = "decided", _("Diputuskan")


REVOCATION_STEPS = [s.value for s in RevocationStatus]


class Revocation(models.Model):
    """Pencabutan PB/CB/CMB: report → BAP → TPP → suspension by the Kepala → proposal → decision."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="revocations")
    violations = models.ManyToManyField(Violation, related_name="revocations")
    status = models.CharField(
        max_length=10, choices=RevocationStatus.choices, default=RevocationStatus.REPORTED
    )

    reported_on = models.DateField(_("tanggal laporan"))
    report_note = models.TextField(_("uraian laporan"), blank=True)
    due_date = models.DateField(_("batas standar layanan"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    bap_date = models.DateField(_("tanggal BAP"), null=True, blank=True)
    bap_examiner = models.CharField(_("pemeriksa"), max_length=150, blank=True)
    bap_summary = models.TextField(_("ringkasan BAP"), blank=True)
    bap_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bap_at = models.DateTimeField(null=True, blank=True)

    tpp_date = models.DateField(_("tanggal sidang TPP"), null=True, blank=True)
    tpp_members = models.TextField(_("anggota TPP yang hadir"), blank=True)
    tpp_recommendation = models.TextField(_("rekomendasi TPP"), blank=True)
    tpp_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tpp_at = models.DateTimeField(null=True, blank=True)
    # The agenda item of the Sidang TPP whose final minutes filled this step (empty = recorded by hand).
    tpp_item = models.OneToOneField(
        "tpp.TppItem",
        verbose_name=_("agenda sidang TPP"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revocation",
    )

    suspended_on = models.DateField(_("tanggal penghentian sementara"), null=True, blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    suspended_at = models.DateTimeField(null=True, blank=True)

    proposal_number = models.CharField(_("nomor surat usulan"), max_length=60, blank=True)
    proposed_on = models.DateField(_("tanggal usulan"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)

    decision_number = models.CharField(_("nomor keputusan"), max_length=100, blank=True)
    decision_date = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    decision_granted = models.BooleanField(_("usulan dikabulkan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    # Granted: the days outside (suspension → decision, both counted) are not counted as time served.
    days_not_counted = models.PositiveIntegerField(
        _("hari tidak dihitung masa pidana"), null=True, blank=True
    )
    not_counted_from = models.DateField(null=True, blank=True)
    not_counted_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["case", "status"], name="revocation_case_status")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.case_id})"

    @property
    def is_open(self) -> bool:
        return self.status != RevocationStatus.DECIDED

    @property
    def step_index(self) -> int:
        return REVOCATION_STEPS.index(self.status)


class Limit(models.Model):
    """A number the rules set (how many missed reports make a violation, the service standard of a
    revocation…), with the period it is valid for: the regulations change (3/2018 → 18/2019 → 7/2022 →
    16/2023), and a case is judged by the limit valid on the day in question. A change closes the old
    row and adds a new one."""

    class Code(models.TextChoices):
        MISSED_IN_A_ROW = "missed_in_a_row", _("Tidak lapor berturut-turut (kali) yang menjadi pelanggaran")
        REVOCATION_SERVICE_DAYS = "revocation_service_days", _("Standar layanan pencabutan (hari kerja)")

    code = models.CharField(_("batas"), max_length=40, choices=Code.choices)
    value = models.PositiveIntegerField(_("nilai"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        ordering = ["code", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="limit_code_from")]

    def __str__(self):
        return f"{self.code}={self.value} ({self.valid_from}–{self.valid_until or ''})"
