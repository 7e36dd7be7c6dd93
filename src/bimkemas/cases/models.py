"""A supervision case: programme, SK, period, conditions, guarantor, PK assignment, lifecycle."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.TextChoices):
    PB = "PB", _("Pembebasan Bersyarat (PB)")
    CB = "CB", _("Cuti Bersyarat (CB)")
    CMB = "CMB", _("Cuti Menjelang Bebas (CMB)")
    ASIMILASI = "ASIM", _("Asimilasi")
    ASIMILASI_RUMAH = "ASIMR", _("Asimilasi di rumah")
    CMK = "CMK", _("Cuti Mengunjungi Keluarga (CMK)")
    PIDANA_BERSYARAT = "PBS", _("Pidana bersyarat")
    PIDANA_PENGAWASAN = "PPW", _("Pidana pengawasan")
    DIVERSI = "DIV", _("Diversi")


class ClientGroup(models.TextChoices):
    ADULT = "D", _("Dewasa")
    CHILD = "A", _("Anak")


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    REGISTERED = "registered", _("Terdaftar")
    SUPERVISED = "supervised", _("Dibimbing")
    ENDED = "ended", _("Berakhir")


ACTIVE_STATUSES = (Status.RECEIVED, Status.REGISTERED, Status.SUPERVISED)


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Masa bimbingan selesai")
    DIED = "died", _("Klien meninggal dunia")
    REVOKED = "revoked", _("Dicabut (pelanggaran)")
    TRANSFERRED = "transferred", _("Dipindahkan ke Bapas lain")


class OffenceCategory(models.TextChoices):
    NARKOTIKA = "narkotika", _("Narkotika")
    PENCURIAN = "pencurian", _("Pencurian")
    PENGANIAYAAN = "penganiayaan", _("Penganiayaan")
    PENIPUAN = "penipuan", _("Penipuan/penggelapan")
    PEMBUNUHAN = "pembunuhan", _("Pembunuhan")
    ASUSILA = "asusila", _("Kesusilaan/perlindungan anak")
    KORUPSI = "korupsi", _("Korupsi")
    PERJUDIAN = "perjudian", _("Perjudian")
    LALU_LINTAS = "lalu_lintas", _("Lalu lintas")
    LAINNYA = "lainnya", _("Lainnya")


DEFAULT_GENERAL_CONDITIONS = _(
    "Tidak melakukan pelanggaran hukum; melapor kepada Bapas sesuai jadwal; mengikuti program "
    "bimbingan; tidak meninggalkan wilayah tanpa izin; memberitahukan perubahan alamat."
)


class Case(models.Model):
    person = models.ForeignKey("clients.Person", on_delete=models.PROTECT, related_name="cases")
    bapas = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="cases")
    client_group = models.CharField(_("kelompok klien"), max_length=1, choices=ClientGroup.choices)
    programme = models.CharField(_("program"), max_length=5, choices=Programme.choices)
    register_number = models.CharField(_("nomor register"), max_length=40, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)

    sk_number = models.CharField(_("nomor SK"), max_length=100)
    sk_date = models.DateField(_("tanggal SK"))
    origin_institution = models.CharField(_("asal Lapas/Rutan"), max_length=150, blank=True)
    offence_article = models.CharField(_("pasal"), max_length=150, blank=True)
    offence_category = models.CharField(
        _("kategori tindak pidana"), max_length=20, choices=OffenceCategory.choices, blank=True
    )
    sentence_months = models.PositiveIntegerField(_("lama pidana (bulan)"), null=True, blank=True)
    sentence_days = models.PositiveIntegerField(_("lama pidana (hari tambahan)"), default=0)
    handover_date = models.DateField(_("tanggal serah terima"))
    first_contact_due = models.DateField(_("batas kontak pertama"))
    period_start = models.DateField(_("awal masa bimbingan"))
    period_end = models.DateField(_("akhir masa bimbingan"))
    after_care_end = models.DateField(_("akhir after care"), null=True, blank=True)
    general_conditions = models.TextField(_("syarat umum"), blank=True)
    special_conditions = models.TextField(_("syarat khusus"), blank=True)

    guarantor_name = models.CharField(_("nama penjamin"), max_length=120, blank=True)
    guarantor_relation = models.CharField(_("hubungan dengan klien"), max_length=60, blank=True)
    guarantor_phone = models.CharField(_("telepon penjamin"), max_length=20, blank=True)
    guarantor_address = models.CharField(_("alamat penjamin"), max_length=250, blank=True)

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("PK"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="current_cases",
    )
    restricted = models.BooleanField(_("akses terbatas"), default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_cases"
    )

    end_reason = models.CharField(
        _("alasan pengakhiran"), max_length=12, choices=EndReason.choices, blank=True
    )
    end_date = models.DateField(_("tanggal pengakhiran"), null=True, blank=True)
    end_note = models.TextField(_("keterangan pengakhiran"), blank=True)
    transferred_to = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="cases_transferred_in"
    )
    previous_case = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_case"
    )
    import_batch = models.ForeignKey("cases.HandoverImport", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["bapas", "status"], name="case_bapas_status"),
            models.Index(fields=["officer", "status"], name="case_officer_status"),
            models.Index(fields=["period_end"], name="case_period_end"),
        ]

    def __str__(self) -> str:
        return self.register_number

    @property
    def is_active(self) -> bool:
        return self.status != Status.ENDED

    @property
    def is_child(self) -> bool:
        return self.client_group == ClientGroup.CHILD


class RegisterCounter(models.Model):
    """Last number used in one register (Bapas × programme register × year). Numbers are never reused."""

    bapas = models.ForeignKey("org.Unit", on_delete=models.PROTECT)
    register = models.CharField(max_length=12)  # e.g. "PB.D", "ASIM.A"
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bapas", "register", "year"], name="register_counter_unique")
        ]


class Assignment(models.Model):
    """Who supervised the case when. The open row (ended_at null) is the current PK."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("alasan"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(ended_at__isnull=True), name="one_open_assignment"
            ),
        ]


