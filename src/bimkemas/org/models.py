"""Ditjenpas → Kanwil → Bapas units, staff users, their roles, ranks and BKO secondments."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    class Kind(models.TextChoices):
        DITJENPAS = "ditjenpas", _("Ditjenpas")
        KANWIL = "kanwil", _("Kanwil")
        BAPAS = "bapas", _("Bapas")

    class Klass(models.TextChoices):
        I = "I", _("Kelas I")  # noqa: E741
        II = "II", _("Kelas II")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=150)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Provinsi (untuk Kanwil)"),
    )
    klass = models.CharField(_("kelas"), max_length=2, choices=Klass.choices, blank=True)
    timezone = models.CharField(max_length=40, default="Asia/Jakarta")
    address = models.CharField(_("alamat kantor"), max_length=300, blank=True)
    office_village = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    city = models.CharField(_("kota (untuk surat)"), max_length=80, blank=True)
    # Working area of a Bapas: regencies/cities it covers.
    area = models.ManyToManyField("regions.Region", blank=True, related_name="bapas_units")

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PK = "pk", _("PK")
    APK = "apk", _("APK")
    KASI = "kasi", _("Kasi")
    KASUBSI = "kasubsi", _("Kasubsi")
    KEPALA = "kepala", _("Kepala Bapas")
    KANWIL = "kanwil", _("Petugas Kanwil")
    DITJENPAS = "ditjenpas", _("Petugas Ditjenpas")
    ADMIN = "admin", _("Administrator")
    MITRA = "mitra", _("Mitra Pokmas")


SUPERVISING_ROLES = {Role.PK, Role.APK}
BAPAS_LEAD_ROLES = {Role.KASI, Role.KASUBSI, Role.KEPALA}


class PkRank(models.TextChoices):
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    TERAMPIL = "terampil", _("Terampil (APK)")
    MAHIR = "mahir", _("Mahir (APK)")
    PENYELIA = "penyelia", _("Penyelia (APK)")


class User(AbstractUser):
    """A staff user. Belongs to one unit, holds one or more roles."""

    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    rank = models.CharField(_("jenjang jabatan"), max_length=20, choices=PkRank.choices, blank=True)
    # Roles as ",pk,kasi," so that one portable LIKE filter finds holders (see `role_q`).
    role_codes = models.CharField(_("peran"), max_length=200, blank=True, default="")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def roles(self) -> list[str]:
        return [r for r in self.role_codes.split(",") if r]

    @roles.setter
    def roles(self, values) -> None:
        self.role_codes = "," + ",".join(dict.fromkeys(str(v) for v in values)) + "," if values else ""

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def is_supervisor(self) -> bool:
        return self.has_role(Role.PK, Role.APK)

    @property
    def is_bapas_lead(self) -> bool:
        return self.has_role(*BAPAS_LEAD_ROLES)

    @property
    def is_kepala(self) -> bool:
        return self.has_role(Role.KEPALA)

    @property
    def is_office(self) -> bool:
        """Kanwil or Ditjenpas staff: monitoring, aggregates."""
        return self.has_role(Role.KANWIL, Role.DITJENPAS)

    @property
    def is_partner(self) -> bool:
        return self.has_role(Role.MITRA)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles if r in Role.values]

    @cached_property
    def bapas(self) -> Unit | None:
        return self.unit if self.unit and self.unit.kind == Unit.Kind.BAPAS else None


def role_q(*roles: str, prefix: str = ""):
    """Q matching users holding any of `roles` (prefix e.g. "pk__" when filtering through a relation)."""
    q = models.Q()
    for r in roles:
        q |= models.Q(**{f"{prefix}role_codes__contains": f",{r},"})
    return q


class Secondment(models.Model):
    """BKO: a PK seconded (bawah kendali operasi) to another Bapas for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="secondments")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="seconded_in")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-start"]
