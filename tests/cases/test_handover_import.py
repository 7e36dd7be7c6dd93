"""Penerimaan massal: a Kasi uploads a handover list; a bad row stops the whole file, a clean file imports."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bimkemas.cases.handover import COLUMN_KEYS, MAX_BYTES, handover_import, sample_csv
from bimkemas.cases.models import Case, HandoverImport, Status
from bimkemas.clients.models import Person
from bimkemas.clients.services import person_create
from tests.cases.factories import person_data, receive_client

pytestmark = pytest.mark.django_db

URL = "/serah-terima/impor/"
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "serah_terima_contoh.csv"


def nik_for(birth: dt.date, sex: str, serial: int, region: str = "347101") -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def row(serial: int = 1, **overrides) -> dict[str, object]:
    """One valid handover row (PB, adult, Kota Yogyakarta); override any column."""
    birth = dt.date(1985 + serial % 15, 1 + serial % 12, 1 + serial % 28)
    values: dict[str, object] = {
        "nik": nik_for(birth, "L", serial),
        "nama": f"Klien Uji {serial}",
        "alias": "",
        "jenis_kelamin": "L",
        "tempat_lahir": "Yogyakarta",
        "tanggal_lahir": birth.isoformat(),
        "agama": "Islam",
        "nama_ibu": "Sumiyati",
        "alamat": "Jl. Magelang No. 1",
        "rt": "001",
        "rw": "002",
        "kode_desa": "34.71.01.1001",
        "telepon": "081234567801",
        "kelompok": "dewasa",
        "program": "PB",
        "nomor_sk": f"PAS-{serial}.PK.05.09/2026",
        "tanggal_sk": "2026-11-02",
        "asal_upt": "Lapas Kelas IIA Yogyakarta",
        "pasal": "Pasal 362 KUHP",
        "kategori_pidana": "pencurian",
        "lama_pidana_bulan": "24",
        "tanggal_serah_terima": "2026-11-09",
        "awal_bimbingan": "2026-11-09",
        "akhir_bimbingan": "2027-11-08",
        "syarat_khusus": "",
        "nama_penjamin": "Sumiyati",
        "hubungan_penjamin": "Ibu kandung",
        "telepon_penjamin": "081234567802",
        "alamat_penjamin": "Jl. Magelang No. 1",
    }
    values.update(overrides)
    return values


def to_csv(rows: list[dict], *, delimiter: str = ",", bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def upload(client, user, content: bytes, name: str = "serah_terima.csv"):
    client.force_login(user)
    return client.post(URL, {"berkas": SimpleUploadedFile(name, content)})


def error_cells(result) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in result.errors}


# --- the page ------------------------------------------------------------------------------------


def test_page_explains_columns_and_has_labelled_file_input(client, kasi_budi):
    client.force_login(kasi_budi)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_berkas" class="form-label">Berkas serah terima (CSV/XLSX)</label>' in html
    assert 'type="file" name="berkas" id="id_berkas"' in html
    assert "Periksa dan impor" in html
    assert reverse("handover_sample") in html
    for key in ("nik", "kode_desa", "akhir_bimbingan", "telepon_penjamin"):
        assert f"<code>{key}</code>" in html


@pytest.mark.parametrize("persona", ["pk_andi", "kanwil_hadi"])
def test_only_bapas_leads_may_import(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"berkas": SimpleUploadedFile("a.csv", to_csv([row(1)]))})
    assert response.status_code == 403
    assert client.get(reverse("handover_sample")).status_code == 403
    assert not Case.objects.exists()


@pytest.mark.parametrize("persona", ["kasi_budi", "kasubsi_eko", "kepala_dewi"])
def test_kasi_kasubsi_and_kepala_may_open_the_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 200


# --- all or nothing ------------------------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_reports_row_column_and_reason(client, kasi_budi):
    rows = [row(1), row(2), row(3, akhir_bimbingan="2026-10-01")]
    response = upload(client, kasi_budi, to_csv(rows))
    html = response.content.decode()
    assert "Tidak ada data yang diimpor." in html
    assert 'id="error-table"' in html
    # The bad row is the 4th line of the spreadsheet (header is row 1).
    assert "<td>4</td><td><code>akhir_bimbingan</code></td><td>2026-10-01</td>" in html
    assert "Akhir masa bimbingan harus sesudah awalnya." in html
    assert not Case.objects.exists()
    assert not Person.objects.exists()
    assert not HandoverImport.objects.exists()


def test_the_fixed_file_imports_every_row_with_register_numbers(client, kasi_budi):
    rows = [row(1), row(2), row(3, program="Asimilasi di rumah", kelompok="D")]
    response = upload(client, kasi_budi, to_csv(rows))
    html = response.content.decode()
    assert "Impor berhasil" in html
    batch = HandoverImport.objects.get()
    assert (batch.bapas, batch.uploaded_by, batch.rows, batch.filename) == (
        kasi_budi.bapas,
        kasi_budi,
        3,
        "serah_terima.csv",
    )
    cases = list(Case.objects.filter(import_batch=batch).order_by("id"))
    assert [c.register_number for c in cases] == [
        "BPS-YK/PB.D/0001/2026", "BPS-YK/PB.D/0002/2026", "BPS-YK/ASIMR.D/0001/2026",
    ]  # fmt: skip
    assert all(c.status == Status.RECEIVED and c.bapas == kasi_budi.bapas for c in cases)
    for case in cases:
        assert (
            f'href="{reverse("case_detail", kwargs={"case_id": case.id})}">{case.register_number}</a>' in html
        )
    assert f'href="{reverse("assignments")}?import={batch.id}">Tugaskan PK</a>' in html
    first = cases[0]
    assert first.person.name == "Klien Uji 1"
    assert first.person.village_id == "34.71.01.1001"
    assert first.person.phones.get().number == "+6281234567801"
    assert first.period_end == dt.date(2027, 11, 8)
    assert first.guarantor_name == "Sumiyati"
    assert first.sentence_months == 24


def test_semicolon_csv_with_bom_and_day_first_dates_imports(kasi_budi):
    rows = [
        row(1, tanggal_sk="02/11/2026", tanggal_serah_terima="09-11-2026", alamat="Jl. Kaliurang, Gg. Mawar"),
        row(2, tanggal_lahir="15/06/1992", nik=nik_for(dt.date(1992, 6, 15), "L", 2)),
    ]
    result = handover_import(
        actor=kasi_budi, filename="ekspor.csv", content=to_csv(rows, delimiter=";", bom=True)
    )
    assert result.errors == []
    assert result.ok
    case = Case.objects.get(person__nik=rows[0]["nik"])
    assert (case.sk_date, case.handover_date) == (dt.date(2026, 11, 2), dt.date(2026, 11, 9))
    assert case.person.address == "Jl. Kaliurang, Gg. Mawar"
    assert Person.objects.get(nik=rows[1]["nik"]).birth_date == dt.date(1992, 6, 15)


def test_xlsx_with_real_date_cells_imports(client, kasi_budi):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([key.upper() for key in COLUMN_KEYS])  # headers are case-insensitive
    for serial in (1, 2):
        values = row(serial)
        for key in (
            "tanggal_lahir",
            "tanggal_sk",
            "tanggal_serah_terima",
            "awal_bimbingan",
            "akhir_bimbingan",
        ):
            values[key] = dt.datetime.fromisoformat(str(values[key]))
        values["lama_pidana_bulan"] = 24
        ws.append([values[key] for key in COLUMN_KEYS])
    buffer = io.BytesIO()
    wb.save(buffer)

    response = upload(client, kasi_budi, buffer.getvalue(), name="serah_terima.xlsx")
    assert "Impor berhasil" in response.content.decode()
    case = Case.objects.get(person__nik=row(2)["nik"])
    assert case.period_start == dt.date(2026, 11, 9)
    assert case.person.birth_date == dt.date.fromisoformat(str(row(2)["tanggal_lahir"]))
    assert Case.objects.count() == 2


def test_xlsx_bad_row_is_reported_with_its_spreadsheet_row(kasi_budi):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(COLUMN_KEYS)
    ws.append([row(1)[key] for key in COLUMN_KEYS])
    ws.append([])  # a blank line still counts in the row numbers
    ws.append([row(2, program="Grasi")[key] for key in COLUMN_KEYS])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = handover_import(actor=kasi_budi, filename="daftar.xlsx", content=buffer.getvalue())
    assert error_cells(result) == {(4, "program")}
    assert "Nilai tidak dikenal" in result.errors[0].reason
    assert not Case.objects.exists()


# --- the reasons ---------------------------------------------------------------------------------


def test_duplicate_nik_in_the_file_is_rejected(kasi_budi):
    rows = [row(1), row(2), row(3, nik=row(1)["nik"])]
    result = handover_import(actor=kasi_budi, filename="a.csv", content=to_csv(rows))
    assert error_cells(result) == {(4, "nik")}
    assert "NIK sama dengan baris 2" in result.errors[0].reason
    assert not result.ok
    assert not Case.objects.exists()


def test_person_with_an_active_case_is_rejected(kasi_budi):
    existing = receive_client(kasi_budi, "Rudi Hartono")
    rows = [row(1), row(2, nik=existing.person.nik, nama="Rudi Hartono")]
    result = handover_import(actor=kasi_budi, filename="a.csv", content=to_csv(rows))
    assert error_cells(result) == {(3, "nik")}
    assert "masih memiliki kasus aktif" in result.errors[0].reason
    assert existing.register_number in result.errors[0].reason
    assert Case.objects.count() == 1


def test_unknown_village_code_is_rejected(kasi_budi):
    rows = [row(1), row(2, kode_desa="34.71.01.9999"), row(3, kode_desa="99", program="Grasi")]
    result = handover_import(actor=kasi_budi, filename="a.csv", content=to_csv(rows))
    # A row with another error still has its village code checked: every problem is reported at once.
    assert error_cells(result) == {(3, "kode_desa"), (4, "kode_desa"), (4, "program")}
    assert "34.71.01.9999 tidak dikenal" in result.errors[0].reason


def test_village_code_without_dots_is_accepted(kasi_budi):
    result = handover_import(
        actor=kasi_budi, filename="a.csv", content=to_csv([row(1, kode_desa="3471011002")])
    )
    assert result.ok
    assert Person.objects.get().village_id == "34.71.01.1002"


def test_wrong_nik_says_which_part_is_wrong(kasi_budi):
    rows = [
        row(1, nik="9971011705900001"),  # no province 99
        row(2, nik="34710117059"),  # too short
        row(3, nik="3471013213900001"),  # month 13
    ]
    result = handover_import(actor=kasi_budi, filename="a.csv", content=to_csv(rows))
    reasons = {e.row: e.reason for e in result.errors}
    assert set(reasons) == {2, 3, 4}
    assert "Kode provinsi NIK (digit 1–2: 99)" in reasons[2]
    assert "16 digit" in reasons[3]
    assert "digit 7–12" in reasons[4]


def test_nik_birth_date_and_sex_mismatch_are_warnings_only(client, kasi_budi):
    # NIK encodes a man born 17-05-1990; the row says a woman born 18-05-1990.
    rows = [row(1, nik="3471011705900001", tanggal_lahir="1990-05-18", jenis_kelamin="P")]
    response = upload(client, kasi_budi, to_csv(rows))
    html = response.content.decode()
    assert "Impor berhasil" in html
    assert 'id="warning-table"' in html
    assert "Tanggal lahir di NIK (17-05-1990) berbeda" in html
    assert "Jenis kelamin di NIK (L) berbeda" in html
    assert Person.objects.get().nik_warnings


def test_missing_values_unknown_choices_and_bad_dates_are_each_reported(kasi_budi):
    rows = [
        row(1, nama="", program="Grasi", kelompok="remaja", tanggal_sk="31-02-2026", jenis_kelamin="X"),
        row(2, tanggal_serah_terima="kemarin", lama_pidana_bulan="dua tahun", rt="0001"),
        row(3, telepon_penjamin="12", tanggal_serah_terima="2026-10-01"),
    ]
    result = handover_import(actor=kasi_budi, filename="a.csv", content=to_csv(rows))
    assert error_cells(result) == {
        (2, "nama"), (2, "jenis_kelamin"), (2, "kelompok"), (2, "program"), (2, "tanggal_sk"),
        (3, "rt"), (3, "lama_pidana_bulan"), (3, "tanggal_serah_terima"),
        (4, "tanggal_serah_terima"), (4, "telepon_penjamin"),
    }  # fmt: skip
    by_cell = {(e.row, e.column): e.reason for e in result.errors}
    assert by_cell[(2, "nama")] == "Wajib diisi."
    assert "YYYY-MM-DD" in by_cell[(2, "tanggal_sk")]
    assert "tidak boleh sebelum tanggal SK" in by_cell[(4, "tanggal_serah_terima")]
    assert result.error_rows == 3
    assert not Case.objects.exists()


def test_missing_required_column_is_reported_on_the_header_row(kasi_budi):
    rows = [{k: v for k, v in row(1).items() if k not in ("program", "akhir_bimbingan")}]
    result = handover_import(actor=kasi_budi, filename="a.csv", content=to_csv(rows))
    assert error_cells(result) == {(1, "program"), (1, "akhir_bimbingan")}
    assert all(e.reason == "Kolom wajib tidak ada di baris judul." for e in result.errors)


def test_programme_codes_and_labels_are_accepted(kasi_budi):
    programmes = {
        "Pembebasan Bersyarat": "PB", "cb": "CB", "Cuti Menjelang Bebas (CMB)": "CMB", "Asimilasi": "ASIM",
        "ASIMR": "ASIMR", "CMK": "CMK", "Pidana bersyarat": "PBS", "pidana pengawasan": "PPW", "Diversi": "DIV",
    }  # fmt: skip
    rows = [row(i, program=label) for i, label in enumerate(programmes, start=1)]
    result = handover_import(actor=kasi_budi, filename="a.csv", content=to_csv(rows))
    assert result.errors == []
    got = dict(Case.objects.values_list("person__nik", "programme"))
    assert [got[r["nik"]] for r in rows] == list(programmes.values())


def test_returning_client_reuses_the_person_with_the_same_nik(kasi_budi):
    person = person_create(actor=kasi_budi, data=person_data("Joko Susilo", nik=False))
    person.nik = row(1)["nik"]
    person.save()
    result = handover_import(
        actor=kasi_budi, filename="a.csv", content=to_csv([row(1, nama="Joko Susilo"), row(2)])
    )
    assert result.ok
    assert Person.objects.count() == 2
    assert Case.objects.get(person=person).import_batch == result.batch
    assert [c.returning for c in result.imported] == [True, False]
    assert any("Klien lama" in w.reason for w in result.warnings)


# --- the file as a whole -------------------------------------------------------------------------


def test_header_only_file_is_refused_with_a_clear_message(client, kasi_budi):
    response = upload(client, kasi_budi, (",".join(COLUMN_KEYS) + "\r\n").encode())
    assert "tidak berisi baris data" in response.content.decode()
    assert not HandoverImport.objects.exists()


def test_file_over_10_mb_is_refused(client, kasi_budi):
    content = to_csv([row(1)]) + b"#" * (MAX_BYTES + 1)
    response = upload(client, kasi_budi, content)
    assert "Berkas lebih dari 10 MB" in response.content.decode()
    assert not Case.objects.exists()


def test_non_utf8_csv_is_refused_with_advice(kasi_budi):
    content = to_csv([row(1, nama="Siti Aminah", alamat="Jl. Solo Km 9")]).replace(
        b"Km 9", "Km 9 \u00e9".encode("cp1252")
    )
    result = handover_import(actor=kasi_budi, filename="a.csv", content=content)
    assert "UTF-8" in result.file_error
    assert not result.ok


def test_no_file_chosen_shows_form_error(client, kasi_budi):
    client.force_login(kasi_budi)
    response = client.post(URL, {})
    assert "Pilih berkas CSV atau XLSX." in response.content.decode()


def test_sample_file_matches_download_and_imports_cleanly(client, kasi_budi):
    client.force_login(kasi_budi)
    response = client.get(reverse("handover_sample"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode() == sample_csv() == SAMPLE.read_text(encoding="utf-8")
    result = handover_import(actor=kasi_budi, filename=SAMPLE.name, content=SAMPLE.read_bytes())
    assert result.errors == []
    assert len(result.imported) == 5
    assert Case.objects.filter(client_group="A").count() == 1


# --- the bulk import writes what the services write ----------------------------------------------


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_models() if not m._meta.proxy}


def _delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {label: after[label] - before[label] for label in after if after[label] != before[label]}


def _plain(obj, skip: set[str]) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in skip}


def test_bulk_import_writes_what_the_services_write(kasi_budi):
    """The import writes in bulk for speed; it must leave exactly what person_create + case_receive leave."""
    from bimkemas.audit.models import AuditEntry
    from bimkemas.cases.handover import handover_validate, read_table
    from bimkemas.cases.services import case_receive

    overrides = {"alias": "Gondrong; Rudi", "telepon": "081234567801; 0274 512345", "syarat_khusus": "",
                 "tanggal_lahir": "1990-05-18", "jenis_kelamin": "L"}  # fmt: skip
    reference_row = row(1, nik="3471011705900001", **overrides)  # NIK date differs: a warning kept
    imported_row = row(1, nik="3471011705900002", **overrides)

    # Reference: the services, one row.
    before = _counts()
    parsed = handover_validate(read_table("a.csv", to_csv([reference_row]))).rows[0]
    ref_person = person_create(actor=kasi_budi, data=parsed.person)
    ref_case = case_receive(actor=kasi_budi, person=ref_person, data=parsed.case)
    reference = _delta(before, _counts())
    reference.pop("cases.RegisterCounter")  # created by the first use of the register, updated after

    # The import, same data but the NIK.
    before = _counts()
    result = handover_import(actor=kasi_budi, filename="a.csv", content=to_csv([imported_row]))
    assert result.ok
    written = _delta(before, _counts())
    written["cases.HandoverImport"] -= 1
    written["audit.AuditEntry"] -= 1  # the batch's own entry
    assert {k: v for k, v in written.items() if v} == reference

    person = Person.objects.get(nik="3471011705900002")
    case = person.cases.get()
    volatile = {"id", "nik", "created_at", "updated_at"}
    assert _plain(person, volatile) == _plain(ref_person, volatile)
    assert person.nik_warnings and person.nik_warnings == ref_person.nik_warnings
    assert sorted(person.aliases.values_list("name", "name_key")) == sorted(
        ref_person.aliases.values_list("name", "name_key")
    )
    assert sorted(person.phones.values_list("number", "label")) == sorted(
        ref_person.phones.values_list("number", "label")
    )
    ref_case.refresh_from_db()
    case_skip = volatile | {"person_id", "register_number", "import_batch_id"}
    assert _plain(case, case_skip) == _plain(ref_case, case_skip)
    assert (ref_case.register_number, case.register_number) == (
        "BPS-YK/PB.D/0001/2026",
        "BPS-YK/PB.D/0002/2026",
    )
    assert case.import_batch == result.batch
    event, ref_event = case.events.get(), ref_case.events.get()
    assert (event.code, event.actor, set(event.payload)) == (
        ref_event.code,
        ref_event.actor,
        set(ref_event.payload),
    )
    assert {**event.payload, "register_number": None} == {**ref_event.payload, "register_number": None}
    for obj, ref in ((person, ref_person), (case, ref_case)):
        entry = AuditEntry.objects.get(object_type=obj._meta.model_name, object_id=obj.pk)
        ref_entry = AuditEntry.objects.get(object_type=ref._meta.model_name, object_id=ref.pk)
        assert (entry.actor, entry.action, entry.context) == (
            ref_entry.actor,
            ref_entry.action,
            ref_entry.context,
        )
        assert set(entry.changes) - {"import_batch_id"} == set(
            ref_entry.changes
        )  # the reference has no batch
    # The counters stay in step: the next case received one by one continues the numbering.
    nxt = receive_client(kasi_budi, "Joko Susilo", programme="PB", group="D", start=dt.date(2026, 11, 9))
    assert nxt.register_number == "BPS-YK/PB.D/0003/2026"
