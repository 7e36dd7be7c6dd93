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
