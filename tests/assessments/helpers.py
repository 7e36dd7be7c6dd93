"""Small instrument files written by the tests, and assessments made through the real services."""

import textwrap
from pathlib import Path

from bimkemas.assessments.definition import shipped_files
from bimkemas.assessments.models import Instrument

RISK_TOML = """
format = 1
code = "UJI"
version = "{version}"
kind = "risk"
name = "Instrumen uji"
stand_in = true
notice = "PENGGANTI SEMENTARA untuk pengujian."

[option_sets]
yt = [
  {{ value = "tidak", label = "Tidak", score = 0 }},
  {{ value = "ya", label = "Ya", score = 2 }},
]

[[bands]]
code = "rendah"
label = "Rendah"
min = 0

[[bands]]
code = "sedang"
label = "Sedang"
min = 2

[[bands]]
code = "tinggi"
label = "Tinggi"
min = 4

[[sections]]
code = "statis"
kind = "static"
title = "Faktor statis"

[[sections.items]]
code = "A1"
text = "Butir satu"
options = "yt"

[[sections]]
code = "dinamis"
kind = "dynamic"
title = "Faktor dinamis"

[[sections.items]]
code = "B1"
text = "Butir dua"
options = "yt"

[[sections.items]]
code = "B2"
text = "Butir tiga"
options = [
  {{ value = "0", label = "Tidak ada", score = 0 }},
  {{ value = "1", label = "Sedikit", score = 1 }},
]
"""


def risk_toml(version: str = "1") -> str:
    return RISK_TOML.format(version=version)


def write(tmp_path: Path, text: str, name: str = "uji.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def shipped(kind: str) -> Instrument:
    """The shipped instrument of a kind, loaded by the data migration."""
    return Instrument.objects.get(kind=kind, active=True)


def shipped_paths() -> list[Path]:
    return shipped_files()


def all_answers(instrument: Instrument, pick=lambda item: item["options"][0]["value"]) -> dict:
    return {i["code"]: pick(i) for s in instrument.definition["sections"] for i in s["items"]}
