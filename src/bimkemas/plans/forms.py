"""Forms of the plan editor (goals formset + the rest), the evaluation and the coverage filter. Forms only
validate; the services act."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bimkemas.monitoring.selectors import Level, ReportScope
from bimkemas.partners.models import Field
from bimkemas.plans.models import Attainment, Recommendation
from bimkemas.plans.services import GOAL_MAX, INDICATOR_MAX, TEXT_MAX, GoalData

FIELD_CHOICES = [("", _("— pilih bidang —")), *Field.choices]


class GoalForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Bidang"), choices=FIELD_CHOICES,
        error_messages={"required": _("Pilih bidang pembimbingan sasaran ini."),
                        "invalid_choice": _("Pilih bidang pembimbingan dari daftar.")},
    )  # fmt: skip
    text = forms.CharField(
        label=_("Sasaran"), max_length=GOAL_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tulis sasaran yang ingin dicapai klien."),
                        "max_length": _("Sasaran terlalu panjang (maksimum %(limit_value)d karakter).")},
    )  # fmt: skip
    indicator = forms.CharField(
        label=_("Target/indikator"), max_length=INDICATOR_MAX, required=False,
        error_messages={"max_length": _("Target/indikator terlalu panjang (maksimum %(limit_value)d karakter).")},
    )  # fmt: skip
    domain = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    # The goal this row edits: kept goals keep their ratings in a draft evaluation and their carried-over mark.
    goal_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class BaseGoalFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def kept(self) -> list[forms.Form]:
        """The rows to save: filled in and not marked for removal."""
        out = []
        for form in self.forms:
            if not form.has_changed() and form.empty_permitted:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            out.append(form)
        return out

    def goals(self) -> list[GoalData]:
        return [
            GoalData(field=f.cleaned_data["field"], text=f.cleaned_data["text"],
                     indicator=f.cleaned_data.get("indicator", ""), domain=f.cleaned_data.get("domain", ""),
                     id=f.cleaned_data.get("goal_id"))
            for f in self.kept()
        ]  # fmt: skip


def goal_formset(*, extra: int):
    return forms.formset_factory(GoalForm, formset=BaseGoalFormSet, extra=extra, can_delete=True, max_num=40,
                                 validate_max=True)  # fmt: skip


def _long(label, **kw):
    return forms.CharField(
        label=label, required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": kw.pop("rows", 2)}),
        error_messages={"max_length": _("Teks terlalu panjang (maksimum %(limit_value)d karakter).")}, **kw,
    )  # fmt: skip


class PlanDetailsForm(forms.Form):
    activities = forms.MultipleChoiceField(
        label=_("Kegiatan yang diikuti"), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kegiatan yang dipilih tidak tersedia lagi; muat ulang halaman.")},
    )  # fmt: skip
    partners = forms.MultipleChoiceField(
        label=_("Mitra Pokmas"), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Mitra yang dipilih tidak tersedia lagi; muat ulang halaman.")},
    )  # fmt: skip
    resources_note = _long(_("Kegiatan dan mitra lain (teks bebas)"))
    intensity_note = _long(_("Intensitas kontak"))
    reporting_note = _long(
        _("Catatan frekuensi wajib lapor"),
        help_text=_("Bila klien perlu frekuensi lain, tulis usulan dan alasannya di sini. Jadwal wajib lapor "
                    "diubah di halaman wajib lapor, bukan di rencana ini."),
    )  # fmt: skip
    notes = _long(_("Catatan PK"), rows=3)

    def __init__(self, data=None, *, activities, partners, **kw):
        super().__init__(data, **kw)
        self.fields["activities"].choices = [(str(a.id), label) for a, label in activities]
        self.fields["partners"].choices = [(str(p.id), label) for p, label in partners]

    def ids(self, name: str) -> list[int]:
        return [int(v) for v in self.cleaned_data.get(name) or []]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan perubahan rencana"), max_length=300,
        error_messages={"required": _("Tulis alasan perubahan rencana.")},
    )  # fmt: skip


ATTAINMENT_CHOICES = [("", _("Belum dinilai")), *Attainment.choices]


class EvaluationForm(forms.Form):
    conclusion = _long(_("Kesimpulan"), rows=4)
    recommendation = forms.ChoiceField(
        label=_("Rekomendasi"), required=False, choices=Recommendation.choices, widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Pilih rekomendasi dari daftar.")},
    )  # fmt: skip
    recommendation_note = _long(_("Catatan rekomendasi"))
    confirm = forms.BooleanField(
        label=_("Saya menyatakan evaluasi ini sudah lengkap; setelah final evaluasi tidak dapat diubah."),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, data=None, *, ratings, **kw):
        super().__init__(data, **kw)
        self.ratings = ratings
        for i, r in enumerate(ratings, start=1):
            self.fields[f"att_{r.id}"] = forms.ChoiceField(
                label=_("Capaian sasaran %(n)d") % {"n": i}, required=False, choices=ATTAINMENT_CHOICES,
                widget=forms.RadioSelect, error_messages={"invalid_choice": _("Pilih capaian dari daftar.")},
            )  # fmt: skip
            self.fields[f"note_{r.id}"] = _long(_("Catatan sasaran %(n)d") % {"n": i})
            self.initial.setdefault(f"att_{r.id}", r.attainment)
            self.initial.setdefault(f"note_{r.id}", r.note)

    def rating_rows(self):
        return [(r, self[f"att_{r.id}"], self[f"note_{r.id}"]) for r in self.ratings]


class CoverageFilterForm(forms.Form):
    kanwil = forms.TypedChoiceField(label=_("Kanwil"), coerce=int, required=False, empty_value=None)
    bapas = forms.TypedChoiceField(label=_("Bapas"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, scope: ReportScope):
        super().__init__(data)
        self.scope = scope
        if scope.level == Level.NATIONAL:
            self.fields["kanwil"].choices = [("", _("Semua Kanwil"))] + [
                (k.id, k.name) for k in scope.kanwils
            ]
            self.fields["kanwil"].error_messages["invalid_choice"] = _("Pilih Kanwil dari daftar.")
        else:
            del self.fields["kanwil"]
        if len(scope.units) > 1:
            self.fields["bapas"].choices = [("", _("Semua Bapas"))] + [(u.id, u.name) for u in scope.units]
            self.fields["bapas"].error_messages["invalid_choice"] = _(
                "Pilih Bapas dari daftar; Bapas itu tidak termasuk wilayah Anda."
            )
        else:
            del self.fields["bapas"]

    def filters(self) -> dict:
        data = {}
        if self.is_bound:
            self.is_valid()
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"kanwil": data.get("kanwil"), "bapas": data.get("bapas")}
