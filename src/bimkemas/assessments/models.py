"""Risk and needs instruments (defined as data) and the assessments made with them.

An Instrument row is one version of one instrument file: its normalised definition is stored whole,
so an assessment can always be re-scored and shown with the exact items it was made with, whatever
files are loaded later. Plans (a later feature) reference an Assessment.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bimkemas.assessments.scoring import Result, localized, score
from bimkemas.cases.phases import PHASES


class Instrument(models.Model):
    class Kind(models.TextChoices):
        RISK = "risk", _("Risiko")
        NEEDS = "needs", _("Kebutuhan")

    code = models.CharField(_("kode"), max_length=40)
    version = models.CharField(_("versi"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=200)
    stand_in = models.BooleanField(_("pengganti sementara"), default=False)
    definition = models.JSONField()
    active = models.BooleanField(_("aktif"), default=True)
    source = models.CharField(_("berkas"), max_length=200, blank=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "code", "-loaded_at"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    @property
    def display_name(self) -> str:
        return localized(self.definition, "name") or self.name

    @property
    def notice(self) -> str:
        return localized(self.definition, "notice")

    @property
    def description(self) -> str:
        return localized(self.definition, "description")

    @property
    def item_count(self) -> int:
        return sum(len(s["items"]) for s in self.definition["sections"])


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        FINAL = "final", _("Final")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assessments")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    phase = models.CharField(_("tahap"), max_length=12, choices=PHASES)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict, blank=True)  # item code -> option value
    notes = models.TextField(_("catatan asesor"), blank=True)
    total_score = models.PositiveIntegerField(_("skor total"), null=True, blank=True)
    band = models.CharField(_("tingkat"), max_length=40, blank=True)
    domain_scores = models.JSONField(default=dict, blank=True)  # section code -> {score, max, band, ...}
    previous = models.ForeignKey(
        "self",
        verbose_name=_("asesmen sebelumnya"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("tanggal asesmen"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "status"], name="assessment_case_status")]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.case_id} · {self.phase}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def band_label(self) -> str:
        for band in self.instrument.definition["bands"]:
            if band["code"] == self.band:
                return localized(band, "label")
        return self.band

    def result(self) -> Result:
        return score(self.instrument.definition, self.answers)