class CaseEvent(models.Model):
    """A typed entry on the case timeline, written by the service that changed the case."""

    class Code(models.TextChoices):
        RECEIVED = "received", _("Klien diterima (serah terima)")
        REGISTERED = "registered", _("Klien didaftarkan")
        UPDATED = "updated", _("Data kasus diubah")
        PERSON_UPDATED = "person_updated", _("Data klien diubah")
        ASSIGNED = "assigned", _("PK ditunjuk")
        REASSIGNED = "reassigned", _("PK diganti")
        RESTRICTED = "restricted", _("Akses kasus dibatasi")
        UNRESTRICTED = "unrestricted", _("Pembatasan akses dicabut")
        DOCUMENT_PRINTED = "document_printed", _("Dokumen dicetak")
        ENDED = "ended", _("Kasus diakhiri")
        TRANSFERRED_IN = "transferred_in", _("Diterima pindahan dari Bapas lain")
        SCHEDULE_CHANGED = "schedule_changed", _("Jadwal wajib lapor diubah")
        ADDRESS_CHANGED = "address_changed", _("Alamat klien berubah")
        PHONE_UNREACHABLE = "phone_unreachable", _("Nomor telepon klien tidak aktif")
        OBLIGATION_MISSED = "obligation_missed", _("Klien tidak lapor")
        FOLLOWUP_CREATED = "followup_created", _("Tugas tindak lanjut dibuat")
        FOLLOWUP_ESCALATED = "followup_escalated", _("Tugas tindak lanjut dinaikkan ke Kasi")
        CHECKIN_REVIEWED = "checkin_reviewed", _("Lapor mandiri ditinjau PK")
        ASSESSED = "assessed", _("Asesmen risiko/kebutuhan difinalkan")
        VIOLATION_RECORDED = "violation_recorded", _("Pelanggaran dicatat")
        LITMAS_SUBMITTED = "litmas_submitted", _("Litmas diajukan")
        LITMAS_RETURNED = "litmas_returned", _("Litmas dikembalikan untuk diperbaiki")
        LITMAS_APPROVED = "litmas_approved", _("Litmas disetujui")
        PLAN_AGREED = "plan_agreed", _("Program bimbingan tahap ditetapkan")
        EVALUATION_DONE = "evaluation_done", _("Evaluasi tahap bimbingan selesai")
        TPP_RECOMMENDATION = "tpp_recommendation", _("Rekomendasi sidang TPP")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    code = models.CharField(max_length=30, choices=Code.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "at"], name="caseevent_case_at")]


class HandoverImport(models.Model):
    """One uploaded handover list (all-or-nothing)."""

    bapas = models.ForeignKey("org.Unit", on_delete=models.PROTECT)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
