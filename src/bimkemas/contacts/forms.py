from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bimkemas.cases.models import Programme
from bimkemas.cases.phases import PHASES
from bimkemas.contacts.models import CheckInStatus, Interval, Kind, Outcome, Requirement

QUICK_KINDS = [
    (Kind.PHONE_CALL, _("Telepon")),
    (Kind.CHAT, _("WhatsApp")),
    (Kind.VIDEO_CALL, _("Video")),
    (Kind.OFFICE_REPORT, _("Di kantor")),
    (Kind.HOME_VISIT, _("Kunjungan")),
]


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis kontak"), choices=Kind.choices, initial=Kind.PHONE_CALL)
    outcome = forms.ChoiceField(label=_("Hasil"), choices=Outcome.choices, initial=Outcome.REPORTED)
    occurred_at = forms.DateTimeField(
        label=_("Waktu kontak"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Kosongkan bila kontak terjadi sekarang."),
    )
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    address_changed = forms.BooleanField(label=_("Klien pindah alamat"), required=False)
    new_address = forms.CharField(label=_("Alamat baru"), required=False, max_length=250)
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)

    def clean_occurred_at(self):
        value = self.cleaned_data.get("occurred_at")
        if value and value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("Waktu kontak tidak boleh di masa depan."))
        return value


class ScheduleForm(forms.Form):
    requirement = forms.ChoiceField(
        label=_("Kewajiban"), choices=[c for c in Requirement.choices if c[0] != Requirement.FIRST_CONTACT]
    )
    every = forms.IntegerField(label=_("Setiap"), min_value=1, max_value=12, initial=1)
    interval = forms.ChoiceField(label=_("Satuan"), choices=Interval.choices)
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Alasan"), max_length=300, min_length=5)


class RuleForm(ScheduleForm):
    programme = forms.ChoiceField(
        label=_("Program"), choices=[("", _("Semua program"))] + list(Programme.choices), required=False
    )
    phase = forms.ChoiceField(
        label=_("Tahap"), choices=[("", _("Semua tahap"))] + list(PHASES), required=False
    )
    grace_days = forms.IntegerField(
        label=_("Toleransi keterlambatan (hari)"), min_value=0, max_value=30, initial=3
    )

    field_order = [
        "programme",
        "phase",
        "requirement",
        "every",
        "interval",
        "grace_days",
        "valid_from",
        "reason",
    ]


class ExcuseForm(forms.Form):
    reason = forms.CharField(label=_("Alasan dimaafkan"), max_length=300, min_length=5)


class TaskCloseForm(forms.Form):
    note = forms.CharField(label=_("Catatan penutupan"), max_length=300, min_length=3)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            (CheckInStatus.ACCEPTED, _("Terima")),
            (CheckInStatus.MORE, _("Minta keterangan tambahan")),
            (CheckInStatus.FLAGGED, _("Tandai (tidak dihitung sebagai lapor)")),
        ],
        widget=forms.RadioSelect,
        initial=CheckInStatus.ACCEPTED,
    )
    note = forms.CharField(
        label=_("Catatan untuk klien"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
