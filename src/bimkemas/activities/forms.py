"""Forms of the activity pages: they validate types; the services check the business rules."""

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from bimkemas.activities.models import Mode
from bimkemas.activities.services import MAX_SERIES, ActivityData
from bimkemas.partners.models import Field, Partner


class ActivityForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Penyelenggara"), queryset=Partner.objects.none(), required=False,
        empty_label=_("Bapas sendiri"),
        help_text=_("Kegiatan mitra memerlukan perjanjian kerja sama yang berlaku pada tanggal kegiatan."),
    )  # fmt: skip
    field = forms.ChoiceField(label=_("Bidang"), choices=[("", "—"), *Field.choices])
    topic = forms.CharField(label=_("Topik"), max_length=200,
                            help_text=_("mis. Pelatihan budidaya lele, Penyuluhan hukum"))  # fmt: skip
    place = forms.CharField(label=_("Tempat"), max_length=250,
                            help_text=_("Kantor Bapas, lokasi mitra, atau balai kelurahan; tautan rapat untuk daring."))  # fmt: skip
    date = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Jam mulai"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Jam selesai"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    mode = forms.ChoiceField(label=_("Bentuk"), choices=Mode.choices, initial=Mode.IN_PERSON)
    capacity = forms.IntegerField(label=_("Kapasitas (peserta)"), min_value=1, max_value=1000, initial=20)
    sessions = forms.IntegerField(label=_("Jumlah pertemuan"), min_value=1, max_value=MAX_SERIES, initial=1,
                                  help_text=_("Lebih dari 1: satu seri, pertemuan setiap minggu pada hari dan jam yang sama."))  # fmt: skip
    materials = forms.CharField(label=_("Materi"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, bapas, **kwargs):
        super().__init__(*args, **kwargs)
        self.bapas = bapas
        self.fields["partner"].queryset = Partner.objects.filter(bapas=bapas, active=True).order_by("name")

    def clean(self):
        d = super().clean()
        if d.get("start_time") and d.get("end_time") and d["end_time"] <= d["start_time"]:
            self.add_error("end_time", _("Jam selesai harus setelah jam mulai."))
        return d

    def to_data(self) -> ActivityData:
        d = self.cleaned_data
        tz = ZoneInfo(self.bapas.timezone or "Asia/Jakarta")
        return ActivityData(
            partner=d["partner"], field=d["field"], topic=d["topic"], place=d["place"], mode=d["mode"],
            starts_at=dt.datetime.combine(d["date"], d["start_time"], tzinfo=tz),
            ends_at=dt.datetime.combine(d["date"], d["end_time"], tzinfo=tz),
            capacity=d["capacity"], sessions=d["sessions"], materials=d["materials"],
        )  # fmt: skip


class EnrolForm(forms.Form):
    cases = forms.MultipleChoiceField(label=_("Klien dari caseload Anda"), widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": _("Pilih minimal satu klien.")})  # fmt: skip

    def __init__(self, *args, candidates: list, **kwargs):
        """`candidates`: (case, label) pairs — the label already masked as the actor may see it."""
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.id): c for c, _label in candidates}
        self.fields["cases"].choices = [(str(c.id), label) for c, label in candidates]

    def selected(self) -> list:
        return [self.candidates[i] for i in self.cleaned_data["cases"]]


class ActivityEditForm(ActivityForm):
    """One session's details; the organiser stays (cancel and create anew to change it)."""

    def __init__(self, *args, bapas, **kwargs):
        super().__init__(*args, bapas=bapas, **kwargs)
        del self.fields["partner"]
        del self.fields["sessions"]

    @staticmethod
    def initial_for(activity) -> dict:
        tz = ZoneInfo(activity.bapas.timezone or "Asia/Jakarta")
        starts, ends = activity.starts_at.astimezone(tz), activity.ends_at.astimezone(tz)
        return {
            "field": activity.field, "topic": activity.topic, "place": activity.place, "mode": activity.mode,
            "date": starts.date(), "start_time": starts.time(), "end_time": ends.time(),
            "capacity": activity.capacity, "materials": activity.materials,
        }  # fmt: skip

    def to_data(self) -> ActivityData:
        d = self.cleaned_data
        tz = ZoneInfo(self.bapas.timezone or "Asia/Jakarta")
        return ActivityData(
            field=d["field"], topic=d["topic"], place=d["place"], mode=d["mode"],
            starts_at=dt.datetime.combine(d["date"], d["start_time"], tzinfo=tz),
            ends_at=dt.datetime.combine(d["date"], d["end_time"], tzinfo=tz),
            capacity=d["capacity"], materials=d["materials"],
        )  # fmt: skip


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dikirim ke klien yang terdaftar lewat SMS; tulis singkat, mis. Narasumber berhalangan."),
        error_messages={"required": _("Alasan pembatalan wajib diisi.")},
    )  # fmt: skip
    scope = forms.ChoiceField(
        label=_("Yang dibatalkan"), widget=forms.RadioSelect, initial="one",
        choices=[("one", _("Hanya pertemuan ini")),
                 ("future", _("Pertemuan ini dan semua pertemuan berikutnya dalam seri"))],
    )  # fmt: skip

    def __init__(self, *args, series: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not series:
            del self.fields["scope"]


class IdentityGrantForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan membuka identitas anak"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("mis. Mitra perlu memanggil nama peserta anak saat pelatihan."),
        error_messages={"required": _("Alasan membuka identitas anak wajib diisi.")},
    )  # fmt: skip
