"""Synthetic person lists with known matches, for the linkage benchmark and tests.

Two lists in the ``bimkemas link`` file format: Bapas clients (some with alias rows) and prison
admissions. A share of the clients also appear among the admissions, written the way another
office would write them: upper case, "bin"/"binti" and the father's name, titles and degrees,
Muhammad/Moh./M. and Nur/Noor variants, old spelling (oe, dj, tj, sj, ch), one-letter typos,
dropped or reordered name parts, a single name only, a nickname ("alias"), birth dates with day and
month swapped, a typo or only the year known, NIKs missing or one digit off, birth place and
mother's name missing or misspelt. Every admission — matching or not — goes through the same
recording habits, so the style of a record says nothing about whether it matches.

Names come from the demo name pools (``bimkemas.core.demo_data``). Nothing describes a real person.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from bimkemas.core.demo_data import (
    DUSUN,
    MUHAMMAD_VARIANTS,
    NAME_GROUPS,
    STREETS,
    mother_name,
    nik_make,
    person_name,
)

COLUMNS = ("id", "nik", "name", "birth_date", "birth_place", "sex", "mother_name", "address")
DISTRICTS = ["347101", "347102", "347105", "340401", "340405", "340210", "340201", "340103", "340307",
             "330801", "331001", "337401", "317101", "327301", "127101", "737101", "167101", "147101"]  # fmt: skip
MALE_FIRST = sorted({n for g in NAME_GROUPS.values() for n in g["male"]})
FEMALE_FIRST = sorted({n for g in NAME_GROUPS.values() for n in g["female"]})
FEMALE_LAST = sorted({n for g in NAME_GROUPS.values() for n in g.get("female_last", []) if " " not in n})
FEMALE_SINGLE = sorted({n for g in NAME_GROUPS.values() for n in g.get("female_single", [])})
PREFIX_TITLES_M = ["H.", "Drs.", "Ir.", "Dr.", "K.H."]
PREFIX_TITLES_F = ["Hj.", "Dra.", "Dr.", "Ny."]
DEGREES = ["S.H.", "S.E.", "S.Pd.", "M.M.", "S.Kom.", "S.Sos.", "A.Md.", "S.T.", "M.H."]
KEYBOARD = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class Person:
    sex: str
    name: str
    place: str
    aliases: list[str]
    birth: dt.date
    mother: str
    father: str
    nik: str
    address: str


@dataclass
class Dataset:
    clients: list[dict]
    admissions: list[dict]
    true_pairs: set[tuple[str, str]] = field(default_factory=set)


def _person(rng: random.Random, used_niks: set[str], today: dt.date) -> Person:
    sex = "P" if rng.random() < 0.12 else "L"
    name, _religion, place, aliases = person_name(rng, sex)
    tokens = name.split()
    # The demo pools are small (a few hundred first × last combinations per group): at 400,000
    # people that makes many namesakes born on the same day, more than a country of 280 million
    # names has. A middle name from all groups' first names (common in Indonesia: "Agus Budi
    # Santoso") brings the variety closer; one-word names stay one word.
    if len(tokens) >= 2 and rng.random() < 0.6:
        middle = rng.choice(FEMALE_FIRST if sex == "P" else MALE_FIRST)
        if middle not in tokens:
            tokens.insert(len(tokens) - 1, middle)
            name = " ".join(tokens)
    birth = today - dt.timedelta(days=rng.randint(15 * 365, 75 * 365))
    nik = nik_make(rng, rng.choice(DISTRICTS), birth, sex, used_niks)
    if rng.random() < 0.5:
        address = f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}"
    else:
        address = f"Dusun {rng.choice(DUSUN)} RT {rng.randint(1, 12):02d}/RW {rng.randint(1, 9):02d}"
    return Person(sex, name, place, aliases, birth, _mother_name(rng), rng.choice(MALE_FIRST), nik, address)


def _mother_name(rng: random.Random) -> str:
    """The demo's mother names (10 one-word names for half the mothers) widened the same way."""
    if rng.random() < 0.2:
        return mother_name(rng)
    if rng.random() < 0.2:
        return rng.choice(FEMALE_SINGLE + FEMALE_FIRST)
    return f"{rng.choice(FEMALE_FIRST)} {rng.choice(FEMALE_LAST)}"


