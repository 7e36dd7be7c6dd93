"""Prefill sources: the names a field of kinds.toml may give as `prefill`, each computing a value from the
client and case records when a Litmas draft is created.

Each source has a type ("text", "date" or "rows") that kinds.py checks against the field's type: text
sources fill text, textarea and choice fields, date sources fill date fields (ISO text), rows sources
fill table-rows fields (a list of {column code: text}). Add a source here, then name it in the file.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PrefillContext:
    case: object  # bimkemas.cases.models.Case (already authorised by the caller)
    requested_by: str = ""
    purpose: str = ""
    created_date: dt.date | None = None

    @property
    def person(self):
        return self.case.person


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def _person_address(ctx: PrefillContext) -> str:
    from bimkemas.cases.documents import person_address

    return person_address(ctx.person)


def _birth(ctx: PrefillContext) -> str:
    p = ctx.person
    return ", ".join(x for x in (p.birth_place, _date(p.birth_date)) if x)


def _sentence(ctx: PrefillContext) -> str:
    c = ctx.case
    if c.sentence_months is None:
        return ""
    text = _("%(n)d bulan") % {"n": c.sentence_months}
    if c.sentence_days:
        text += " " + _("%(n)d hari") % {"n": c.sentence_days}
    return text


def _sk(ctx: PrefillContext) -> str:
    c = ctx.case
    if not c.sk_number:
        return ""
    return _("%(number)s, tanggal %(date)s") % {"number": c.sk_number, "date": _date(c.sk_date)}


def _period(ctx: PrefillContext) -> str:
    c = ctx.case
    return _("%(start)s s.d. %(end)s") % {"start": _date(c.period_start), "end": _date(c.period_end)}


def _sources(ctx: PrefillContext) -> list[dict]:
    c = ctx.case
    rows = [{"source": _("Klien"), "detail": ctx.person.name}]
    if c.guarantor_name:
        guarantor = c.guarantor_name + (f" ({c.guarantor_relation})" if c.guarantor_relation else "")
        rows.append({"source": _("Penjamin/keluarga"), "detail": guarantor})
    if c.sk_number:
        rows.append({"source": _("Surat keputusan (SK)"), "detail": _sk(ctx)})
    if c.origin_institution:
        rows.append({"source": _("Lapas/Rutan asal"), "detail": c.origin_institution})
    return rows


def _guarantor_rows(ctx: PrefillContext) -> list[dict]:
    c = ctx.case
    if not c.guarantor_name:
        return []
    return [{"name": c.guarantor_name, "relation": c.guarantor_relation, "age": "", "occupation": "",
             "note": _("Penjamin")}]  # fmt: skip


def _assessment_summary(ctx: PrefillContext) -> str:
    """The latest final risk and needs assessments of the case, one line each."""
    from bimkemas.assessments.selectors import case_assessments

    lines, seen = [], set()
    for a in case_assessments(case=ctx.case).filter(status="final"):
        if a.instrument.code in seen:
            continue
        seen.add(a.instrument.code)
        lines.append(
            _("%(instrument)s (%(date)s): skor %(score)s, tingkat %(band)s.")
            % {
                "instrument": a.instrument.display_name,
                "date": _date(a.assessed_at.date() if a.assessed_at else None),
                "score": a.total_score,
                "band": a.band_label,
            }  # fmt: skip
        )
    return "\n".join(lines)


def _display(field: str) -> Callable[[PrefillContext], str]:
    def get(ctx: PrefillContext) -> str:
        return str(getattr(ctx.person, f"get_{field}_display")()) if getattr(ctx.person, field) else ""

    return get


SOURCES: dict[str, tuple[str, Callable[[PrefillContext], object]]] = {
    "litmas.requested_by": ("text", lambda ctx: ctx.requested_by),
    "litmas.purpose": ("text", lambda ctx: ctx.purpose),
    "litmas.created_date": ("date", lambda ctx: ctx.created_date.isoformat() if ctx.created_date else ""),
    "person.full_name": ("text", lambda ctx: ctx.person.name),
    "person.aliases": ("text", lambda ctx: ", ".join(a.name for a in ctx.person.aliases.order_by("id"))),
    "person.nik": ("text", lambda ctx: ctx.person.nik or ""),
    "person.birth": ("text", _birth),
    "person.birth_date": (
        "date",
        lambda ctx: ctx.person.birth_date.isoformat() if ctx.person.birth_date else "",
    ),
    "person.sex": ("text", _display("sex")),
    "person.religion": ("text", _display("religion")),
    "person.education": ("text", _display("education")),
    "person.occupation": ("text", lambda ctx: ctx.person.occupation),
    "person.marital_status": ("text", _display("marital_status")),
    "person.mother_name": ("text", lambda ctx: ctx.person.mother_name),
    "person.address": ("text", _person_address),
    "case.register_number": ("text", lambda ctx: ctx.case.register_number),
    "case.programme": ("text", lambda ctx: str(ctx.case.get_programme_display())),
    "case.sk_number": ("text", _sk),
    "case.sk_date": ("date", lambda ctx: ctx.case.sk_date.isoformat() if ctx.case.sk_date else ""),
    "case.offence_article": ("text", lambda ctx: ctx.case.offence_article),
    "case.offence_category": (
        "text",
        lambda ctx: str(ctx.case.get_offence_category_display()) if ctx.case.offence_category else "",
    ),
    "case.sentence": ("text", _sentence),
    "case.origin_institution": ("text", lambda ctx: ctx.case.origin_institution),
    "case.handover_date": ("date", lambda ctx: ctx.case.handover_date.isoformat()),
    "case.period": ("text", _period),
    "case.guarantor_name": ("text", lambda ctx: ctx.case.guarantor_name),
    "case.guarantor_relation": ("text", lambda ctx: ctx.case.guarantor_relation),
    "case.guarantor_address": ("text", lambda ctx: ctx.case.guarantor_address),
    "case.guarantor_phone": ("text", lambda ctx: ctx.case.guarantor_phone),
    "case.general_conditions": ("text", lambda ctx: ctx.case.general_conditions),
    "case.special_conditions": ("text", lambda ctx: ctx.case.special_conditions),
    "case.sources": ("rows", _sources),
    "case.guarantor_rows": ("rows", _guarantor_rows),
    "assessment.summary": ("text", _assessment_summary),
}

# Which source types may fill which field types.
COMPATIBLE = {"text": "text", "textarea": "text", "choice": "text", "date": "date", "table-rows": "rows"}


def prefill_values(definition: list[dict], ctx: PrefillContext) -> dict:
    """Initial values for every field of a definition: its prefill source, else its default, else empty."""
    values: dict = {}
    for section in definition:
        for field in section["fields"]:
            key = f"{section['code']}.{field['code']}"
            value = None
            if field.get("prefill"):
                value = SOURCES[field["prefill"]][1](ctx)
            if not value and field.get("default"):
                value = field["default"]
            if field["type"] == "table-rows":
                columns = [c["code"] for c in field["columns"]]
                value = [{c: str(row.get(c, "") or "") for c in columns} for row in (value or [])]
            elif field["type"] == "choice" and value not in field["choices"]:
                value = ""
            values[key] = value or ([] if field["type"] == "table-rows" else "")
    return values
