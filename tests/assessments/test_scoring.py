"""Scoring is a pure function of the definition and the answers; every band boundary is tested.

For each shipped instrument and each cut-off, answers are built that give exactly the cut-off score and
one point below it, and the band (overall, and per domain for needs instruments) is checked.
"""

import pytest

from bimkemas.assessments.definition import parse_bytes, parse_file, shipped_files
from bimkemas.assessments.scoring import DOWN, NEW, SAME, UP, band_for, clean_answers, compare, score
from tests.assessments.helpers import risk_toml

SHIPPED = {p.name: parse_file(p).definition for p in shipped_files()}
SMALL = parse_bytes(risk_toml().encode(), source="uji.toml").definition


def answers_for(items: list[dict], target: int) -> dict:
    """Answers to `items` summing to exactly `target` (greedy: highest option that still fits)."""
    answers, left = {}, target
    for item in items:
        option = max((o for o in item["options"] if o["score"] <= left), key=lambda o: o["score"])
        answers[item["code"]] = option["value"]
        left -= option["score"]
    assert left == 0, f"cannot reach {target}"
    return answers


def all_items(definition: dict) -> list[dict]:
    return [i for s in definition["sections"] for i in s["items"]]


def boundary_cases():
    for name, definition in {**SHIPPED, "uji.toml": SMALL}.items():
        bands = definition["bands"]
        for below, band in zip(bands, bands[1:], strict=False):
            yield pytest.param(name, band["min"], band["code"], id=f"{name}-{band['code']}-at-{band['min']}")
            yield pytest.param(
                name, band["min"] - 1, below["code"], id=f"{name}-{below['code']}-at-{band['min'] - 1}"
            )
        yield pytest.param(name, 0, bands[0]["code"], id=f"{name}-zero")
        yield pytest.param(name, definition["max_score"], bands[-1]["code"], id=f"{name}-max")


@pytest.mark.parametrize(("name", "total", "expected"), list(boundary_cases()))
def test_total_band_at_every_boundary(name, total, expected):
    definition = SHIPPED.get(name, SMALL)
    result = score(definition, answers_for(all_items(definition), total))
    assert result.complete
    assert result.total == total
    assert result.band.code == expected


def domain_boundary_cases():
    for name, definition in SHIPPED.items():
        for section in definition["sections"]:
            bands = section["bands"]
            for below, band in zip(bands, bands[1:], strict=False):
                yield pytest.param(
                    name,
                    section["code"],
                    band["min"],
                    band["code"],
                    id=f"{section['code']}-{band['code']}-at-{band['min']}",
                )
                yield pytest.param(
                    name,
                    section["code"],
                    band["min"] - 1,
                    below["code"],
                    id=f"{section['code']}-{below['code']}-at-{band['min'] - 1}",
                )


DOMAIN_CASES = list(domain_boundary_cases())


def test_needs_instrument_has_bands_for_every_domain():
    needs = next(d for d in SHIPPED.values() if d["kind"] == "needs")
    assert len(DOMAIN_CASES) == 2 * sum(len(s["bands"]) - 1 for s in needs["sections"])
    assert all(len(s["bands"]) == 3 for s in needs["sections"])
    assert {s["code"] for s in needs["sections"]} >= {"pendidikan", "pekerjaan", "keuangan", "keluarga",
                                                      "tempat_tinggal", "pergaulan", "napza", "sikap"}  # fmt: skip


@pytest.mark.parametrize(("name", "domain", "points", "expected"), DOMAIN_CASES)
def test_domain_band_at_every_boundary(name, domain, points, expected):
    definition = SHIPPED[name]
    answers = {}
    for section in definition["sections"]:
        answers.update(answers_for(section["items"], points if section["code"] == domain else 0))
    result = score(definition, answers)
    section = result.section(domain)
    assert section.score == points
    assert section.band.code == expected
    others = {s.band.code for s in result.sections if s.code != domain}
    assert others == {definition["sections"][0]["bands"][0]["code"]}


def test_band_ranges_follow_the_cut_offs():
    bands = SMALL["bands"]
    assert [(b.code, b.min, b.max) for b in (band_for(bands, s, 5) for s in (0, 2, 4))] == [
        ("rendah", 0, 1), ("sedang", 2, 3), ("tinggi", 4, 5),
    ]  # fmt: skip


def test_missing_answers_are_reported_and_score_nothing():
    result = score(SMALL, {"A1": "ya"})
    assert result.total == 2 and result.band.code == "sedang"
    assert result.missing == ("B1", "B2")
    assert not result.complete and result.answered == 1


def test_unknown_items_and_options_are_caught():
    valid, problems = clean_answers(SMALL, {"A1": "ya", "B1": "mungkin", "Z9": "ya", "B2": ""})
    assert valid == {"A1": "ya"}
    assert problems == {"B1": "unknown_option", "Z9": "unknown_item"}


def test_top_items_explain_the_band_highest_score_first():
    result = score(SMALL, {"A1": "tidak", "B1": "ya", "B2": "1"})
    assert [i.code for i in result.top_items()] == ["B1", "B2"]
    assert result.top_items()[0].answer_label == "Ya"
    assert result.band.code == "sedang"
    assert result.points_to_next_band == 1
    assert result.points_above_band_floor == 1


def test_top_band_has_no_next_band():
    result = score(SMALL, {"A1": "ya", "B1": "ya", "B2": "1"})
    assert result.band.code == "tinggi" and result.points_to_next_band is None


def test_comparison_per_section_up_down_same():
    before = score(SMALL, {"A1": "ya", "B1": "ya", "B2": "0"})
    after = score(SMALL, {"A1": "ya", "B1": "tidak", "B2": "1"})
    comparison = compare(after, before)
    changes = {c.code: c for c in comparison.sections}
    assert changes["statis"].direction == SAME
    assert (changes["dinamis"].before, changes["dinamis"].after, changes["dinamis"].delta) == (2, 1, -1)
    assert changes["dinamis"].direction == DOWN and changes["dinamis"].size == 1
    assert comparison.total.direction == DOWN
    assert (comparison.total.band_before.code, comparison.total.band_after.code) == ("tinggi", "sedang")
    assert compare(before, after).total.direction == UP


def test_comparison_marks_sections_new_in_a_later_version():
    other = parse_bytes(
        risk_toml("2").replace('code = "dinamis"', 'code = "dinamis2"').encode(), source="v2"
    ).definition
    comparison = compare(score(other, {}), score(SMALL, {}))
    assert {c.code: c.direction for c in comparison.sections} == {"statis": SAME, "dinamis2": NEW}
