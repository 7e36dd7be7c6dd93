"""Indonesian name, place, date and NIK normalisation for record linkage.

Every rule here runs on both sides before comparison, so a rule only has to make two spellings of
the same name equal; it never has to produce the "correct" spelling. The rules, in order:

1. Unicode is folded to ASCII and lower-cased; apostrophes vanish ("Ma'ruf" → "maruf"), every other
   punctuation mark separates tokens.
2. Titles and honorifics are dropped: prefixes (H., Hj., K.H., Drs., Dr., Ir., Prof., Tn., Ny., Sdr.,
   …) at the start, academic degrees (S.H., S.E., S.Pd., M.M., M.Si., A.Md., …) at the end or after
   a comma. Degree keys that are also real name parts ("Ma", "St") are dropped only when written
   with dots or after a comma.
3. ``bin``/``binti``/``bt``/``bn``/``b.``/``ibn``/``bte`` split the name: what follows is the
   father's name, kept as a separate feature. Batak ``br.``/``boru`` is dropped (the marga stays).
4. Old spelling (before 1972): ``oe``→``u``, ``dj``→``j``, ``tj``→``c``, ``sj``→``sy``, ``ch``→``kh``
   everywhere; in a token that shows an old marker (oe, dj, tj, sj) the old ``j`` is also read as
   ``y`` and ``nj`` as ``ny`` ("Soenjoto" → "sunyoto", "Djojo" → "joyo"). A modern "Panjaitan" or
   "Joko" is left alone.
5. Spelling variants map to one token: Muhammad/Mohammad/Muhamad/Mochamad/Moh./Muh./Mhd./M.
   (a leading "M." only) → ``muhammad``; Nur/Noor/Nor → ``nur``; Abdul/Abd./Abdoel → ``abdul``;
   Achmad/Akhmad/Ahmat → ``ahmad``; Siti/Sitti → ``siti``.
6. Features: tokens in order, tokens sorted (reordered parts compare equal), first and last token,
   a phonetic key per token (for one-letter spelling slips), the father's name.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# ── Titles ───────────────────────────────────────────────────────────────────────────────────────
# Keys are the token with dots removed, lower case.
PREFIX_TITLES = frozenset(
    {
        "h", "hj", "haji", "hajah", "kh", "kyai", "kiai", "drs", "dra", "dr", "drg", "ir", "prof",
        "tn", "ny", "nn", "nona", "sdr", "sdri", "sdra", "bpk", "bapak", "ibu", "ust", "ustadz",
        "ustad", "ustadzah", "habib", "syekh", "tuan", "nyonya", "alm", "almh", "almarhum",
        "almarhumah", "raden", "rr", "rm", "ra", "kanjeng", "gusti", "bu", "pak",
    }
)  # fmt: skip
DEGREE_TITLES = frozenset(
    {
        "sh", "se", "spd", "spdi", "mm", "mh", "msi", "mpd", "mkes", "mkom", "mba", "mag", "mhum",
        "skom", "ssos", "sag", "shi", "sthi", "sip", "ssi", "skm", "sked", "sfarm", "ssit", "stp",
        "sp", "ssn", "sikom", "shum", "sgz", "skep", "ners", "amd", "amdkeb", "amdkep", "amk",
        "phd", "msc", "bsc", "llm", "mt", "mtr", "mkn", "mak", "mae", "mse", "spog", "spa", "sppd",
        "ak", "cpa", "lc", "ma", "ba", "st", "sr", "jr",
    }
)  # fmt: skip
# Degree keys that are also ordinary name parts: drop only when dotted or after a comma.
AMBIGUOUS_DEGREES = frozenset({"ma", "ba", "st", "sp", "ak", "mt", "sr", "lc", "se", "mm", "mh"})
# Prefix keys that are also ordinary given names: drop only when dotted or followed by more names.
AMBIGUOUS_PREFIXES = frozenset({"h", "ra", "rm", "rr", "bu", "pak", "ibu", "raden", "gusti"})

FATHER_SEPARATORS = frozenset({"bin", "binti", "bt", "bn", "b", "bte", "ibn", "ibnu", "binte", "bint"})
DROPPED_PARTICLES = frozenset({"br", "boru"})

MUHAMMAD = "muhammad"
VARIANTS: dict[str, str] = {
    **dict.fromkeys(
        [
            "muhammad", "muhamad", "muhammed", "muhamed", "mohammad", "mohamad", "mohammed", "mohamed",
            "mochammad", "mochamad", "mokhammad", "mokhamad", "muchammad", "muchamad", "mukhammad",
            "mukhamad", "mohamat", "muhamat", "muhammat", "moh", "muh", "mhd", "mohd", "muhd",
            "mhmd", "mochd", "mch", "mukhamat", "mokhamat",
        ],
        MUHAMMAD,
    ),
    **dict.fromkeys(["nur", "noor", "nor", "nuur", "noer"], "nur"),
    **dict.fromkeys(["abdul", "abd", "abdoel", "abdol", "abdull"], "abdul"),
    **dict.fromkeys(["ahmad", "achmad", "akhmad", "ahmat", "achmat", "akhmat", "ahmed", "achmed"], "ahmad"),
    **dict.fromkeys(["siti", "sitti", "sity"], "siti"),
}  # fmt: skip

_OLD_MARKERS = ("oe", "dj", "tj", "sj")
_SPLIT = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\D")


_APOSTROPHES = str.maketrans("", "", "'`’‘")


def fold(text: str) -> str:
    """ASCII, lower case; apostrophes removed, so Ma'ruf and Maruf are one token."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.encode("ascii", "ignore").decode("ascii")
    return text.lower().translate(_APOSTROPHES)


