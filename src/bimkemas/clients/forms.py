"""Person form: validates types; the service checks the business rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from bimkemas.clients.models import Education, MaritalStatus, Religion, Sex
from bimkemas.clients.photos import photo_check, photo_max_bytes
from bimkemas.clients.services import PersonData, photo_held_get
from bimkemas.regions.models import Region

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(choices):
    return [("", "—")] + list(choices)


class PersonForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=20, required=False,
                          help_text=_("16 digit; kosongkan bila klien tidak memiliki NIK."),
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))  # fmt: skip
    name = forms.CharField(label=_("Nama lengkap"), max_length=120)
    aliases = forms.CharField(label=_("Alias / nama lain"), required=False, max_length=500,
                              help_text=_("Pisahkan dengan titik koma (;)."))  # fmt: skip
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=80, required=False)
    birth_date = forms.DateField(label=_("Tanggal lahir"), required=False, widget=DATE_INPUT)
    religion = forms.ChoiceField(label=_("Agama"), choices=_blank(Religion.choices), required=False)
    education = forms.ChoiceField(label=_("Pendidikan"), choices=_blank(Education.choices), required=False)
    occupation = forms.CharField(label=_("Pekerjaan"), max_length=100, required=False)
    marital_status = forms.ChoiceField(
        label=_("Status perkawinan"), choices=_blank(MaritalStatus.choices), required=False
    )
    mother_name = forms.CharField(label=_("Nama ibu kandung"), max_length=120, required=False)
    village = forms.CharField(label=_("Kelurahan/desa"), max_length=13, required=False,
                              widget=forms.Select(choices=[("", "—")]))  # fmt: skip
    address = forms.CharField(label=_("Alamat (jalan, nomor rumah)"), max_length=250, required=False)
    rt = forms.CharField(
        label=_("RT"), max_length=3, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    rw = forms.CharField(
        label=_("RW"), max_length=3, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    phones = forms.CharField(label=_("Nomor telepon"), required=False, max_length=200,
                             help_text=_("Contoh: 0812 3456 7890. Pisahkan beberapa nomor dengan titik koma."),
                             widget=forms.TextInput(attrs={"inputmode": "tel"}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.data.get(self.add_prefix("village")) or self.initial.get("village")
        if code:
            region = Region.objects.filter(code=code).first()
            label = f"{region.name} — {region.path}" if region else code
            self.fields["village"].widget.choices = [("", "—"), (code, label)]

    def to_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            nik=d["nik"] or None,
            name=d["name"],
            sex=d["sex"],
            birth_place=d["birth_place"],
            birth_date=d["birth_date"],
            religion=d["religion"],
            education=d["education"],
            occupation=d["occupation"],
            marital_status=d["marital_status"],
            mother_name=d["mother_name"],
            village_id=d["village"] or None,
            address=d["address"],
            rt=d["rt"],
            rw=d["rw"],
            aliases=[a.strip() for a in d["aliases"].split(";") if a.strip()],
            phones=[p.strip() for p in d["phones"].split(";") if p.strip()],
        )

    @classmethod
    def initial_for(cls, person) -> dict:
        return {
            "nik": person.nik or "", "name": person.name, "sex": person.sex, "birth_place": person.birth_place,
            "birth_date": person.birth_date, "religion": person.religion, "education": person.education,
            "occupation": person.occupation, "marital_status": person.marital_status,
            "mother_name": person.mother_name, "village": person.village_id or "", "address": person.address,
            "rt": person.rt, "rw": person.rw,
            "aliases": "; ".join(a.name for a in person.aliases.all()),
            "phones": "; ".join(p.number for p in person.phones.all()),
        }  # fmt: skip


def apply_service_errors(form: forms.Form, error) -> None:
    """Put a service ValidationError's messages on the matching form fields (or the form)."""
    if hasattr(error, "message_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class PersonPhotoForm(forms.Form):
    """The client's photo on the person form (multipart). The service checks type and size."""

    photo = forms.FileField(
        label=_("Foto klien"),
        required=False,
        help_text=_(
            "JPG atau PNG, paling besar %(max)s. Foto hanya dapat dilihat petugas dan mitra yang berwenang."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    photo_clear = forms.BooleanField(label=_("Hapus foto"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = self.fields["photo"].help_text % {
            "max": filesizeformat(photo_max_bytes())
        }

    def clean(self):
        data = super().clean()
        if data.get("photo") and data.get("photo_clear"):
            self.add_error(
                "photo_clear", _("Pilih salah satu: unggah foto baru atau hapus foto, tidak keduanya.")
            )
        return data


class RegistrationPhotoForm(forms.Form):
    """The optional photo on the penerimaan form (multipart, prefix "f"). A photo sent once is kept across the
    form's re-displays (duplicate confirmation, errors elsewhere): the view holds it server-side
    (`clients.services.photo_hold`) and the form carries the signed `photo_token`. Checks only; holding,
    discarding and attaching are the view's calls to the services."""

    photo = forms.FileField(
        label=_("Foto klien"),
        required=False,
        help_text=PersonPhotoForm.base_fields["photo"].help_text,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    photo_token = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    photo_discard = forms.BooleanField(label=_("Hapus foto"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.held = None  # the photo named by a valid token, if any
        self.fields["photo"].help_text = self.fields["photo"].help_text % {
            "max": filesizeformat(photo_max_bytes())
        }

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            try:
                photo_check(upload)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["photo"]) from None
        return upload

    def clean(self):
        data = super().clean()
        token = data.get("photo_token")
        if token:
            try:
                self.held = photo_held_get(actor=self.actor, token=token)
            except ValidationError as exc:
                # A stale token matters only when it is what the form would use.
                if not data.get("photo") and not data.get("photo_discard") and not self.has_error("photo"):
                    self.add_error("photo", exc.message_dict["photo"])
        return data

    def photo_for_save(self):
        """The photo to attach on the final save: a new upload, else the held one (unless discarded)."""
        data = self.cleaned_data
        if data.get("photo"):
            return data["photo"]
        if self.held is not None and not data.get("photo_discard"):
            return self.held.read()
        return None
