"""`bimkemas link LEFT.csv RIGHT.csv --out MATCHES.csv` end to end, on generated files with known matches."""

import csv
import importlib.util
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from bimkemas.linkage import synthetic
from bimkemas.linkage.engine import COLUMNS


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """400 clients (with alias rows) vs 1,200 admissions, 10 % of the clients among them."""
    data = synthetic.generate(clients=400, admissions=1200, overlap=0.1, seed=2026)
    directory = tmp_path_factory.mktemp("link")
    left = synthetic.write_csv(data.clients, directory / "clients.csv")
    right = synthetic.write_csv(data.admissions, directory / "admissions.csv")
    return left, right, data.true_pairs


def read_matches(path):
    with path.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, list(reader)


def test_link_finds_the_known_matches_with_high_precision_and_recall(generated, tmp_path):
    left, right, truth = generated
    out = tmp_path / "matches.csv"
    call_command("link", str(left), str(right), "--out", str(out), verbosity=0)
    header, rows = read_matches(out)
    assert header == ["left_id", "right_id", "probability"]
    found = {(a, b) for a, b, _p in rows}
    assert len(found) == len(rows), "one row per pair of persons, even with alias rows"
    true_found = len(found & truth)
    precision, recall = true_found / len(found), true_found / len(truth)
    assert precision >= 0.93, precision
    assert recall >= 0.9, recall
    assert all(0.5 <= float(p) <= 1 for _a, _b, p in rows)


def test_a_higher_threshold_gives_fewer_or_equal_pairs(generated, tmp_path):
    left, right, _truth = generated
    low, high = tmp_path / "low.csv", tmp_path / "high.csv"
    call_command("link", str(left), str(right), "--out", str(low), "--threshold", "0.2", verbosity=0)
    call_command("link", str(left), str(right), "--out", str(high), "--threshold", "0.99", verbosity=0)
    low_rows, high_rows = read_matches(low)[1], read_matches(high)[1]
    assert len(high_rows) < len(low_rows)
    assert all(float(p) >= 0.99 for _a, _b, p in high_rows)


def test_alias_rows_of_one_person_collapse_to_the_best_probability(tmp_path):
    person = {
        "id": "K1",
        "nik": "",
        "name": "Agus Santoso",
        "birth_date": "1980-03-12",
        "birth_place": "Sleman",
        "sex": "L",
        "mother_name": "Sri Lestari",
        "address": "",
    }
    left = synthetic.write_csv([person, {**person, "name": "Gendut"}], tmp_path / "l.csv")
    right = synthetic.write_csv(
        [{**person, "id": "P9", "name": "GENDUT", "birth_place": "", "mother_name": "SRI LESTARI"}],
        tmp_path / "r.csv",
    )
    out = tmp_path / "m.csv"
    call_command("link", str(left), str(right), "--out", str(out), verbosity=0)
    rows = read_matches(out)[1]
    assert [(a, b) for a, b, _p in rows] == [("K1", "P9")]


def write(path, rows, columns=COLUMNS):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


GOOD_ROW = ["1", "", "Agus Santoso", "1980-03-12", "Sleman", "L", "", ""]


def test_missing_column_names_the_file_and_column_and_writes_nothing(tmp_path):
    left = write(tmp_path / "left.csv", [GOOD_ROW[:-1]], COLUMNS[:-1])
    right = write(tmp_path / "right.csv", [GOOD_ROW])
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError) as error:
        call_command("link", str(left), str(right), "--out", str(out), verbosity=0)
    assert "left.csv" in str(error.value) and "address" in str(error.value)
    assert not out.exists()


def test_bad_birth_date_names_file_row_and_column(tmp_path):
    left = write(tmp_path / "left.csv", [GOOD_ROW])
    right = write(tmp_path / "right.csv", [GOOD_ROW, ["2", "", "Budi", "12/03/1980", "", "L", "", ""]])
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError) as error:
        call_command("link", str(left), str(right), "--out", str(out), verbosity=0)
    message = str(error.value)
    assert (
        "right.csv" in message
        and "baris 3" in message
        and "birth_date" in message
        and "12/03/1980" in message
    )
    assert not out.exists()


def test_empty_name_and_bad_sex_are_reported(tmp_path):
    right = write(tmp_path / "right.csv", [GOOD_ROW])
    no_name = write(tmp_path / "noname.csv", [["1", "", "", "1980-03-12", "", "L", "", ""]])
    with pytest.raises(CommandError, match=r"noname\.csv: baris 2, kolom name"):
        call_command("link", str(no_name), str(right), "--out", str(tmp_path / "o.csv"), verbosity=0)
    bad_sex = write(tmp_path / "badsex.csv", [["1", "", "Agus", "1980-03-12", "", "X", "", ""]])
    with pytest.raises(CommandError, match=r"badsex\.csv: baris 2, kolom sex"):
        call_command("link", str(bad_sex), str(right), "--out", str(tmp_path / "o.csv"), verbosity=0)


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is not None, reason="pyspark is installed here")
def test_spark_engine_without_pyspark_fails_clearly(generated, tmp_path):
    left, right, _truth = generated
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError, match="pyspark"):
        call_command("link", str(left), str(right), "--out", str(out), "--engine", "spark", verbosity=0)
    assert not out.exists()


def test_command_exits_non_zero_on_bad_input(tmp_path):
    left = write(tmp_path / "left.csv", [GOOD_ROW[:-1]], COLUMNS[:-1])
    out = tmp_path / "out.csv"
    result = subprocess.run(  # noqa: S603 - our own console command
        [sys.executable, "-m", "bimkemas.cli", "link", str(left), str(left), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "left.csv" in result.stderr and "address" in result.stderr
    assert not out.exists()


def test_one_client_against_one_record_links_without_error(tmp_path):
    """Tiny files: no deterministic pair gives a prior; the fallback must not be 1 (scoring SQL breaks)."""
    from bimkemas.linkage.engine import PRIOR_CAP

    left = tmp_path / "l.csv"
    right = tmp_path / "r.csv"
    header = "id,nik,name,birth_date,birth_place,sex,mother_name,address\n"
    left.write_text(header + "1,,Rudi Hartono,1990-05-17,Yogyakarta,L,Sumiyati,\n", encoding="utf-8")
    right.write_text(header + "9,,Sutrisno,1961-01-02,Medan,L,Aminah,\n", encoding="utf-8")
    out = tmp_path / "m.csv"
    call_command("link", str(left), str(right), "--out", str(out))
    assert out.read_text(encoding="utf-8").splitlines() == ["left_id,right_id,probability"]
    assert 0 < PRIOR_CAP < 0.5