# ── Corruptions ──────────────────────────────────────────────────────────────────────────────────
def typo(rng: random.Random, word: str) -> str:
    """One letter substituted, dropped, doubled or two letters swapped."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))  # writers rarely get the first letter wrong
    op = rng.random()
    if op < 0.4:
        c = rng.choice(KEYBOARD)
        return word[:i] + (c.upper() if word[i].isupper() else c) + word[i + 1 :]
    if op < 0.65:
        return word[:i] + word[i + 1 :]
    if op < 0.85:
        return word[:i] + word[i] + word[i:]
    if i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:-1]


def to_old_spelling(word: str) -> str:
    """Spell a modern name the pre-1972 way: Suharto → Soeharto, Joko → Djoko, Cahyono → Tjahjono."""
    w = word
    for new, old in (
        ("kh", "ch"),
        ("sy", "sj"),
        ("ny", "nj"),
        ("c", "tj"),
        ("j", "dj"),
        ("y", "j"),
        ("u", "oe"),
    ):
        w = w.replace(new, old).replace(new.capitalize(), old.capitalize())
    return w


def _date_noise(rng: random.Random, d: dt.date) -> str:
    r = rng.random()
    try:
        if r < 0.04 and d.day <= 12 and d.day != d.month:
            return d.replace(month=d.day, day=d.month).isoformat()
        if r < 0.07:
            return d.replace(day=rng.randint(1, 28)).isoformat()
        if r < 0.09:
            return d.replace(month=rng.randint(1, 12)).isoformat()
        if r < 0.11:
            return d.replace(year=d.year + rng.choice((-1, 1, -10, 10))).isoformat()
        if r < 0.13:
            return dt.date(d.year, 1, 1).isoformat()  # only the year known
        if r < 0.145:
            return ""
    except ValueError:
        pass
    return d.isoformat()


def _nik_noise(rng: random.Random, nik: str) -> str:
    if rng.random() < 0.04:
        i = rng.randrange(len(nik))
        return nik[:i] + str((int(nik[i]) + rng.randint(1, 9)) % 10) + nik[i + 1 :]
    return nik


def _name_as_written_elsewhere(rng: random.Random, p: Person) -> str:
    tokens = p.name.split()
    if p.aliases and rng.random() < 0.04:  # known under a nickname
        return f"{p.name} alias {p.aliases[0]}" if rng.random() < 0.5 else p.aliases[0]
    if tokens[0] in MUHAMMAD_VARIANTS and len(tokens) > 1:
        if rng.random() < 0.2:
            del tokens[0]  # "M. Agus Santoso" written "Agus Santoso"
        elif rng.random() < 0.6:
            tokens[0] = rng.choice(MUHAMMAD_VARIANTS)
    if rng.random() < 0.05 and len(tokens) >= 2:  # first name only / a single name
        tokens = [t for t in tokens if t not in MUHAMMAD_VARIANTS][:1] or tokens[:1]
    elif rng.random() < 0.08 and len(tokens) >= 3:  # a middle part dropped
        del tokens[rng.randrange(1, len(tokens) - 1)]
    elif rng.random() < 0.05 and len(tokens) >= 2:  # parts reordered
        tokens = tokens[1:] + tokens[:1]
    if rng.random() < 0.08:
        i = rng.randrange(len(tokens))
        tokens[i] = to_old_spelling(tokens[i])
    if rng.random() < 0.2:
        i = rng.randrange(len(tokens))
        tokens[i] = typo(rng, tokens[i])
    tokens = [{"Nur": "Noor", "Abdul": "Abd."}.get(t, t) if rng.random() < 0.5 else t for t in tokens]
    name = " ".join(tokens)
    r = rng.random()
    if r < 0.25:
        name = f"{name} {'binti' if p.sex == 'P' else 'bin'} {p.father}"
    elif r < 0.3:
        name = f"{rng.choice(PREFIX_TITLES_F if p.sex == 'P' else PREFIX_TITLES_M)} {name}"
    elif r < 0.33:
        name = f"{name}, {rng.choice(DEGREES)}"
    if rng.random() < 0.6:
        name = name.upper()
    return name


def _place_noise(rng: random.Random, place: str) -> str:
    r = rng.random()
    if r < 0.08:
        return ""
    if r < 0.16:
        return f"Kab. {place}"
    if r < 0.2:
        return typo(rng, place)
    return place.upper() if rng.random() < 0.5 else place


def _mother_noise(rng: random.Random, mother: str) -> str:
    r = rng.random()
    if r < 0.3:
        return ""
    if r < 0.38:
        return typo(rng, mother)
    if r < 0.43:
        return mother.split()[0]
    return mother.upper() if rng.random() < 0.5 else mother


def client_rows(rng: random.Random, p: Person, pid: str) -> list[dict]:
    """The Bapas record: clean-ish, with a title now and then, plus one row per alias."""
    name = p.name
    if rng.random() < 0.03:
        name = f"{'Hj.' if p.sex == 'P' else 'H.'} {name}"
    row = {
        "id": pid,
        "nik": p.nik if rng.random() < 0.95 else "",
        "name": name,
        "birth_date": p.birth.isoformat(),
        "birth_place": p.place,
        "sex": p.sex,
        "mother_name": p.mother if rng.random() < 0.9 else "",
        "address": p.address,
    }
    return [row] + [{**row, "name": alias} for alias in p.aliases]


def admission_row(rng: random.Random, p: Person, pid: str, *, nik_missing_rate: float) -> dict:
    """The prison's record of the same person, written by someone else."""
    return {
        "id": pid,
        "nik": "" if rng.random() < nik_missing_rate else _nik_noise(rng, p.nik),
        "name": _name_as_written_elsewhere(rng, p),
        "birth_date": _date_noise(rng, p.birth),
        "birth_place": _place_noise(rng, p.place),
        "sex": p.sex if rng.random() > 0.005 else ("L" if p.sex == "P" else "P"),
        "mother_name": _mother_noise(rng, p.mother),
        "address": p.address if rng.random() < 0.5 else "",
    }


