"""Forms: creating a Litmas, the return comment, the approver designation; and reading the section fields
of the edit page (built from the Litmas's own definition) out of a POST."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bimkemas.litmas.kinds import localized

EXTRA_ROWS = 2  # blank rows offered under a table's filled ones


def input_name(key: str) -> str:
    """'kasus.chronology' → 'kasus__chronology' (a name safe in HTML ids and CSS selectors)."""
    return key.replace(".", "__")


def values_from_post(definition: list[dict], data) -> dict:
    """The section values present in a POST (fields absent from it are left out, so a partial post
    saves only what it carries). Table rows come as NAME__<i>__<column>, with NAME__rows = row count."""
    values: dict = {}
    for section in definition:
        for field in section["fields"]:
            key = f"{section['code']}.{field['code']}"
            name = input_name(key)
            if field["type"] == "table-rows":
                count = data.get(f"{name}__rows")
                if count is None:
                    continue
                try:
                    n = min(int(count), 200)
                except ValueError:
                    continue
                rows = []
                for i in range(n):
                    rows.append(
                        {c["code"]: data.get(f"{name}__{i}__{c['code']}", "") for c in field["columns"]}
                    )
                values[key] = rows
            elif name in data:
                values[key] = data.get(name, "")
    return values


def sections_for_form(definition: list[dict], values: dict, errors: dict | None = None) -> list[dict]:
    """What the edit template renders: sections with fields, their input names, values and errors."""
    errors = errors or {}
    out = []
    for number, section in enumerate(definition, 1):
        fields = []
        for field in section["fields"]:
            key = f"{section['code']}.{field['code']}"
            value = values.get(key, [] if field["type"] == "table-rows" else "")
            item = {
                "key": key,
                "name": input_name(key),
                "label": localized(field, "label"),
                "help": localized(field, "help"),
                "type": field["type"],
                "required": field["required"],
                "value": value,
                "errors": errors.get(key, []),
                "choices": field.get("choices", []),
                "prefilled": bool(field.get("prefill")),
            }
            if field["type"] == "table-rows":
                columns = [{"code": c["code"], "label": localized(c, "label")} for c in field["columns"]]
                rows = list(value or []) + [{}] * EXTRA_ROWS
                item["columns"] = columns
                item["rows"] = [
                    {
                        "index": i,
                        "cells": [
                            {"code": c["code"], "label": c["label"], "value": r.get(c["code"], "")}
                            for c in columns
                        ],
                    }  # fmt: skip
                    for i, r in enumerate(rows)
                ]
            fields.append(item)
        out.append({
            "number": number, "code": section["code"], "title": localized(section, "title"),
            "help": localized(section, "help"), "fields": fields,
            "has_errors": any(f["errors"] for f in fields),
        })  # fmt: skip
    return out


class CreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis Litmas"), choices=())
    requested_by = forms.CharField(
        label=_("Pihak yang meminta Litmas"),
        max_length=200,
        required=False,
        help_text=_("Misalnya Kepala Lapas, penyidik, penuntut umum, hakim, atau Kepala Bapas sendiri."),
    )
    purpose = forms.CharField(label=_("Tujuan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(
        label=_("Batas waktu"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Kosongkan untuk Litmas pembimbingan: batasnya dihitung dari tanggal serah terima."),
        error_messages={"invalid": _("Batas waktu: tanggal tidak valid.")},
    )

    def __init__(self, *args, kinds: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("— pilih jenis —"))] + [
            (k["code"], localized(k, "label")) for k in kinds
        ]
        self.fields["kind"].error_messages["required"] = _("Pilih jenis Litmas.")
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "Jenis Litmas ini tidak berlaku untuk klien ini."
        )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Catatan untuk PK (apa yang harus diperbaiki)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Catatan pengembalian wajib diisi: tulis apa yang harus diperbaiki.")},
    )


class ApproverForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Pejabat"),
        queryset=None,
        empty_label=_("— pilih Kasi/Kasubsi —"),
        error_messages={
            "required": _("Pilih pejabat yang ditunjuk."),
            "invalid_choice": _("Pejabat ini tidak dapat ditunjuk."),
        },  # fmt: skip
    )
    note = forms.CharField(label=_("Keterangan"), max_length=200, required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({', '.join(u.role_labels)})"
