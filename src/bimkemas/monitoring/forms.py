"""Filters of the wajib lapor report (GET): year, Kanwil (Ditjenpas), Bapas (several in scope), month of
the per-PK table (Bapas leads)."""

import datetime as dt

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from bimkemas.monitoring.selectors import Level, ReportScope

FIRST_YEAR = 2019  # the oldest monthly tables the offices keep (seed 002: May 2019)


class ReportFilterForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False, empty_value=None)
    kanwil = forms.TypedChoiceField(label=_("Kanwil"), coerce=int, required=False, empty_value=None)
    bapas = forms.TypedChoiceField(label=_("Bapas"), coerce=int, required=False, empty_value=None)
    bulan = forms.TypedChoiceField(
        label=_("Bulan untuk tabel PK"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, data, *, scope: ReportScope, today: dt.date):
        super().__init__(data)
        self.scope = scope
        self.today = today
        years = range(today.year, FIRST_YEAR - 1, -1)
        self.fields["tahun"].choices = [(y, str(y)) for y in years]
        self.fields["tahun"].error_messages["invalid_choice"] = _(
            "Pilih tahun antara %(first)s dan %(last)s."
        ) % {"first": FIRST_YEAR, "last": today.year}
        if scope.level == Level.NATIONAL:
            self.fields["kanwil"].choices = [("", _("Semua Kanwil"))] + [
                (k.id, k.name) for k in scope.kanwils
            ]
            self.fields["kanwil"].error_messages["invalid_choice"] = _("Pilih Kanwil dari daftar.")
        else:
            del self.fields["kanwil"]
        if len(scope.units) > 1:
            self.fields["bapas"].choices = [("", _("Semua Bapas")), *self._bapas_choices()]
            self.fields["bapas"].error_messages["invalid_choice"] = _(
                "Pilih Bapas dari daftar; Bapas itu tidak termasuk wilayah Anda."
            )
        else:
            del self.fields["bapas"]
        if scope.shows_pks:
            self.fields["bulan"].choices = [("", _("Bulan terakhir"))] + [
                (m, str(MONTHS[m])) for m in range(1, 13)
            ]
            self.fields["bulan"].error_messages["invalid_choice"] = _("Pilih bulan Januari sampai Desember.")
        else:
            del self.fields["bulan"]

    def _bapas_choices(self):
        if self.scope.level != Level.NATIONAL:
            return [(u.id, u.name) for u in self.scope.units]
        groups: dict[str, list] = {}
        for u in self.scope.units:
            groups.setdefault(u.parent.name if u.parent else "—", []).append((u.id, u.name))
        return list(groups.items())

    def clean(self):
        data = super().clean()
        kanwil, bapas = data.get("kanwil"), data.get("bapas")
        if kanwil and bapas:
            unit = next((u for u in self.scope.units if u.id == bapas), None)
            if unit is not None and unit.parent_id != kanwil:
                self.add_error("bapas", _("Bapas ini tidak berada di bawah Kanwil yang dipilih."))
        return data

    def filters(self) -> dict:
        """The chosen filters; a missing or invalid one falls back to its default (errors are shown)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {
            "year": data.get("tahun") or self.today.year,
            "kanwil_id": data.get("kanwil"),
            "bapas_id": data.get("bapas"),
            "month": data.get("bulan"),
        }