def generate(
    *, clients: int, admissions: int, overlap: float = 0.05, seed: int = 6, nik_missing_rate: float = 0.5
) -> Dataset:
    """``clients`` Bapas clients, ``admissions`` prison admissions, ``overlap`` × clients in both."""
    rng = random.Random(seed)
    today = dt.date(2026, 11, 22)
    used: set[str] = set()
    people = [_person(rng, used, today) for _ in range(clients)]
    client_list: list[dict] = []
    for i, p in enumerate(people):
        client_list.extend(client_rows(rng, p, f"K{i:07d}"))
    shared = rng.sample(range(clients), round(clients * overlap))
    admission_people = [(people[i], f"K{i:07d}") for i in shared]
    admission_people += [(_person(rng, used, today), None) for _ in range(admissions - len(shared))]
    rng.shuffle(admission_people)
    admission_list: list[dict] = []
    pairs: set[tuple[str, str]] = set()
    for j, (p, client_id) in enumerate(admission_people):
        pid = f"L{j:07d}"
        admission_list.append(admission_row(rng, p, pid, nik_missing_rate=nik_missing_rate))
        if client_id:
            pairs.add((client_id, pid))
    return Dataset(client_list, admission_list, pairs)


def write_csv(rows: list[dict], path: str | os.PathLike) -> Path:
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path
