"""`bimkemas instruments load PATH` / `list`: validation, versions, idempotency, all-or-nothing."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bimkemas.assessments.models import Instrument
from tests.assessments.helpers import risk_toml, shipped_paths, write

pytestmark = pytest.mark.django_db


def load(*paths, **kw) -> str:
    from io import StringIO

    out = StringIO()
    call_command("instruments", "load", *map(str, paths), stdout=out, **kw)
    return out.getvalue()


def state() -> list[tuple]:
    return list(Instrument.objects.order_by("id").values_list("code", "version", "active", "checksum"))


def test_fresh_database_has_the_shipped_stand_in_instruments():
    rows = {i.kind: i for i in Instrument.objects.filter(active=True)}
    assert set(rows) == {"risk", "needs"}
    assert rows["risk"].code == "RRI"
    for instrument in rows.values():
        assert instrument.stand_in
        assert "PENGGANTI SEMENTARA" in instrument.notice
    assert len(shipped_paths()) == 2


def test_shipped_files_load_again_as_no_op():
    before = state()
    out = load(*shipped_paths())
    assert out.count("sudah ada, tidak berubah") == 2
    assert state() == before


def test_good_file_loads_and_is_listed(tmp_path, kasi_budi):
    from io import StringIO

    out = load(write(tmp_path, risk_toml("1")), user="kasi_budi")
    assert "dimuat: UJI versi 1 (3 butir), aktif" in out
    row = Instrument.objects.get(code="UJI")
    assert row.active and row.kind == "risk" and row.loaded_by == kasi_budi and len(row.checksum) == 64
    assert row.definition["max_score"] == 5
    listing = StringIO()
    call_command("instruments", "list", stdout=listing)
    assert "UJI\t1\trisk\t3\taktif, PENGGANTI SEMENTARA" in listing.getvalue()


def test_same_file_twice_is_a_no_op(tmp_path):
    path = write(tmp_path, risk_toml("1"))
    load(path)
    before = state()
    assert "sudah ada, tidak berubah: UJI versi 1" in load(path)
    assert state() == before


def test_new_version_adds_a_row_and_becomes_the_active_one(tmp_path):
    load(write(tmp_path, risk_toml("1"), "v1.toml"))
    load(write(tmp_path, risk_toml("2"), "v2.toml"))
    rows = dict(Instrument.objects.filter(code="UJI").values_list("version", "active"))
    assert rows == {"1": False, "2": True}


def test_no_activate_keeps_the_version_in_use(tmp_path):
    load(write(tmp_path, risk_toml("1"), "v1.toml"))
    load(write(tmp_path, risk_toml("2"), "v2.toml"), no_activate=True)
    assert dict(Instrument.objects.filter(code="UJI").values_list("version", "active")) == {
        "1": True,
        "2": False,
    }


def test_same_version_with_other_content_is_refused(tmp_path):
    load(write(tmp_path, risk_toml("1"), "a.toml"))
    before = state()
    changed = risk_toml("1").replace('name = "Instrumen uji"', 'name = "Instrumen uji (diubah)"')
    with pytest.raises(CommandError) as err:
        load(write(tmp_path, changed, "b.toml"))
    assert "b.toml" in str(err.value)
    assert "versi 1 dari instrumen UJI sudah dimuat dengan isi yang berbeda" in str(err.value)
    assert state() == before


def test_one_bad_file_loads_nothing(tmp_path):
    before = state()
    good = write(tmp_path, risk_toml("7"), "good.toml")
    bad = write(tmp_path, risk_toml("8").replace('kind = "risk"', 'kind = "resiko"'), "bad.toml")
    with pytest.raises(CommandError):
        load(good, bad)
    assert state() == before


def test_cli_exits_non_zero_with_a_message_naming_the_problem(tmp_path):
    """The real console command, in its own process (on a throwaway SQLite file: nothing is written)."""
    bad = write(tmp_path, risk_toml("1").replace("score = 1 }", 'score = "satu" }'), "rusak.toml")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "-m", "bimkemas.cli", "instruments", "load", str(bad)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "rusak.toml" in done.stderr
    assert (
        """sections[2] "dinamis" › items[2] "B2" › options[2] "1": bidang 'score' harus bilangan bulat"""
        in done.stderr
    )
    assert "instrumen yang berlaku tidak berubah" in done.stderr


NEEDS_TOML = """
format = 1
code = "KEB"
version = "1"
kind = "needs"
name = "Kebutuhan uji"

[[bands]]
code = "rendah"
label = "Rendah"
min = 0

[[bands]]
code = "tinggi"
label = "Tinggi"
min = 1

[[sections]]
code = "kerja"
kind = "domain"
title = "Pekerjaan"
guidance_fields = ["kemandirian"]

[[sections.bands]]
code = "rendah"
label = "Rendah"
min = 0

[[sections.bands]]
code = "tinggi"
label = "Tinggi"
min = 1

