"""The staged guidance programme (Rencana Program Bimbingan) per phase of a case, and the evaluation of
behaviour change (penilaian perubahan perilaku) at the end of each phase.

One plan and one evaluation per case and phase. A plan is proposed from the latest final needs (and
risk) assessment, edited by the PK and then agreed (ditetapkan). An evaluation rates each goal of the
phase's plan; the phase's reporting compliance, activity attendance and assessment band changes are
computed from the records while it is a draft and stored as a snapshot when it is finalised.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bimkemas.cases.phases import PHASES
from bimkemas.partners.models import Field


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    AGREED = "agreed", _("Ditetapkan")


class ProposedFrom(models.TextChoices):
    NEEDS = "needs", _("Diusulkan dari asesmen kebutuhan")
    GENERIC = "generic", _("Sasaran umum program (belum ada asesmen kebutuhan final)")
    BLANK = "blank", _("Disusun sendiri oleh PK")
    PREVIOUS = "previous", _("Dilanjutkan dari rencana Bapas asal")


class Plan(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="phase_plans")
    phase = models.CharField(_("tahap"), max_length=12, choices=PHASES)
    status = models.CharField(_("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    needs_assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    risk_assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_from = models.CharField(_("dasar usulan"), max_length=8, choices=ProposedFrom.choices,
                                     default=ProposedFrom.BLANK)  # fmt: skip
    # The plan of the same phase on the case this one continues (a transfer), whose goals it started from.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("dilanjutkan dari rencana"),
    )  # fmt: skip
    intensity_note = models.TextField(_("intensitas kontak"), blank=True)
    reporting_in_force = models.CharField(_("frekuensi wajib lapor yang berlaku"), max_length=300, blank=True)
    reporting_note = models.TextField(_("catatan frekuensi wajib lapor"), blank=True)
    resources_note = models.TextField(_("kegiatan dan mitra lain"), blank=True)
    notes = models.TextField(_("catatan PK"), blank=True)
    activities = models.ManyToManyField("activities.Activity", blank=True, related_name="+")
    partners = models.ManyToManyField("partners.Partner", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agreed_on = models.DateField(_("tanggal ditetapkan"), null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case_id", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "phase"], name="plan_one_per_case_phase")]
        indexes = [models.Index(fields=["status", "phase"], name="plan_status_phase")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.phase}"

    @property
    def is_agreed(self) -> bool:
        return self.status == PlanStatus.AGREED


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    field = models.CharField(_("bidang"), max_length=20, choices=Field.choices)
    domain = models.CharField(_("ranah kebutuhan"), max_length=40, blank=True)
    text = models.TextField(_("sasaran"))
    indicator = models.CharField(_("target/indikator"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Copied from the plan of the Bapas the client was transferred from (see Plan.carried_from).
    carried_over = models.BooleanField(_("dari rencana Bapas asal"), default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    FINAL = "final", _("Final")


class Recommendation(models.TextChoices):
    CONTINUE = "lanjut", _("Lanjut ke tahap berikut")
    ATTENTION = "perhatian", _("Perlu perhatian")
    TPP = "tpp", _("Usul sidang TPP")


class Attainment(models.TextChoices):
    MET = "tercapai", _("Tercapai")
    PARTLY = "sebagian", _("Sebagian")
    NOT_MET = "belum", _("Belum tercapai")


class Evaluation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="phase_evaluations")
    phase = models.CharField(_("tahap"), max_length=12, choices=PHASES)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    window_start = models.DateField(_("awal tahap"))
    window_end = models.DateField(_("akhir tahap"))
    conclusion = models.TextField(_("kesimpulan"), blank=True)
    recommendation = models.CharField(
        _("rekomendasi"), max_length=10, choices=Recommendation.choices, blank=True
    )
    recommendation_note = models.TextField(_("catatan rekomendasi"), blank=True)
    # Snapshot of the records, stored at finalisation (null while a draft: computed live then).
    reports_met = models.PositiveIntegerField(null=True, blank=True)
    reports_late = models.PositiveIntegerField(null=True, blank=True)
    reports_missed = models.PositiveIntegerField(null=True, blank=True)
    reports_excused = models.PositiveIntegerField(null=True, blank=True)
    reports_open = models.PositiveIntegerField(null=True, blank=True)  # past due, not yet met nor missed
    sessions_enrolled = models.PositiveIntegerField(null=True, blank=True)
    sessions_attended = models.PositiveIntegerField(null=True, blank=True)
    band_changes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case_id", "window_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "phase"], name="evaluation_one_per_case_phase")
        ]
        indexes = [models.Index(fields=["status", "phase"], name="evaluation_status_phase")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.phase} · {self.status}"

    @property
    def is_final(self) -> bool:
        return self.status == EvaluationStatus.FINAL


class GoalRating(models.Model):
    """The attainment of one goal of the phase's plan; the goal's text is copied (the plan may change)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="ratings")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    field = models.CharField(_("bidang"), max_length=20, choices=Field.choices)
    text = models.TextField(_("sasaran"))
    indicator = models.CharField(_("target/indikator"), max_length=300, blank=True)
    attainment = models.CharField(_("capaian"), max_length=10, choices=Attainment.choices, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
