"""Name keys for search and duplicate detection: case, punctuation, titles and common spellings.

A light normalisation; the linkage app does the full Indonesian normalisation for matching.
"""

import re
import unicodedata

_TITLES = {
    "h",
    "hj",
    "drs",
    "dra",
    "dr",
    "ir",
    "sh",
    "se",
    "spd",
    "st",
    "skom",
    "amd",
    "prof",
    "haji",
    "hajjah",
}
_SPELLING = [("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh")]
_MUHAMMAD = {"muhammad", "mohammad", "muhamad", "mohamad", "muhammed", "moh", "muh", "m", "mhd", "md"}


def name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(s\.\s*h|s\.\s*e|s\.\s*pd|a\.\s*md|s\.\s*kom)\b\.?", " ", text)
    words = re.sub(r"[^a-z ]+", " ", text).split()
    out = []
    for w in words:
        if w in _TITLES:
            continue
        if w in _MUHAMMAD:
            w = "muhammad"
        for old, new in _SPELLING:
            w = w.replace(old, new)
        out.append(w)
    return " ".join(out)
