"""Forms of the portal (the client's login and check-in) and of the PK's PIN page. Forms validate only;
the services act."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

YES_NO = [("yes", _("Ya")), ("no", _("Tidak"))]


class PortalLoginForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        help_text=_("16 angka, sesuai KTP Anda."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
        error_messages={"required": _("Isi NIK Anda.")},
    )
    pin = forms.CharField(
        label=_("PIN"),
        max_length=12,
        help_text=_("6 angka dari PK Anda."),
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "current-password"}),
        error_messages={"required": _("Isi PIN Anda.")},
    )


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class CheckInForm(forms.Form):
    """The questionnaire as posted without JavaScript (with JavaScript the same fields go to the API)."""

    key = forms.UUIDField(widget=forms.HiddenInput, error_messages={"invalid": _("Kode lapor tidak valid.")})
    client_time = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    address_same = forms.ChoiceField(
        label=_("Apakah alamat Anda masih sama?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Jawab: apakah alamat Anda masih sama?")},
    )
    new_address = forms.CharField(
        label=_("Alamat baru (jalan, nomor, RT/RW, kelurahan)"), required=False, max_length=250
    )
    working = forms.ChoiceField(
        label=_("Apakah Anda sedang bekerja?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Jawab: apakah Anda sedang bekerja?")},
    )
    workplace = forms.CharField(label=_("Di mana Anda bekerja?"), required=False, max_length=150)
    problem = forms.CharField(
        label=_("Ada masalah atau hal yang perlu diketahui PK?"),
        help_text=_("Kosongkan jika tidak ada."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label=_("Foto (boleh dilewati)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    latitude = forms.CharField(required=False, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "address_same": _yes_no(data.get("address_same")),
            "new_address": data.get("new_address", ""),
            "working": _yes_no(data.get("working")),
            "workplace": data.get("workplace", ""),
            "problem": data.get("problem", ""),
        }


class PinForm(forms.Form):
    MODE_GENERATE = "generate"
    MODE_TYPE = "type"
    mode = forms.ChoiceField(
        label=_("Cara membuat PIN"),
        choices=[(MODE_GENERATE, _("Buat PIN acak")), (MODE_TYPE, _("Saya ketik PIN"))],
        widget=forms.RadioSelect,
        initial=MODE_GENERATE,
        error_messages={"required": _("Pilih cara membuat PIN.")},
    )
    pin = forms.CharField(
        label=_("PIN (6 angka)"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{6}"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.MODE_TYPE and not data.get("pin"):
            self.add_error("pin", _("Ketik PIN 6 angka, atau pilih PIN acak."))
        return data
