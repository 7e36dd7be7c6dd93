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


def _date(label, required_message):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": required_message, "invalid": _("Tanggal tidak valid.")},
    )


def _text(label, required_message, *, rows=3, max_length=5000):
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
    )


class RevocationReportForm(forms.Form):
    violations = forms.ModelMultipleChoiceField(
        label=_("Pelanggaran yang dilaporkan"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih paling sedikit satu pelanggaran.")},
    )
    reported_on = _date(_("Tanggal laporan"), _("Isi tanggal laporan."))
    note = forms.CharField(
        label=_("Uraian laporan"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violations"].queryset = case.violations.order_by("-occurred_on", "-id")
        self.fields["violations"].label_from_instance = lambda v: (
            f"{v.occurred_on:%Y-%m-%d} · {v.get_kind_display()} ({v.get_source_display()})"
        )


class BapForm(forms.Form):
    bap_date = _date(_("Tanggal BAP"), _("Isi tanggal BAP."))
    examiner = forms.CharField(
        label=_("Pemeriksa"), max_length=150, error_messages={"required": _("Isi nama pemeriksa.")}
    )
    summary = _text(_("Ringkasan BAP"), _("Isi ringkasan BAP."), rows=4)


class TppForm(forms.Form):
    tpp_date = _date(_("Tanggal sidang TPP"), _("Isi tanggal sidang TPP."))
    members = _text(_("Anggota TPP yang hadir"), _("Isi anggota TPP yang hadir."))
    recommendation = _text(_("Rekomendasi TPP"), _("Isi rekomendasi TPP."))


class SuspendForm(forms.Form):
    suspended_on = _date(_("Tanggal penghentian sementara"), _("Isi tanggal penghentian sementara."))


class ProposeForm(forms.Form):
    proposed_on = _date(_("Tanggal usulan"), _("Isi tanggal usulan."))


class DecisionForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Nomor keputusan"), max_length=100, error_messages={"required": _("Isi nomor keputusan.")}
    )
    decision_date = _date(_("Tanggal keputusan"), _("Isi tanggal keputusan."))
    granted = forms.TypedChoiceField(
        label=_("Isi keputusan"),
        choices=[("1", _("Dikabulkan (dicabut)")), ("0", _("Ditolak"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih isi keputusan: dikabulkan atau ditolak.")},
    )
