from django import forms
from django.utils.translation import gettext_lazy as _

from bimkemas.notify.models import Channel, MessageStatus


class MessageFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua"))] + MessageStatus.choices
    )
    channel = forms.ChoiceField(
        label=_("Kanal"), required=False, choices=[("", _("Semua"))] + Channel.choices
    )
    date_from = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Tanggal awal tidak valid; tulis seperti 2026-01-31.")},
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Tanggal akhir tidak valid; tulis seperti 2026-01-31.")},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Tanggal akhir harus sama dengan atau sesudah tanggal awal."))
        return data

    def filters(self) -> dict:
        """The valid filters only: an invalid field is ignored (and its error shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {k: data.get(k) or ("" if k in ("status", "channel") else None) for k in self.fields}
