"""Each comparison level of the stored model, checked on pairs of records (engine.explain_pairs)."""

import pytest

from bimkemas.linkage.engine import explain_pair, explain_pairs

BASE = {
    "id": "1",
    "nik": "3404011203800021",
    "name": "Agus Budi Santoso",
    "birth_date": "1980-03-12",
    "birth_place": "Sleman",
    "sex": "L",
    "mother_name": "Sri Lestari",
    "address": "Jl. Kaliurang No. 5",
}


NAME_CASES = [
    ("AGUS BUDI SANTOSO", "same normalised name (any order)"),
    ("Santoso, Agus Budi", "same normalised name (any order)"),
    ("H. Agus Budi Santoso, S.H.", "same normalised name (any order)"),
    ("AGUS BUDI SANTOSO BIN SLAMET", "same normalised name (any order)"),
    ("Agus Budi Santosa", "same phonetic key"),
    ("Agus Santoso", "2+ name parts, one name inside the other"),
    ("Agus Budi Sanyoso", "similar name (Jaro-Winkler ≥ 0.92), first and last parts each similar"),
    ("Agus", "single name inside the other"),
    ("Bambang Wibowo", "All other comparisons"),
]
DATE_CASES = [
    ("1980-03-12", "Exact match on dob"),
    ("1980-12-03", "day and month swapped"),
    ("1980-03-13", "one of year/month/day differs"),
    ("1990-03-12", "one of year/month/day differs"),
    ("1980-01-01", "same year"),
    ("1975-07-30", "All other comparisons"),
    ("", ""),
]
NIK_CASES = [
    ("3404011203800021", "Exact match on nik"),
    ("3404011303800021", "same region and serial, birth date part differs"),
    ("3404011203800022", "region and serial one digit off"),
    ("3171015507910003", "All other comparisons"),
    ("", ""),
]
MOTHER_CASES = [
    ("SRI LESTARI", "Exact match on mother"),
    ("Sri Lestarri", "same phonetic key"),
    ("Sri Lestary", "Jaro-Winkler distance of mother >= 0.88"),
    ("Sri", "same first name (phonetic)"),
    ("Painem", "All other comparisons"),
]
PLACE_CASES = [("KAB. SLEMAN", "Exact match on place"), ("Bantul", "All other comparisons")]
FIELDS = {
    "name": ("name", NAME_CASES),
    "birth_date": ("birth_date", DATE_CASES),
    "nik": ("nik", NIK_CASES),
    "mother": ("mother_name", MOTHER_CASES),
    "place": ("birth_place", PLACE_CASES),
}


@pytest.fixture(scope="module")
def levels():
    """Every case above scored in one go: {(comparison, value): level label}."""
    keys = [(comparison, value) for comparison, (_col, cases) in FIELDS.items() for value, _label in cases]
    pairs = [(BASE, {**BASE, FIELDS[comparison][0]: value}) for comparison, value in keys]
    return {key: result.levels[key[0]] for key, result in zip(keys, explain_pairs(pairs), strict=True)}


@pytest.mark.parametrize(("other", "expected"), NAME_CASES)
def test_name_levels(levels, other, expected):
    assert levels["name", other] == expected


def test_muhammad_spellings_and_dropping_are_one_name():
    base = {**BASE, "name": "Muhammad Rizky Akbar"}
    assert (
        explain_pair(base, {**base, "name": "MOH. RIZKY AKBAR"}).levels["name"]
        == "same normalised name (any order)"
    )
    assert (
        explain_pair(base, {**base, "name": "Rizky Akbar"})
        .levels["name"]
        .startswith("same name without Muhammad")
    )


def test_old_spelling_is_the_same_name():
    base = {**BASE, "name": "Suharto Cahyono"}
    assert (
        explain_pair(base, {**base, "name": "Soeharto Tjahjono"}).levels["name"]
        == "same normalised name (any order)"
    )


@pytest.mark.parametrize(("other", "expected"), DATE_CASES)
def test_birth_date_levels(levels, other, expected):
    assert levels["birth_date", other] == expected


@pytest.mark.parametrize(("other", "expected"), NIK_CASES)
def test_nik_levels(levels, other, expected):
    assert levels["nik", other] == expected


@pytest.mark.parametrize(("other", "expected"), MOTHER_CASES)
def test_mother_levels(levels, other, expected):
    assert levels["mother", other] == expected


@pytest.mark.parametrize(("other", "expected"), PLACE_CASES)
def test_birth_place_levels(levels, other, expected):
    assert levels["place", other] == expected


def test_a_clear_match_and_a_clear_non_match():
    written_elsewhere = {
        **BASE,
        "nik": "",
        "name": "AGUS SANTOSO BIN SLAMET",
        "birth_date": "1980-12-03",
        "birth_place": "KAB. SLEMAN",
    }
    stranger = {
        **BASE,
        "nik": "3171015507910003",
        "name": "Dewi Rahayu",
        "birth_date": "1991-07-15",
        "sex": "P",
        "mother_name": "Tukiyem",
    }
    match, non_match = explain_pairs([(BASE, written_elsewhere), (BASE, stranger)])
    assert match.probability > 0.99
    assert non_match.probability < 0.01


def test_a_disagreeing_nik_weighs_against_a_match():
    same_name_and_date = {**BASE, "nik": "3171011203800007", "mother_name": "Painem"}
    result = explain_pair(BASE, same_name_and_date)
    assert result.weights["nik"] < -3
    assert result.weights["name"] > 0 and result.weights["birth_date"] > 0
