"""Sidang TPP (Tim Pengamat Pemasyarakatan): the observation board meeting of a Bapas, where several cases
are discussed (programme plans, evaluations, Litmas, proposed revocations, end of guidance…).

A session is planned, then held (its minutes final and locked) or cancelled with a reason. It has members
(Bapas staff and outside members by name and function, with their attendance) and agenda items (one case
and one purpose each, with the presenting PK, the discussion, the recommendation and the decision).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    HELD = "held", _("Selesai (berita acara final)")
    CANCELLED = "cancelled", _("Dibatalkan")


class Purpose(models.TextChoices):
    PROGRAMME = "programme", _("Program pembinaan/bimbingan tahap")
    EVALUATION = "evaluation", _("Evaluasi")
    LITMAS = "litmas", _("Litmas")
    REVOCATION = "revocation", _("Usul pencabutan")
    TERMINATION = "termination", _("Pengakhiran bimbingan")
    OTHER = "other", _("Lainnya")


class Decision(models.TextChoices):
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    DEFERRED = "deferred", _("Ditunda")


class BoardRole(models.TextChoices):
    CHAIR = "chair", _("Ketua")
    SECRETARY = "secretary", _("Sekretaris")
    MEMBER = "member", _("Anggota")


REGISTER = "TPP"  # the Bapas's register of TPP sessions (cases.RegisterCounter), numbered per year


class TppSession(models.Model):
    bapas = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="tpp_sessions")
    number = models.CharField(_("nomor sidang"), max_length=60, unique=True)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    date = models.DateField(_("tanggal sidang"))
    time = models.TimeField(_("pukul"))
    place = models.CharField(_("tempat"), max_length=200)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ketua sidang"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sekretaris sidang"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("pembukaan/catatan"), blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)

    class Meta:
        ordering = ["-date", "-time", "-id"]
        indexes = [models.Index(fields=["bapas", "date"], name="tpp_session_bapas_date")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_planned(self) -> bool:
        return self.status == SessionStatus.PLANNED


class TppMember(models.Model):
    """A member of the board for one session: a Bapas user, or an outside member by name and function."""

    session = models.ForeignKey(TppSession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nama"), max_length=150)
    function = models.CharField(_("jabatan/fungsi"), max_length=150, blank=True)
    board_role = models.CharField(
        _("kedudukan dalam TPP"), max_length=10, choices=BoardRole.choices, default=BoardRole.MEMBER
    )
    present = models.BooleanField(_("hadir"), default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(user__isnull=False),
                name="tpp_member_user_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TppItem(models.Model):
    """One case on the agenda of a session, for one purpose."""

    session = models.ForeignKey(TppSession, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="tpp_items")
    purpose = models.CharField(_("agenda"), max_length=12, choices=Purpose.choices)
    order = models.PositiveIntegerField(default=0)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("PK penyaji"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    discussion = models.TextField(_("ringkasan pembahasan"), blank=True)
    recommendation = models.TextField(_("rekomendasi"), blank=True)
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "case", "purpose"], name="tpp_item_case_purpose_once"),
        ]
        indexes = [models.Index(fields=["case"], name="tpp_item_case")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.case_id}:{self.purpose}"

    @property
    def is_settled(self) -> bool:
        """Ready for the final minutes: a recommendation written, or the item deferred."""
        return bool(self.recommendation.strip()) or self.decision == Decision.DEFERRED
