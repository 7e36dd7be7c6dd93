"""Guidance activities (kegiatan bimbingan) organised by a Bapas or by a Pokmas partner, the clients
enrolled in them and their attendance. Attendance is also written as a contact of kind
`activity_attendance`, so that it counts towards wajib lapor (see services.attendance_record)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bimkemas.partners.models import Field


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("Tatap muka")
    ONLINE = "online", _("Daring")


class Activity(models.Model):
    bapas = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="activities")
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("penyelenggara (mitra)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )  # empty: organised by the Bapas
    agreement = models.ForeignKey(
        "partners.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    field = models.CharField(_("bidang"), max_length=20, choices=Field.choices)
    topic = models.CharField(_("topik"), max_length=200)
    place = models.CharField(_("tempat"), max_length=250)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kelurahan/desa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    mode = models.CharField(_("bentuk"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    capacity = models.PositiveSmallIntegerField(_("kapasitas"))
    materials = models.TextField(_("materi"), blank=True)
    series_key = models.CharField(max_length=32, blank=True, db_index=True)  # sessions of one series
    series_index = models.PositiveSmallIntegerField(default=1)
    cancelled = models.BooleanField(_("dibatalkan"), default=False)
    cancel_reason = models.CharField(_("alasan pembatalan"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Activities created together by one mobile-counselling invitation run (bimbingan keliling).
    batch_key = models.CharField(max_length=32, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["bapas", "starts_at"], name="activity_bapas_start"),
            models.Index(fields=["partner", "starts_at"], name="activity_partner_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def organiser_name(self) -> str:
        return self.partner.name if self.partner_id else self.bapas.name


class Enrolment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="enrolments")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="activity_enrolments")
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["activity", "case"], name="enrolment_unique")]


class Attendance(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("hadir"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class IdentityGrant(models.Model):
    """The Bapas lets the partner running one activity see the enrolled children's names (never offence or
    address). At most one grant in force per activity; a revoked grant stays as the record of who/when."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="identity_grants")
    reason = models.CharField(_("alasan"), max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity"],
                condition=models.Q(revoked_at__isnull=True),
                name="identity_grant_one_open",
            )
        ]