[[sections.items]]
code = "K1"
text = "Tidak bekerja"
options = [
  { value = "0", label = "Tidak", score = 0 },
  { value = "1", label = "Ya", score = 1 },
]
"""

MALFORMED = [
    # (name, file text, fragments the message must contain)
    ("toml-syntax", risk_toml().replace('code = "UJI"', 'code = "UJI'), ["sintaks TOML salah", "line"]),
    ("missing-code", risk_toml().replace('code = "UJI"\n', ""), ["bidang 'code' wajib diisi"]),
    ("bad-kind", risk_toml().replace('kind = "risk"', 'kind = "resiko"'), ["bidang 'kind' harus salah satu dari risk, needs", "'resiko'"]),
    ("bad-format", risk_toml().replace("format = 1", "format = 2"), ["bidang 'format' harus 1"]),
    ("negative-score", risk_toml().replace("score = 1 }", "score = -1 }"),
     ['sections[2] "dinamis" › items[2] "B2" › options[2] "1"', "bidang 'score' harus bilangan bulat ≥ 0"]),
    ("missing-score", risk_toml().replace('label = "Sedikit", score = 1', 'label = "Sedikit"'),
     ['items[2] "B2" › options[2] "1"', "bidang 'score' wajib diisi"]),
    ("unknown-option-set", risk_toml().replace('text = "Butir dua"\noptions = "yt"', 'text = "Butir dua"\noptions = "ytt"'),
     ['items[1] "B1"', "kumpulan pilihan 'ytt' yang tidak ada"]),
    ("one-option", risk_toml().replace('  {{ value = "1", label = "Sedikit", score = 1 }},\n'.replace("{{", "{").replace("}}", "}"), ""),
     ['items[2] "B2"', "sedikitnya dua pilihan"]),
    ("duplicate-option", risk_toml().replace('value = "1", label = "Sedikit"', 'value = "0", label = "Sedikit"'),
     ['items[2] "B2" › options[2] "0"', "nilai '0' dipakai dua kali"]),
    ("duplicate-item", risk_toml().replace('code = "B2"', 'code = "A1"'), ['items[2] "A1"', "kode butir 'A1' dipakai dua kali"]),
    ("missing-text", risk_toml().replace('text = "Butir tiga"\n', ""), ['items[2] "B2"', "bidang 'text' wajib diisi"]),
    ("typo-field", risk_toml().replace('text = "Butir dua"', 'txet = "Butir dua"'), ['items[1] "B1"', "bidang 'txet' tidak dikenal"]),
    ("bands-not-ascending", risk_toml().replace("min = 4", "min = 2"), ['bands[3] "tinggi"', "lebih besar dari batas tingkat sebelumnya (2)"]),
    ("band-unreachable", risk_toml().replace("min = 4", "min = 6"), ['bands[3] "tinggi"', "melebihi skor maksimum instrumen (5)"]),
    ("first-band-not-zero", risk_toml().replace("min = 0", "min = 1", 1), ['bands[1] "rendah"', "harus mulai dari 'min' = 0"]),
    ("no-bands", risk_toml().split("[[bands]]")[0] + "[[sections]]" + risk_toml().split("[[sections]]", 1)[1], ["bidang 'bands' wajib diisi"]),
    ("section-kind", risk_toml().replace('kind = "dynamic"', 'kind = "domain"'), ['sections[2] "dinamis"', "bidang 'kind' bagian harus salah satu dari static, dynamic"]),
    ("stand-in-without-notice", risk_toml().replace('notice = "PENGGANTI SEMENTARA untuk pengujian."\n', ""), ["bidang 'notice' wajib diisi"]),
    ("needs-domain-without-bands", NEEDS_TOML.split("[[sections.bands]]")[0] + "[[sections.items]]" + NEEDS_TOML.split("[[sections.items]]")[1],
     ['sections[1] "kerja"', "bidang 'bands' wajib diisi"]),
    ("needs-unknown-guidance-field", NEEDS_TOML.replace('["kemandirian"]', '["kemandirian", "olahraga"]'),
     ['sections[1] "kerja"', "bidang pembimbingan 'olahraga' tidak dikenal"]),
    ("needs-without-guidance-fields", NEEDS_TOML.replace('guidance_fields = ["kemandirian"]\n', ""),
     ['sections[1] "kerja"', "harus menyebut 'guidance_fields'"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "fragments"), [pytest.param(t, f, id=n) for n, t, f in MALFORMED])
def test_malformed_file_is_refused_with_a_clear_message_and_nothing_changes(tmp_path, text, fragments):
    before = state()
    path = write(tmp_path, text, "salah.toml")
    with pytest.raises(CommandError) as err:
        load(path)
    message = str(err.value)
    assert "salah.toml" in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert state() == before


def test_the_needs_sample_itself_is_valid(tmp_path):
    assert "dimuat: KEB versi 1" in load(write(tmp_path, NEEDS_TOML, "keb.toml"))


def test_file_not_utf8_or_missing(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(risk_toml().replace("Butir satu", "Butir sat\xfc").encode("latin-1"))
    with pytest.raises(CommandError, match="bukan teks UTF-8"):
        load(path)
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        load(tmp_path / "tidak-ada.toml")
