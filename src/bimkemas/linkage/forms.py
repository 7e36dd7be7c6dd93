from django import forms
from django.utils.translation import gettext_lazy as _

from bimkemas.linkage.models import ListKind
from bimkemas.violations.models import ViolationKind


class OutsideListForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis daftar"),
        choices=ListKind.choices,
        error_messages={"required": _("Pilih jenis daftar.")},
    )
    berkas = forms.FileField(
        label=_("Berkas (CSV/XLSX)"),
        error_messages={"required": _("Pilih berkas CSV atau XLSX."), "empty": _("Berkas kosong.")},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            ("confirm", _("Benar orang yang sama (konfirmasi)")),
            ("reject", _("Bukan orang yang sama (tolak)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih konfirmasi atau tolak.")},
    )
    kind = forms.ChoiceField(label=_("Jenis pelanggaran (bila dikonfirmasi)"), choices=ViolationKind.choices)
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Tulis alasan penolakan."))
        return data
