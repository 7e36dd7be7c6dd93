from django import forms
from django.utils.translation import gettext_lazy as _

from bimkemas.tpp.models import Decision, Purpose
from bimkemas.tpp.services import bapas_staff, staff_function


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        function = staff_function(obj)
        return f"{obj.display_name} ({function})" if function else obj.display_name


class SessionForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal sidang"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Isi tanggal sidang."), "invalid": _("Tanggal sidang tidak valid.")},
    )
    time = forms.TimeField(
        label=_("Pukul"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Isi pukul sidang."),
            "invalid": _("Pukul sidang tidak valid (jj:mm)."),
        },
    )
    place = forms.CharField(
        label=_("Tempat"),
        max_length=200,
        error_messages={"required": _("Isi tempat sidang.")},
        help_text=_("Misalnya: Ruang Sidang TPP Bapas."),
    )
    chair = StaffChoiceField(
        label=_("Ketua sidang"), queryset=None, required=False, empty_label=_("— belum ditentukan —"),
        error_messages={"invalid_choice": _("Ketua sidang harus petugas aktif Bapas ini.")},
    )  # fmt: skip
    secretary = StaffChoiceField(
        label=_("Sekretaris sidang"), queryset=None, required=False, empty_label=_("— belum ditentukan —"),
        error_messages={"invalid_choice": _("Sekretaris sidang harus petugas aktif Bapas ini.")},
    )  # fmt: skip
    notes = forms.CharField(
        label=_("Pembukaan/catatan"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, bapas, **kwargs):
        super().__init__(*args, **kwargs)
        staff = bapas_staff(bapas)
        self.fields["chair"].queryset = staff
        self.fields["secretary"].queryset = staff


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Cari klien (nama, nomor register atau NIK)"), required=False, max_length=100)


class ItemAddForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Pilih klien.")})
    purpose = forms.ChoiceField(
        label=_("Agenda"),
        choices=[("", _("— pilih agenda —")), *Purpose.choices],
        error_messages={"required": _("Pilih agenda pembahasan (misalnya Evaluasi atau Litmas).")},
    )


class ItemForm(forms.Form):
    """The discussion and recommendation (PK and leads); purpose, presenter and decision (leads only)."""

    purpose = forms.ChoiceField(label=_("Agenda"), choices=Purpose.choices)
    presenter = StaffChoiceField(label=_("PK penyaji"), queryset=None, required=False, empty_label="—")
    discussion = forms.CharField(
        label=_("Ringkasan pembahasan"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    recommendation = forms.CharField(
        label=_("Rekomendasi TPP"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.ChoiceField(
        label=_("Keputusan sidang"),
        choices=[("", _("— belum diputuskan —")), *Decision.choices],
        required=False,
    )

    def __init__(self, *args, bapas, lead: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if lead:
            self.fields["presenter"].queryset = bapas_staff(bapas)
        else:
            for name in ("purpose", "presenter", "decision"):
                del self.fields[name]


class MemberForm(forms.Form):
    user = StaffChoiceField(
        label=_("Petugas Bapas"), queryset=None, required=False, empty_label=_("— anggota dari luar Bapas —"),
        error_messages={"invalid_choice": _("Anggota dari Bapas harus petugas aktif Bapas ini.")},
    )  # fmt: skip
    name = forms.CharField(label=_("Nama (anggota dari luar Bapas)"), required=False, max_length=150)
    function = forms.CharField(
        label=_("Jabatan/fungsi"), required=False, max_length=150,
        help_text=_("Misalnya: Perwakilan Lapas Kelas IIA Yogyakarta. Kosongkan untuk petugas Bapas."),
    )  # fmt: skip

    def __init__(self, *args, bapas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = bapas_staff(bapas)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tulis alasan pembatalan sidang.")},
    )
