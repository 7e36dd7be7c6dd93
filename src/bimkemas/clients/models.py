"""The person under guidance: identity (NIK), names and aliases, contacts, address."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    PROTESTAN = "kristen", _("Kristen Protestan")
    KATOLIK = "katolik", _("Katolik")
    HINDU = "hindu", _("Hindu")
    BUDDHA = "buddha", _("Buddha")
    KONGHUCU = "konghucu", _("Khonghucu")
    KEPERCAYAAN = "kepercayaan", _("Kepercayaan terhadap Tuhan YME")


class Education(models.TextChoices):
    NONE = "none", _("Tidak/belum sekolah")
    SD = "sd", _("SD/sederajat")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/SMK/sederajat")
    D3 = "d3", _("Diploma")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2/S3")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Belum kawin")
    MARRIED = "married", _("Kawin")
    DIVORCED = "divorced", _("Cerai hidup")
    WIDOWED = "widowed", _("Cerai mati")


class Person(models.Model):
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True, unique=True)
    name = models.CharField(_("nama lengkap"), max_length=120)
    name_key = models.CharField(max_length=120, db_index=True)  # normalised for search & duplicates
    birth_place = models.CharField(_("tempat lahir"), max_length=80, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    religion = models.CharField(_("agama"), max_length=15, choices=Religion.choices, blank=True)
    education = models.CharField(_("pendidikan"), max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    marital_status = models.CharField(
        _("status perkawinan"), max_length=10, choices=MaritalStatus.choices, blank=True
    )
    mother_name = models.CharField(_("nama ibu kandung"), max_length=120, blank=True)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kelurahan/desa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("alamat (jalan, nomor)"), max_length=250, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    nik_warnings = models.JSONField(default=list, blank=True)  # mismatches accepted at registration
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["birth_date", "name_key"], name="person_dob_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def photo(self):
        """The photo (an ImageFieldFile), or None. Select `photo_record` to avoid a query per person."""
        record = getattr(self, "photo_record", None)
        return record.image if record is not None else None

    @property
    def nik_masked(self) -> str:
        return f"{self.nik[:6]}••••••{self.nik[-4:]}" if self.nik else ""


class PersonAlias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=120)
    name_key = models.CharField(max_length=120, db_index=True)

    def __str__(self) -> str:
        return self.name


class PersonPhone(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("nomor telepon"), max_length=20)  # E.164
    label = models.CharField(_("keterangan"), max_length=40, blank=True)

    def __str__(self) -> str:
        return self.number


def person_photo_path(instance: "PersonPhoto", filename: str) -> str:
    """people/<year>/<random uuid>.<ext>: the stored name says nothing about the person."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"people/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{ext}"


class PersonPhoto(models.Model):
    """The client's photo, so that a PK or a partner can recognise them. Personal data: served only through
    the authorised view `person_photo`, never as public media. Kept in its own table (not a column of
    Person) so that the audit snapshots of Person stay plain JSON — see `Person.photo`."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="photo_record"
    )
    image = models.ImageField(_("foto"), upload_to=person_photo_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.image.name
