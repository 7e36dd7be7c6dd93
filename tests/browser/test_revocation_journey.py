"""From a prison-admission list to a revocation: the Kasi imports a list where one of pk1's clients appears
with a misspelled name, pk1 confirms the match, a violation appears, and the revocation goes through the
BAP, the TPP, the Kepala's suspension and proposal, and the proposal PDF downloads."""

import json
import random
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARRANGE = """
import datetime as dt, json
from django.utils import timezone
from bimkemas.cases.services import case_assign
from bimkemas.org.models import User
from tests.cases.factories import receive_client
kasi = User.objects.get(username="kasi1")
pk = User.objects.get(username="pk1")
today = timezone.localdate()
case = receive_client(kasi, "{name}", person_kw={{"birth": dt.date(1983, 2, {day})}}, start=today - dt.timedelta(days=60))
case_assign(actor=kasi, cases=[case], pk=pk)
print(json.dumps({{"case_id": case.id, "register": case.register_number, "birth": case.person.birth_date.isoformat()}}))
"""


def test_linkage_match_to_revocation_proposal(page, server_url, login, axe, manage, tmp_path):
    first = random.choice(["Suparman", "Sukirman", "Suwarno", "Sutarjo"])
    last = random.choice(["Wiryosaputro", "Notodiharjo", "Cokrodiningrat", "Mangunkusumo"])
    name = f"{first} {last}"
    arranged = json.loads(
        manage("shell", "-c", ARRANGE.format(name=name, day=random.randint(1, 28))).strip().splitlines()[-1]
    )
    misspelled = f"{first.replace('u', 'oe', 1)} {last[:-1]}"  # Suparman → Soeparman, last letter dropped
    csv = tmp_path / "penerimaan-rutan.csv"
    csv.write_text(
        "id,nik,name,birth_date,birth_place,sex,mother_name,address,institution,event_date,case_number\n"
        f"RT-{random.randint(1000, 9999)},,{misspelled.upper()},{arranged['birth']},Yogyakarta,L,,,Rutan Kelas IIA Yogyakarta,,\n"
    )

    # The Kasi imports the prison-admission list.
    login("kasi1")
    page.goto(server_url + "/pencocokan/impor/")
    page.get_by_label("Jenis daftar").select_option("prison_admission")
    page.get_by_label("Berkas (CSV/XLSX)").set_input_files(str(csv))
    page.get_by_role("button", name="Periksa, impor dan cocokkan").click()
    page.wait_for_load_state()

    # pk1 sees the match in the review queue and confirms it.
    login("pk1")
    page.goto(server_url + "/pencocokan/")
    row = page.locator("tr", has_text=misspelled.upper())
    expect(row).to_contain_text(arranged["register"])
    row.get_by_role("link", name="Periksa").click()
    page.get_by_label("Benar orang yang sama (konfirmasi)").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.get_by_text("Kecocokan dikonfirmasi")).to_be_visible()

    # The violation appears on the case; pk1 reports it for revocation and records the BAP.
    page.goto(f"{server_url}/kasus/{arranged['case_id']}/pelanggaran/")
    expect(page.locator("#violations")).to_contain_text("Pencocokan data")
    page.get_by_role("link", name="Ajukan pencabutan").click()
    axe("revocation report form")
    page.get_by_label(re.compile("Pencocokan data")).check()
    page.get_by_label("Uraian laporan").fill("Klien tercatat ditahan di Rutan Kelas IIA Yogyakarta.")
    page.get_by_role("button", name="Laporkan untuk pencabutan").click()
    expect(page.locator("#revocation-status")).to_have_text("Dilaporkan")
    expect(page.locator("#service-standard")).to_contain_text("hari kerja lagi")
    revocation_url = page.url
    page.get_by_label("Pemeriksa").fill("PK Pertama")
    page.get_by_label("Ringkasan BAP").fill("Klien ditahan karena dugaan penganiayaan.")
    page.get_by_role("button", name="Simpan tahap").click()
    expect(page.locator("#revocation-status")).to_have_text("BAP dibuat")

    # The Kasi records the TPP hearing.
    login("kasi1")
    page.goto(revocation_url)
    page.get_by_label("Anggota TPP yang hadir").fill("Kepala Bapas (ketua), Kasi BKD, PK Pertama")
    page.get_by_label("Rekomendasi TPP").fill("TPP merekomendasikan pencabutan PB.")
    page.get_by_role("button", name="Simpan tahap").click()
    expect(page.locator("#revocation-status")).to_have_text("Sidang TPP")
    expect(page.get_by_text("Menunggu penghentian sementara oleh Kepala Bapas.")).to_be_visible()

    # The Kepala suspends and proposes; the proposal PDF downloads.
    login("kepala1")
    page.goto(revocation_url)
    page.get_by_role("button", name="Simpan tahap").click()
    expect(page.locator("#revocation-status")).to_have_text("Dihentikan sementara")
    page.get_by_role("button", name="Simpan tahap").click()
    expect(page.locator("#revocation-status")).to_have_text("Diusulkan")
    axe("revocation page")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh surat usulan (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("usulan-pencabutan-")
    assert open(download.path(), "rb").read(5) == b"%PDF-"
