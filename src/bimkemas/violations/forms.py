import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bimkemas.violations.models import ViolationKind, ViolationSource


class ViolationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis pelanggaran"), choices=ViolationKind.choices)
    source = forms.ChoiceField(
        label=_("Sumber"), choices=[c for c in ViolationSource.choices if c[0] != ViolationSource.LINKAGE]
    )
    occurred_on = forms.DateField(
        label=_("Tanggal kejadian"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Isi tanggal kejadian."), "invalid": _("Tanggal tidak valid.")},
    )
    evidence = forms.CharField(
        label=_("Bukti/keterangan"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tulis bukti atau keterangan pelanggaran.")},
    )

    def clean_occurred_on(self) -> dt.date:
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Tanggal kejadian tidak boleh di masa depan."))
        return day
