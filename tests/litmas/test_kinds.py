"""The kinds file: the shipped one is valid; malformed ones are refused with a message naming the place."""

import pytest

from bimkemas.litmas.kinds import DEFAULT_FILE, KindsFileError, catalogue, parse_file, parse_text

GOOD = """
format = 1
[[sections]]
code = "pendahuluan"
title = "Pendahuluan"
  [[sections.fields]]
  code = "purpose"
  label = "Tujuan"
  type = "textarea"
  required = true
[[kinds]]
code = "bimbingan"
label = "Litmas bimbingan"
title = "Litmas untuk Pembimbingan"
sections = ["pendahuluan"]
"""


def test_shipped_file_is_valid_and_says_it_is_data():
    cat = parse_file(DEFAULT_FILE)
    assert "tanpa mengubah kode" in DEFAULT_FILE.read_text(encoding="utf-8")
    for code in ("pembimbingan", "diversi", "sidang_anak", "sidang_dewasa", "anak_bawah_12", "asimilasi",
                 "integrasi_pb", "integrasi_cb", "integrasi_cmb", "cmk", "pemindahan"):  # fmt: skip
        assert code in cat.kinds
    # The victim's response only where the kind requires it.
    assert "tanggapan_korban" in cat.kinds["diversi"]["sections"]
    assert "tanggapan_korban" not in cat.kinds["pembimbingan"]["sections"]
    first = cat.definition("pembimbingan")[0]
    assert first["code"] == "pendahuluan"
    assert {f["code"] for f in first["fields"]} >= {"requested_by", "purpose", "method", "sources"}
    assert cat.definition("pembimbingan")[-1]["code"] == "kesimpulan"


def test_minimal_file_parses():
    cat = parse_text(GOOD)
    assert cat.kinds["bimbingan"]["client_groups"] == ["D", "A"]
    assert cat.definition("bimbingan")[0]["fields"][0]["required"] is True


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('type = "textarea"', 'type = "paragraf"'),
            "bagian 'pendahuluan', isian 'purpose': jenis isian 'paragraf'",
        ),
        (
            ('sections = ["pendahuluan"]', 'sections = ["pendahuluan", "riwayat"]'),
            "jenis 'bimbingan': bagian 'riwayat' tidak ada di katalog",
        ),
        (
            ("required = true", 'required = true\n  prefill = "person.shoe_size"'),
            "isian 'purpose': sumber isian otomatis 'person.shoe_size' tidak dikenal",
        ),
        (
            ('type = "textarea"', 'type = "date"\n  prefill = "person.full_name"'),
            "isian 'purpose': sumber 'person.full_name' (text) tidak cocok untuk isian jenis date",
        ),
        (('type = "textarea"', 'type = "choice"'), "isian 'purpose': isian pilihan memerlukan 'choices'"),
        (('type = "textarea"', 'type = "table-rows"'), "isian 'purpose': isian tabel memerlukan 'columns'"),
        (('label = "Tujuan"', 'label = ""'), "isian 'purpose': 'label' wajib"),
        (
            ('code = "bimbingan"', 'code = "bimbingan"\nclient_groups = ["X"]'),
            "jenis 'bimbingan': 'client_groups'",
        ),
        (
            ('code = "bimbingan"', 'code = "bimbingan"\nprogrammes = ["ZZ"]'),
            "jenis 'bimbingan': 'programmes'",
        ),
        (
            ('code = "bimbingan"', 'code = "bimbingan"\ncolour = "red"'),
            "jenis 'bimbingan': kunci 'colour' tidak dikenal",
        ),
        (("format = 1", "format = 2"), "'format' harus 1"),
    ],
)
def test_malformed_file_is_rejected_naming_the_place(change, expected):
    with pytest.raises(KindsFileError) as exc:
        parse_text(GOOD.replace(*change), source="rusak.toml")
    assert "rusak.toml" in str(exc.value)
    assert expected in str(exc.value)


def test_every_problem_is_reported_not_only_the_first():
    text = GOOD.replace('type = "textarea"', 'type = "x"').replace('["pendahuluan"]', '["nope"]')
    with pytest.raises(KindsFileError) as exc:
        parse_text(text)
    assert len(exc.value.problems) == 2


def test_not_toml_is_rejected():
    with pytest.raises(KindsFileError, match="bukan TOML"):
        parse_text("[[kinds]\ncode=")


def test_configured_file_is_used_and_a_broken_one_refused(settings, tmp_path):
    path = tmp_path / "jenis.toml"
    path.write_text(GOOD, encoding="utf-8")
    settings.LITMAS_KINDS_FILE = str(path)
    assert list(catalogue().kinds) == ["bimbingan"]
    broken = tmp_path / "rusak.toml"
    broken.write_text(GOOD.replace('["pendahuluan"]', '["hilang"]'), encoding="utf-8")
    settings.LITMAS_KINDS_FILE = str(broken)
    with pytest.raises(KindsFileError, match="bagian 'hilang'"):
        catalogue()
