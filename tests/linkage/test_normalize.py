"""One test (or a few) per normalisation rule in bimkemas.linkage.normalize."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bimkemas.linkage.normalize import (
    components_agreeing,
    day_month_swapped,
    fold,
    nik_close,
    nik_distance,
    normalize_name,
    normalize_nik,
    normalize_place,
    old_spelling,
    one_component_off,
    parse_birth_date,
    phonetic,
    split_aliases,
)

# Names as our pools write them: letters, 1–4 parts.
name_part = st.sampled_from(
    ["Agus", "Santoso", "Siti", "Rahayu", "Budi", "Wibowo", "Dewi", "Lestari", "Yohanes", "Siregar", "Eko",
     "Nugroho", "Sri", "Wahyuni", "Bambang", "Hidayat", "Ratna", "Saputra", "Joko", "Panjaitan"]
)  # fmt: skip
names = st.lists(name_part, min_size=1, max_size=4, unique=True).map(" ".join)
# Few examples (the inputs are small) and no deadline: the suite shares the machine with others.
fast = settings(max_examples=40, deadline=None)


def tokens(raw):
    return normalize_name(raw).tokens


# ── Case and punctuation ─────────────────────────────────────────────────────────────────────────
def test_case_and_spaces_do_not_matter():
    assert tokens("  AGUS   santoso ") == tokens("Agus Santoso") == ("agus", "santoso")


def test_apostrophes_vanish_and_other_punctuation_separates():
    assert tokens("Ma'ruf Amin") == ("maruf", "amin")
    assert tokens("Agus-Santoso") == ("agus", "santoso")


def test_accents_are_folded_to_ascii():
    assert fold("Désirée") == "desiree"


@fast
@given(names)
def test_upper_and_lower_case_give_the_same_parts(name):
    assert normalize_name(name.upper()) == normalize_name(name.lower()) == normalize_name(name)


# ── Titles and honorifics ────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "prefix", ["H.", "Hj.", "Drs.", "Dra.", "Dr.", "Ir.", "Prof.", "K.H.", "Ny.", "Sdr.", "DRS"]
)
def test_title_before_the_name_is_dropped(prefix):
    assert tokens(f"{prefix} Agus Santoso") == ("agus", "santoso")


@pytest.mark.parametrize(
    "degree", [", S.H.", ", S.E.", ", S.Pd.", ", M.M.", " S.Pd.I", ", S.H., M.H.", " SH", ", A.Md."]
)
def test_degree_after_the_name_is_dropped(degree):
    assert tokens(f"Agus Santoso{degree}") == ("agus", "santoso")


def test_title_and_degree_together():
    assert tokens("Dr. Ir. H. Bambang Wibowo, M.Si.") == ("bambang", "wibowo")


def test_degree_like_name_parts_stay_unless_dotted():
    assert tokens("Ma Lin") == ("ma", "lin")
    assert tokens("Lin Ma") == ("lin", "ma")
    assert tokens("Lin, M.A.") == ("lin",)


def test_bare_h_is_an_initial_not_haji():
    assert tokens("H Agus") == ("h", "agus")
    assert tokens("H. Agus") == ("agus",)


def test_a_title_alone_is_kept_as_the_name():
    assert tokens("Dr.") == ("dr",)


@fast
@given(names, st.sampled_from(["H.", "Hj.", "Drs.", "Ir."]), st.sampled_from([", S.H.", ", S.E.", ""]))
def test_titles_never_change_the_name(name, prefix, degree):
    assert tokens(f"{prefix} {name}{degree}") == tokens(name)


# ── bin / binti ──────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("sep", ["bin", "binti", "bt", "bt.", "bn", "b.", "BIN", "Binti", "ibn"])
def test_bin_separates_the_fathers_name_which_is_kept(sep):
    parts = normalize_name(f"Siti Aminah {sep} Abdul Rahman")
    assert parts.tokens == ("siti", "aminah")
    assert parts.father == ("abdul", "rahman")
    assert parts.all_sorted == "abdul aminah rahman siti"


def test_grandfather_after_a_second_bin_joins_the_father_part():
    parts = normalize_name("Agus bin Slamet bin Paijo")
    assert parts.tokens == ("agus",)
    assert parts.father == ("slamet", "paijo")


def test_bare_b_is_an_initial():
    assert normalize_name("Budi B Santoso").father == ()


def test_bin_at_the_start_or_end_is_a_name_part():
    assert tokens("Bin Laden") == ("bin", "laden")
    assert tokens("Agus bin") == ("agus", "bin")


def test_batak_boru_particle_is_dropped_and_the_marga_kept():
    assert (
        tokens("Sondang br. Simanjuntak") == tokens("Sondang boru Simanjuntak") == ("sondang", "simanjuntak")
    )


# ── Spelling variants ────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "variant",
    ["Muhammad", "Mohammad", "Muhamad", "Mohamad", "Mochamad", "Mochammad", "Moh.", "Muh.", "Mhd.", "M."],
)
def test_muhammad_variants_become_one_token(variant):
    assert tokens(f"{variant} Rizky") == ("muhammad", "rizky")


def test_single_letter_m_is_muhammad_only_at_the_start():
    assert tokens("M. Rizky") == ("muhammad", "rizky")
    assert tokens("Rizky M. Akbar") == ("rizky", "m", "akbar")


def test_core_leaves_out_muhammad():
    assert normalize_name("Moh. Rizky Akbar").core == ("rizky", "akbar")
    assert normalize_name("Muhammad").core == ("muhammad",)


@pytest.mark.parametrize("variant", ["Nur", "Noor", "Nor", "Noer"])
def test_nur_variants(variant):
    assert tokens(f"{variant} Hidayah") == ("nur", "hidayah")


@pytest.mark.parametrize("variant", ["Abdul", "Abd.", "Abdoel"])
def test_abdul_variants(variant):
    assert tokens(f"{variant} Rahman") == ("abdul", "rahman")


@pytest.mark.parametrize("variant", ["Ahmad", "Achmad", "Akhmad", "Ahmat"])
def test_ahmad_variants(variant):
    assert tokens(variant) == ("ahmad",)


# ── Old spelling ─────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("soeharto", "suharto"),  # oe → u
        ("djoko", "joko"),  # dj → j
        ("tjipto", "cipto"),  # tj → c
        ("sjamsul", "syamsul"),  # sj → sy
        ("chairul", "khairul"),  # ch → kh
        ("soenjoto", "sunyoto"),  # old token: nj → ny
        ("djojo", "joyo"),  # old token: the old j is y
        ("tjahjono", "cahyono"),
    ],
)
def test_old_spelling_is_modernised(old, new):
    assert old_spelling(old) == new


@pytest.mark.parametrize("modern", ["joko", "panjaitan", "anjar", "jaya", "wijaya"])
def test_modern_j_and_nj_are_left_alone(modern):
    assert old_spelling(modern) == modern


def test_old_and_new_spelling_of_a_full_name_are_equal():
    assert (
        normalize_name("Soekarno Djojohadikoesoemo").tokens == normalize_name("Sukarno Joyohadikusumo").tokens
    )


# ── Token sorting, phonetic key ──────────────────────────────────────────────────────────────────
@fast
@given(st.lists(name_part, min_size=1, max_size=4, unique=True), st.randoms())
def test_reordered_parts_have_the_same_sorted_name(parts, rnd):
    shuffled = parts[:]
    rnd.shuffle(shuffled)
    assert normalize_name(" ".join(parts)).sorted == normalize_name(" ".join(shuffled)).sorted


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("muhammad", "muhamad"),  # a doubled letter
        ("saputra", "saputera"),  # an extra vowel
        ("santoso", "santosa"),  # a vowel slip
        ("ramadhan", "ramadan"),  # dh/d
        ("fathur", "fatur"),  # th/t
        ("syaiful", "saiful"),  # sy/s
        ("zainal", "jainal"),  # z/j
        ("rifqi", "rifki"),  # q/k
        ("evi", "efi"),  # v/f
        ("akhmad", "ahmad"),  # kh/h
    ],
)
def test_phonetic_key_is_equal_for_spellings_that_sound_alike(a, b):
    assert phonetic(a) == phonetic(b)


@pytest.mark.parametrize(("a", "b"), [("budi", "dodi"), ("agus", "bagus"), ("santoso", "susanto")])
def test_phonetic_key_differs_for_different_names(a, b):
    assert phonetic(a) != phonetic(b)


@fast
@given(name_part, st.integers(min_value=1, max_value=6))
def test_a_doubled_letter_keeps_the_phonetic_key(part, position):
    word = part.lower()
    i = min(position, len(word) - 1)
    assert phonetic(word[:i] + word[i] + word[i:]) == phonetic(word)


def test_phonetic_of_empty_and_digits():
    assert phonetic("") == ""
    assert phonetic("123") == "123"


# ── Aliases, places ──────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("sep", [" alias ", " als. ", " ALS ", " @ ", "@"])
def test_alias_in_the_name_field_splits_into_names(sep):
    assert split_aliases(f"Agus Santoso{sep}Gendut") == ["Agus Santoso", "Gendut"]


def test_a_name_without_alias_stays_whole():
    assert split_aliases("Salsabila") == ["Salsabila"]


@pytest.mark.parametrize("place", ["Sleman", "KAB. SLEMAN", "Kabupaten Sleman", "kab sleman"])
def test_birth_place_prefixes_are_dropped(place):
    assert normalize_place(place) == "sleman"


def test_birth_place_old_spelling():
    assert normalize_place("Soerabaja") == normalize_place("Surabaya") == "surabaya"
    assert normalize_place("") == ""


# ── Birth dates ──────────────────────────────────────────────────────────────────────────────────
def test_birth_date_parses_iso_and_empty():
    assert parse_birth_date("1980-03-04") == dt.date(1980, 3, 4)
    assert parse_birth_date(" ") is None


@pytest.mark.parametrize("bad", ["04-03-1980", "1980/03/04", "1980-02-30", "19800304"])
def test_birth_date_rejects_other_forms(bad):
    with pytest.raises(ValueError):
        parse_birth_date(bad)


def test_day_month_swap():
    assert day_month_swapped(dt.date(1980, 3, 4), dt.date(1980, 4, 3))
    assert not day_month_swapped(dt.date(1980, 3, 4), dt.date(1981, 4, 3))
    assert not day_month_swapped(dt.date(1980, 3, 3), dt.date(1980, 3, 3))


@fast
@given(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2010, 12, 31)))
def test_swapping_twice_is_symmetric(d):
    if d.day <= 12 and d.day != d.month:
        swapped = d.replace(month=d.day, day=d.month)
        assert day_month_swapped(d, swapped) and day_month_swapped(swapped, d)


def test_one_component_off():
    base = dt.date(1980, 3, 4)
    assert one_component_off(base, dt.date(1981, 3, 4))
    assert one_component_off(base, dt.date(1980, 5, 4))
    assert one_component_off(base, dt.date(1980, 3, 14))
    assert not one_component_off(base, base)
    assert not one_component_off(base, dt.date(1981, 4, 4))
    assert components_agreeing(base, base) == 3


# ── NIK ──────────────────────────────────────────────────────────────────────────────────────────
def test_nik_normalisation_keeps_sixteen_digits_only():
    assert normalize_nik("3471 0203 5700 0021") == "3471020357000021"
    assert normalize_nik("34710203570") == ""
    assert normalize_nik(None) == ""


def test_nik_exact_or_one_digit_off():
    nik = "3471020357000021"
    assert nik_close(nik, nik)
    assert nik_close(nik, "3471020357000031")
    assert not nik_close(nik, "3471020357000032".replace("35", "36"))
    assert nik_distance(nik, "") is None
    assert not nik_close(nik, "")


@fast
@given(st.text(alphabet="0123456789", min_size=16, max_size=16), st.integers(0, 15), st.integers(1, 9))
def test_any_single_digit_change_is_one_off(nik, position, delta):
    changed = nik[:position] + str((int(nik[position]) + delta) % 10) + nik[position + 1 :]
    assert nik_distance(nik, changed) == 1
    assert nik_close(nik, changed)
