"""Scoring, explanation and comparison: pure functions of a normalised definition and the answers.

`answers` maps item code → chosen option value. Bands are half-open ranges given by their lower
bound `min`: a score belongs to the last band whose `min` is ≤ the score.
"""

from dataclasses import dataclass, field

from django.utils.translation import get_language

TOP_ITEMS = 5


def localized(data: dict, key: str) -> str:
    """`key_en` when the UI is in English and the file gives one, else the Indonesian `key`."""
    if (get_language() or "").startswith("en") and data.get(f"{key}_en"):
        return data[f"{key}_en"]
    return data.get(key, "")


@dataclass(frozen=True)
class Band:
    code: str
    min: int
    max: int | None  # inclusive upper bound; None for the top band
    index: int  # 0 = lowest
    data: dict = field(repr=False, compare=False)

    @property
    def label(self) -> str:
        return localized(self.data, "label")


def bands_of(bands: list[dict], max_score: int | None = None) -> list[Band]:
    out = []
    for i, b in enumerate(bands):
        upper = bands[i + 1]["min"] - 1 if i + 1 < len(bands) else max_score
        out.append(Band(code=b["code"], min=b["min"], max=upper, index=i, data=b))
    return out


def band_for(bands: list[dict], score: int, max_score: int | None = None) -> Band | None:
    """The band a score falls in; None when the definition has no bands."""
    found = None
    for band in bands_of(bands, max_score):
        if score >= band.min:
            found = band
    return found


@dataclass(frozen=True)
class ItemScore:
    code: str
    section: str
    value: str | None
    score: int
    max_score: int
    order: int
    data: dict = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        return localized(self.data, "text")

    @property
    def answer_label(self) -> str:
        for opt in self.data["options"]:
            if opt["value"] == self.value:
                return localized(opt, "label")
        return ""


@dataclass(frozen=True)
class SectionScore:
    code: str
    kind: str
    score: int
    max_score: int
    answered: int
    total: int
    band: Band | None
    guidance_fields: tuple[str, ...]
    data: dict = field(repr=False, compare=False)

    @property
    def title(self) -> str:
        return localized(self.data, "title")


@dataclass(frozen=True)
class Result:
    total: int
    max_total: int
    band: Band | None
    sections: tuple[SectionScore, ...]
    items: tuple[ItemScore, ...]  # every item, answered or not, in instrument order
    missing: tuple[str, ...]  # codes of unanswered items

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def answered(self) -> int:
        return len(self.items) - len(self.missing)

    def top_items(self, n: int = TOP_ITEMS) -> list[ItemScore]:
        """The items that drove the score: highest score first, then highest share of their maximum."""
        scored = [i for i in self.items if i.score > 0]
        scored.sort(key=lambda i: (-i.score, -i.score / (i.max_score or 1), i.order))
        return scored[:n]

    @property
    def points_to_next_band(self) -> int | None:
        if self.band is None or self.band.max is None or self.band.max >= self.max_total:
            return None
        return self.band.max + 1 - self.total

    @property
    def points_above_band_floor(self) -> int | None:
        return None if self.band is None else self.total - self.band.min

    def section(self, code: str) -> SectionScore | None:
        return next((s for s in self.sections if s.code == code), None)


def clean_answers(definition: dict, answers: dict) -> tuple[dict, dict[str, str]]:
    """Keep the answers that name an item and one of its options; return (answers, problems by item)."""
    valid: dict[str, str] = {}
    problems: dict[str, str] = {}
    options = {
        i["code"]: {o["value"] for o in i["options"]} for s in definition["sections"] for i in s["items"]
    }
    for code, value in (answers or {}).items():
        if value in (None, ""):
            continue
        if code not in options:
            problems[code] = "unknown_item"
        elif str(value) not in options[code]:
            problems[code] = "unknown_option"
        else:
            valid[code] = str(value)
    return valid, problems


def score(definition: dict, answers: dict) -> Result:
    answers = answers or {}
    sections, items, missing = [], [], []
    order = 0
    for sec in definition["sections"]:
        sec_score = answered = 0
        for item in sec["items"]:
            value = answers.get(item["code"])
            points = next((o["score"] for o in item["options"] if o["value"] == value), None)
            if points is None:
                value = None
                missing.append(item["code"])
            else:
                answered += 1
                sec_score += points
            items.append(ItemScore(code=item["code"], section=sec["code"], value=value, score=points or 0,
                                   max_score=item["max_score"], order=order, data=item))  # fmt: skip
            order += 1
        sections.append(SectionScore(
            code=sec["code"], kind=sec["kind"], score=sec_score, max_score=sec["max_score"], answered=answered,
            total=len(sec["items"]), band=band_for(sec.get("bands") or [], sec_score, sec["max_score"]),
            guidance_fields=tuple(sec.get("guidance_fields") or ()), data=sec,
        ))  # fmt: skip
    total = sum(s.score for s in sections)
    return Result(
        total=total,
        max_total=definition["max_score"],
        band=band_for(definition["bands"], total, definition["max_score"]),
        sections=tuple(sections),
        items=tuple(items),
        missing=tuple(missing),
    )


def domain_scores(result: Result) -> dict:
    """The per-section figures stored on an assessment (JSON)."""
    return {
        s.code: {"score": s.score, "max": s.max_score, "band": s.band.code if s.band else "",
                 "answered": s.answered, "total": s.total}
        for s in result.sections
    }  # fmt: skip


# --- comparison with the previous assessment ----------------------------------------------------

UP, DOWN, SAME, NEW = "up", "down", "same", "new"


@dataclass(frozen=True)
class Change:
    code: str
    title: str
    before: int | None
    after: int
    band_before: Band | None
    band_after: Band | None

    @property
    def delta(self) -> int | None:
        return None if self.before is None else self.after - self.before

    @property
    def size(self) -> int:
        """The change without its sign (for "naik 2" / "turun 2")."""
        return abs(self.delta or 0)

    @property
    def direction(self) -> str:
        if self.before is None:
            return NEW
        return UP if self.after > self.before else DOWN if self.after < self.before else SAME


@dataclass(frozen=True)
class Comparison:
    total: Change
    sections: tuple[Change, ...]


def compare(current: Result, previous: Result) -> Comparison:
    """Change per section (matched by code) and in total; a higher score means more risk or need."""
    changes = []
    for sec in current.sections:
        before = previous.section(sec.code)
        changes.append(Change(code=sec.code, title=sec.title, before=before.score if before else None,
                              after=sec.score, band_before=before.band if before else None, band_after=sec.band))  # fmt: skip
    total = Change(code="", title="", before=previous.total, after=current.total,
                   band_before=previous.band, band_after=current.band)  # fmt: skip
    return Comparison(total=total, sections=tuple(changes))
