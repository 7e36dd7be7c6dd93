"""Whole user journeys in headless Chromium against a real server with the demo data."""

import csv
import datetime as dt
import io
import random
import re

from playwright.sync_api import expect

HEADER = ["nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "kode_desa", "alamat", "rt", "rw",
          "telepon", "kelompok", "program", "nomor_sk", "tanggal_sk", "asal_upt", "pasal", "lama_pidana_bulan",
          "tanggal_serah_terima", "awal_bimbingan", "akhir_bimbingan", "nama_penjamin", "hubungan_penjamin"]  # fmt: skip


SUFFIXES = ["Saputra", "Wibowo", "Santosa", "Kusuma", "Hidayat", "Purnomo", "Setiawan", "Gunawan"]


def _nik(birth: dt.date, sex: str) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"347101{day:02d}{birth.month:02d}{birth.year % 100:02d}{random.randint(1000, 9999)}"


def handover_csv(names: list[str], *, bad_row: int | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    today = dt.date.today()
    for i, name in enumerate(names):
        birth = dt.date(1985 + i, 3 + i, 10 + i)
        start = today - dt.timedelta(days=3)
        end = start + dt.timedelta(days=365)
        writer.writerow([
            _nik(birth, "L"), name, "L", "Yogyakarta", birth.isoformat(), "34.71.01.1001", "Jl. Kaliurang 12",
            "3", "5", f"0812-2233-44{i:02d}", "D", "PB", f"PAS-{900 + i}.PK.01.04.06/2026",
            (start - dt.timedelta(days=7)).isoformat(), "Lapas Kelas IIA Yogyakarta", "Pasal 362 KUHP", "24",
            start.isoformat(), start.isoformat(),
            (start - dt.timedelta(days=1)).isoformat() if i == bad_row else end.isoformat(),
            "Siti Aminah", "Istri",
        ])  # fmt: skip
    return out.getvalue().encode()


def test_kasi_imports_handover_assigns_and_pk_finds_client(page, server_url, login, axe):
    names = [f"Wahyu Nugroho {random.choice(SUFFIXES)}", f"Teguh Prasetyo {random.choice(SUFFIXES)}"]
    login("pk1")
    pk1_name = page.request.get(server_url + "/api/v1/me").json()["name"]
    login("kasi1")
    page.goto(server_url + "/serah-terima/impor/")
    axe("handover import form")
    upload = page.get_by_label("Berkas serah terima (CSV/XLSX)")
    upload.set_input_files(
        {"name": "serah_terima.csv", "mimeType": "text/csv", "buffer": handover_csv(names, bad_row=1)}
    )
    page.get_by_role("button", name="Periksa dan impor").click()
    report = page.get_by_role("table", name=re.compile("^Kesalahan"))
    bad = report.locator("tr", has_text="akhir_bimbingan")
    expect(bad.locator("td").first).to_have_text("3")  # spreadsheet row 3 (row 1 is the header)
    expect(page.get_by_text(re.compile("tidak ada .* diimpor", re.I)).first).to_be_visible()
    axe("handover error report")
    page.goto(server_url + "/klien/?q=" + names[0].split()[-1])
    expect(page.get_by_text(names[0])).to_have_count(0)  # nothing imported

    page.goto(server_url + "/serah-terima/impor/")
    page.get_by_label("Berkas serah terima (CSV/XLSX)").set_input_files(
        {"name": "serah_terima.csv", "mimeType": "text/csv", "buffer": handover_csv(names)}
    )
    page.get_by_role("button", name="Periksa dan impor").click()
    expect(page.get_by_text(names[0])).to_be_visible()
    page.get_by_role("link", name=re.compile("Tugaskan PK")).click()
    axe("assignments")
    for name in names:
        page.get_by_label(f"Pilih {name}").check()
    officer = page.get_by_label("Tugaskan kepada")
    officer.select_option(officer.locator("option", has_text=pk1_name).first.get_attribute("value"))
    page.get_by_role("button", name="Tugaskan", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("2 klien ditugaskan")

    login("pk1")  # lands on Hari ini; the caseload is one tap away
    page.get_by_role("link", name="Klien", exact=True).click()
    page.get_by_label("Cari nama, NIK atau nomor register").fill(names[1])
    page.get_by_label("Cari nama, NIK atau nomor register").press("Enter")
    page.get_by_role("link", name=names[1]).click()
    expect(page.get_by_test_id("register-number")).to_have_text(re.compile(r"/PB\.D/\d{4}/\d{4}$"))
    phases = page.get_by_role("table", name="Tahapan bimbingan")
    for label in ("Tahap awal", "Tahap lanjutan", "Tahap akhir", "After care"):
        expect(phases).to_contain_text(label)
    expect(page.get_by_test_id("current-phase")).to_have_text("Tahap awal")
    axe("case page")
