"""Pokmas Lipas partners, their cooperation agreements (PKS / MoU) and their users.

A future Activity refers to a Partner (organiser) and to the Agreement it runs under; the fields of
guidance (`Field`) are shared by partners, agreements and activities.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Field(models.TextChoices):
    """Fields (bidang) of guidance a partner works in."""

    KEPRIBADIAN = "kepribadian", _("Kepribadian")
    KEMANDIRIAN = "kemandirian", _("Kemandirian")
    HUKUM = "hukum", _("Hukum")
    KEMASYARAKATAN = "kemasyarakatan", _("Kemasyarakatan")
    REHABILITASI = "rehabilitasi", _("Rehabilitasi narkotika")
    KONSELING = "konseling", _("Bimbingan konseling")


class PartnerKind(models.TextChoices):
    YAYASAN = "yayasan", _("Yayasan")
    PESANTREN = "pesantren", _("Pondok pesantren")
    GEREJA = "gereja", _("Gereja")
    LBH = "lbh", _("Lembaga bantuan hukum")
    REHAB = "rehab", _("Panti rehabilitasi")
    KARANG_TARUNA = "karang_taruna", _("Karang taruna")
    PERUSAHAAN = "perusahaan", _("Perusahaan")
    PERORANGAN = "perorangan", _("Perorangan")
    LAINNYA = "lainnya", _("Lainnya")


def codes_join(values) -> str:
    """Codes stored as ",a,b," so that one portable LIKE filter (`field_codes__contains=",a,"`) finds them."""
    values = [str(v) for v in values if v]
    return "," + ",".join(dict.fromkeys(values)) + "," if values else ""


def codes_split(stored: str) -> list[str]:
    return [c for c in (stored or "").split(",") if c]


class FieldsMixin(models.Model):
    field_codes = models.CharField(_("bidang"), max_length=200, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def fields(self) -> list[str]:
        return codes_split(self.field_codes)

    @fields.setter
    def fields(self, values) -> None:
        self.field_codes = codes_join(values)

    @property
    def field_labels(self) -> list[str]:
        return [str(Field(c).label) for c in self.fields if c in Field.values]


class Partner(FieldsMixin):
    """A Pokmas Lipas organisation (or person) working with one Bapas."""

    bapas = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="partners")
    name = models.CharField(_("nama mitra"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=PartnerKind.choices)
    contact_person = models.CharField(_("narahubung"), max_length=120, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)  # E.164
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kelurahan/desa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ManyToManyField(
        "regions.Region", verbose_name=_("wilayah layanan"), blank=True, related_name="partners_serving"
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["bapas", "active"], name="partner_bapas_active")]
        constraints = [models.UniqueConstraint(fields=["bapas", "name"], name="partner_unique_name")]

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    PKS = "pks", _("PKS (Perjanjian Kerja Sama)")
    MOU = "mou", _("MoU (Nota Kesepahaman)")


class AgreementStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Belum berlaku")
    ACTIVE = "active", _("Berlaku")
    EXPIRING = "expiring", _("Akan berakhir")
    EXPIRED = "expired", _("Berakhir")


def warning_days() -> int:
    """Days before its end at which an agreement is flagged as expiring (settings.PARTNER_AGREEMENT_WARNING_DAYS)."""
    return int(getattr(settings, "PARTNER_AGREEMENT_WARNING_DAYS", 60))


def agreement_status_on(start: dt.date, end: dt.date, on: dt.date, days: int | None = None) -> str:
    days = warning_days() if days is None else days
    if on < start:
        return AgreementStatus.UPCOMING
    if on > end:
        return AgreementStatus.EXPIRED
    if (end - on).days <= days:
        return AgreementStatus.EXPIRING
    return AgreementStatus.ACTIVE


def agreement_upload_to(instance: "Agreement", filename: str) -> str:
    # Never the uploaded name in the path: documents are served only through an authorising view.
    return f"partners/agreements/{instance.bapas_id}/{uuid.uuid4().hex}.pdf"


class Agreement(FieldsMixin):
    """A cooperation agreement (PKS or MoU) between a Bapas and a partner, for a period."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements")
    bapas = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="partner_agreements")
    number = models.CharField(_("nomor perjanjian"), max_length=100)
    kind = models.CharField(_("jenis perjanjian"), max_length=3, choices=AgreementKind.choices)
    start = models.DateField(_("tanggal mulai"))
    end = models.DateField(_("tanggal berakhir"))
    document = models.FileField(_("dokumen bertanda tangan"), upload_to=agreement_upload_to, max_length=200)
    document_name = models.CharField(max_length=200, blank=True)  # the uploaded file's name, for download
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-end", "-id"]
        indexes = [models.Index(fields=["bapas", "end"], name="agreement_bapas_end")]
        constraints = [
            models.UniqueConstraint(fields=["bapas", "number"], name="agreement_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="agreement_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, on: dt.date, days: int | None = None) -> str:
        return agreement_status_on(self.start, self.end, on, days)

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return str(AgreementStatus(self.status).label)

    def days_left(self, on: dt.date | None = None) -> int:
        return (self.end - (on or timezone.localdate())).days


class PartnerMember(models.Model):
    """A user account (role "mitra") acting for a partner in the partner portal."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="members")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} · {self.partner}"