def old_spelling(token: str) -> str:
    """Spell one lower-case token the modern way (EYD, 1972)."""
    if not token:
        return token
    old = any(m in token for m in _OLD_MARKERS)
    if old:
        token = token.replace("dj", "\x01").replace("tj", "c").replace("sj", "\x02").replace("nj", "ny")
        token = token.replace("j", "y").replace("\x01", "j").replace("\x02", "sy")
        token = token.replace("oe", "u")
    return token.replace("ch", "kh")


@lru_cache(maxsize=200_000)
def canonical_token(token: str) -> str:
    """Old spelling modernised, then known spelling variants mapped to one form."""
    if token in VARIANTS:
        return VARIANTS[token]
    modern = old_spelling(token)
    return VARIANTS.get(modern, modern)


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """A short key equal for spellings that sound alike (and for many one-letter slips).

    Keeps the first letter, merges digraphs that are written both ways (kh/h, dh/d, th/t, ph/f,
    sy/s, ny/n, ng/n), q/k, v/f, z/j, x/s, drops the other vowels and h, and collapses repeated letters.
    """
    if not token:
        return ""
    if token.isdigit():
        return token
    t = re.sub(r"(.)\1+", r"\1", token)
    for a, b in (("kh", "h"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("sy", "s"), ("ny", "n"), ("ng", "n")):
        t = t.replace(a, b)
    t = t.translate(str.maketrans({"q": "k", "v": "f", "z": "j", "x": "s"}))
    first, rest = t[0], t[1:]
    if first in "aiueo":
        first = "a"
    rest = "".join(c for c in rest if c not in "aiueoh")
    out = first
    for c in rest:
        if c != out[-1]:
            out += c
    return out


@dataclass(frozen=True)
class NameParts:
    tokens: tuple[str, ...]  # the person's own name, in written order, normalised
    father: tuple[str, ...]  # after bin/binti, normalised

    @property
    def norm(self) -> str:
        return " ".join(self.tokens)

    @property
    def sorted(self) -> str:
        return " ".join(sorted(self.tokens))

    @property
    def all_sorted(self) -> str:
        return " ".join(sorted(self.tokens + self.father))

    @property
    def core(self) -> tuple[str, ...]:
        """Tokens without "muhammad", which half of the men may or may not write."""
        core = tuple(t for t in self.tokens if t != MUHAMMAD)
        return core or self.tokens

    @property
    def core_sorted(self) -> str:
        return " ".join(sorted(self.core))

    @property
    def phonetic_sorted(self) -> str:
        return " ".join(sorted(phonetic(t) for t in self.core))


_PLAIN = re.compile(r"[a-z ]*")


def _raw_tokens(text: str) -> list[tuple[str, bool, bool]]:
    """(key, dotted, after_comma) for each whitespace/punctuation-separated part of folded text."""
    if _PLAIN.fullmatch(text):  # the common case: letters and spaces only
        return [(word, False, False) for word in text.split()]
    out: list[tuple[str, bool, bool]] = []
    after_comma = False
    for chunk in re.split(r"(,)", text):
        if chunk == ",":
            after_comma = True
            continue
        for word in chunk.split():
            dotted = "." in word
            # "S.H." and "S.Pd." are one word; "M.Nur" is two.
            if re.fullmatch(r"([a-z]{1,4}\.)+[a-z]{0,4}\.?", word) and word.replace(".", "") in (
                PREFIX_TITLES | DEGREE_TITLES
            ):
                out.append((word.replace(".", ""), True, after_comma))
                continue
            for part in _SPLIT.split(word):
                if part:
                    out.append((part, dotted, after_comma))
    return out


def normalize_name(raw: str | None) -> NameParts:
    """Normalise a written Indonesian name into its parts (see the module docstring)."""
    if not raw:
        return NameParts((), ())
    return _normalize_folded(fold(raw))


@lru_cache(maxsize=500_000)
def _normalize_folded(text: str) -> NameParts:
    parts = _raw_tokens(text)
    # Leading titles; one that is also a name part ("H", "Raden") only when written with a dot.
    while len(parts) > 1:
        key, dotted, _comma = parts[0]
        if key in PREFIX_TITLES and (dotted or key not in AMBIGUOUS_PREFIXES):
            parts.pop(0)
            continue
        break
    # Trailing degrees, and anything after a comma that is a degree.
    kept: list[tuple[str, bool, bool]] = []
    for i, (key, dotted, comma) in enumerate(parts):
        if key in DEGREE_TITLES:
            trailing = all(k in DEGREE_TITLES for k, _d, _c in parts[i:])
            if comma or dotted or (trailing and key not in AMBIGUOUS_DEGREES and kept):
                continue
        kept.append((key, dotted, comma))
    tokens: list[str] = []
    father: list[str] = []
    target = tokens
    for i, (key, dotted, _comma) in enumerate(kept):
        if key in FATHER_SEPARATORS and target is father:
            continue  # "Agus bin Slamet bin Paijo": the grandfather joins the father's part
        # "bin"/"binti" after a name and before another; a bare "b" is an initial, "b." is "bin".
        if key in FATHER_SEPARATORS and target is tokens and tokens and i < len(kept) - 1:
            if key != "b" or dotted:
                target = father
                continue
        if key in DROPPED_PARTICLES and tokens and i < len(kept) - 1:
            continue
        if key == "m" and not tokens and target is tokens and i < len(kept) - 1:
            target.append(MUHAMMAD)
            continue
        target.append(canonical_token(key))
    return NameParts(tuple(tokens), tuple(father))


_ALIAS = re.compile(r"\s+(?:alias|als\.?|a\.k\.a\.?|aka)\s+|\s*@\s*", re.IGNORECASE)


def split_aliases(raw: str) -> list[str]:
    """ "Agus Santoso alias Gendut" (or "als.", "@") → ["Agus Santoso", "Gendut"]."""
    return [part.strip() for part in _ALIAS.split(raw or "") if part.strip()]


@lru_cache(maxsize=100_000)
def normalize_place(raw: str | None) -> str:
    """A birth place: "Kab. Sleman", "KABUPATEN SLEMAN" and "Sleman" are one place."""
    if not raw:
        return ""
    tokens = [canonical_token(t) for t in _SPLIT.split(fold(raw)) if t]
    while tokens and tokens[0] in {
        "kab",
        "kabupaten",
        "kota",
        "kotamadya",
        "kodya",
        "kec",
        "kecamatan",
        "desa",
    }:
        tokens.pop(0)
    return " ".join(tokens)


# ── Birth dates ──────────────────────────────────────────────────────────────────────────────────
def parse_birth_date(raw: str | None) -> dt.date | None:
    """ISO ``YYYY-MM-DD`` (the file contract); empty → None; anything else raises ValueError."""
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def day_month_swapped(a: dt.date, b: dt.date) -> bool:
    """The same date with day and month exchanged (a 03-04 written as 04-03)."""
    return a != b and a.year == b.year and a.day == b.month and a.month == b.day


def components_agreeing(a: dt.date, b: dt.date) -> int:
    """How many of year, month, day are equal (3 = same date)."""
    return (a.year == b.year) + (a.month == b.month) + (a.day == b.day)


def one_component_off(a: dt.date, b: dt.date) -> bool:
    """Exactly one of year, month, day differs (a typo in one part of the date)."""
    return components_agreeing(a, b) == 2


# ── NIK ──────────────────────────────────────────────────────────────────────────────────────────
def normalize_nik(raw: str | None) -> str:
    """Digits only; a NIK that is not 16 digits after that is treated as missing."""
    if not raw:
        return ""
    digits = _DIGITS.sub("", str(raw))
    return digits if len(digits) == 16 else ""


def nik_distance(a: str, b: str) -> int | None:
    """Number of differing digits of two NIKs (None if either is missing)."""
    if not a or not b or len(a) != len(b):
        return None
    return sum(x != y for x, y in zip(a, b, strict=True))


def nik_close(a: str, b: str) -> bool:
    """The same NIK, or one digit off."""
    d = nik_distance(a, b)
    return d is not None and d <= 1
