from django import forms
from django.utils.translation import gettext_lazy as _

from bimkemas.cases.models import (
    DEFAULT_GENERAL_CONDITIONS,
    ClientGroup,
    EndReason,
    OffenceCategory,
    Programme,
)
from bimkemas.cases.services import CaseData
from bimkemas.clients.forms import DATE_INPUT
from bimkemas.org.models import Unit


class CaseForm(forms.Form):
    client_group = forms.ChoiceField(
        label=_("Kelompok klien"), choices=ClientGroup.choices, initial=ClientGroup.ADULT
    )
    programme = forms.ChoiceField(label=_("Program"), choices=Programme.choices)
    sk_number = forms.CharField(label=_("Nomor SK"), max_length=100)
    sk_date = forms.DateField(label=_("Tanggal SK"), widget=DATE_INPUT)
    origin_institution = forms.CharField(label=_("Asal Lapas/Rutan"), max_length=150, required=False)
    offence_article = forms.CharField(label=_("Pasal"), max_length=150, required=False)
    offence_category = forms.ChoiceField(
        label=_("Kategori tindak pidana"), choices=[("", "—")] + list(OffenceCategory.choices), required=False
    )
    sentence_months = forms.IntegerField(
        label=_("Lama pidana (bulan)"), min_value=0, max_value=1200, required=False
    )
    handover_date = forms.DateField(label=_("Tanggal serah terima"), widget=DATE_INPUT)
    period_start = forms.DateField(label=_("Awal masa bimbingan"), widget=DATE_INPUT)
    period_end = forms.DateField(label=_("Akhir masa bimbingan"), widget=DATE_INPUT)
    general_conditions = forms.CharField(label=_("Syarat umum"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                         initial=DEFAULT_GENERAL_CONDITIONS)  # fmt: skip
    special_conditions = forms.CharField(
        label=_("Syarat khusus"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    guarantor_name = forms.CharField(label=_("Nama penjamin"), max_length=120, required=False)
    guarantor_relation = forms.CharField(label=_("Hubungan dengan klien"), max_length=60, required=False)
    guarantor_phone = forms.CharField(label=_("Telepon penjamin"), max_length=20, required=False,
                                      widget=forms.TextInput(attrs={"inputmode": "tel"}))  # fmt: skip
    guarantor_address = forms.CharField(label=_("Alamat penjamin"), max_length=250, required=False)

    def to_data(self) -> CaseData:
        d = self.cleaned_data
        return CaseData(
            programme=d["programme"], client_group=d["client_group"], sk_number=d["sk_number"].strip(),
            sk_date=d["sk_date"], handover_date=d["handover_date"], period_start=d["period_start"],
            period_end=d["period_end"], origin_institution=d["origin_institution"],
            offence_article=d["offence_article"], offence_category=d["offence_category"],
            sentence_months=d["sentence_months"], general_conditions=d["general_conditions"],
            special_conditions=d["special_conditions"], guarantor_name=d["guarantor_name"],
            guarantor_relation=d["guarantor_relation"], guarantor_phone=d["guarantor_phone"],
            guarantor_address=d["guarantor_address"],
        )  # fmt: skip

    @classmethod
    def initial_for(cls, case) -> dict:
        return {name: getattr(case, name) for name in cls.base_fields}


class EndCaseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan pengakhiran"), choices=[("", "—")] + list(EndReason.choices))
    end_date = forms.DateField(label=_("Tanggal pengakhiran"), widget=DATE_INPUT)
    transfer_to = forms.ModelChoiceField(
        label=_("Bapas tujuan (bila dipindahkan)"), queryset=Unit.objects.none(), required=False
    )
    note = forms.CharField(label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, bapas=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Unit.objects.filter(kind=Unit.Kind.BAPAS).order_by("name")
        self.fields["transfer_to"].queryset = qs.exclude(id=bapas.id) if bapas else qs


class RestrictForm(forms.Form):
    staff = forms.ModelMultipleChoiceField(label=_("Petugas yang boleh mengakses"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    reason = forms.CharField(label=_("Alasan"), max_length=300, required=False)

    def __init__(self, *args, staff_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_qs
        self.fields["staff"].label_from_instance = lambda u: f"{u.display_name} ({', '.join(u.role_labels)})"
