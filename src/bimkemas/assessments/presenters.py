"""Shapes the templates need: the form's items with their options, the result with its explanation."""

from bimkemas.assessments.definition import GUIDANCE_FIELD_LABELS
from bimkemas.assessments.forms import ITEM_PREFIX, AnswersForm
from bimkemas.assessments.models import Assessment
from bimkemas.assessments.scoring import bands_of, compare, localized

BAND_CLASSES = {"rendah": "text-bg-success", "sedang": "text-bg-warning", "tinggi": "text-bg-danger"}


def band_class(code: str) -> str:
    return BAND_CLASSES.get(code, "text-bg-secondary")


def _chosen(form: AnswersForm, name: str) -> str:
    if form.is_bound:
        return form.data.get(name, "")
    return str(form.initial.get(name, "") or "")


def fill_sections(definition: dict, form: AnswersForm) -> list[dict]:
    sections = []
    for sec in definition["sections"]:
        items = []
        for item in sec["items"]:
            name = ITEM_PREFIX + item["code"]
            chosen = _chosen(form, name)
            items.append({
                "code": item["code"], "name": name, "text": localized(item, "text"), "help": localized(item, "help"),
                "errors": form.errors.get(name, []), "answered": bool(chosen),
                "options": [{"value": o["value"], "label": localized(o, "label"), "score": o["score"],
                             "checked": o["value"] == chosen, "id": f"id_{name}_{i}"}
                            for i, o in enumerate(item["options"])],
            })  # fmt: skip
        sections.append({"code": sec["code"], "title": localized(sec, "title"),
                         "description": localized(sec, "description"), "items": items})  # fmt: skip
    return sections


def instrument_sections(definition: dict) -> list[dict]:
    return [
        {
            "code": sec["code"],
            "kind": sec["kind"],
            "title": localized(sec, "title"),
            "description": localized(sec, "description"),
            "max_score": sec["max_score"],
            "bands": bands_of(sec.get("bands") or [], sec["max_score"]),
            "guidance": [GUIDANCE_FIELD_LABELS[f] for f in sec.get("guidance_fields") or []],
            "items": [
                {
                    "code": i["code"],
                    "text": localized(i, "text"),
                    "help": localized(i, "help"),
                    "options": [{"label": localized(o, "label"), "score": o["score"]} for o in i["options"]],
                }
                for i in sec["items"]
            ],
        }  # fmt: skip
        for sec in definition["sections"]
    ]


def result_context(assessment: Assessment, previous: Assessment | None) -> dict:
    definition = assessment.instrument.definition
    result = assessment.result()
    previous_result = previous.result() if previous else None
    comparison = compare(result, previous_result) if previous_result else None
    changes = {c.code: c for c in comparison.sections} if comparison else {}
    sections = [
        {"score": s, "band_class": band_class(s.band.code) if s.band else "",
         "guidance": [GUIDANCE_FIELD_LABELS[f] for f in s.guidance_fields], "change": changes.get(s.code),
         "items": [i for i in result.items if i.section == s.code]}
        for s in result.sections
    ]  # fmt: skip
    needs = assessment.instrument.kind == "needs"
    priority = sorted(
        (s for s in sections if s["score"].band and s["score"].band.index > 0),
        key=lambda s: (-s["score"].band.index, -s["score"].score),
    )
    return {
        "result": result,
        "band_class": band_class(result.band.code) if result.band else "",
        "bands": bands_of(definition["bands"], definition["max_score"]),
        "top_items": result.top_items(),
        "sections": sections,
        "needs": needs,
        "priority_needs": priority if needs else [],
        "previous": previous,
        "comparison": comparison,
        "total_change": comparison.total if comparison else None,
    }
