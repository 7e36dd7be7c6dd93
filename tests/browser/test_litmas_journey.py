"""A Litmas from draft to approval: pk1 writes a Litmas from a prefilled draft (autosaved), submits it,
kepala1 returns it with a comment, pk1 fixes and resubmits, kepala1 approves, and the PDF downloads with
the client's name and the recommendation in its text."""

import json
import random
import re

import pytest
from playwright.sync_api import expect

from tests.pdftext import pdftotext

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
case = receive_client(kasi, "{name}", start=today - dt.timedelta(days=5))
case_assign(actor=kasi, cases=[case], pk=pk)
print(json.dumps({{"case_id": case.id}}))
"""

REQUIRED = {
    "identitas__address": "Jl. Parangtritis Km 5, Sewon, Bantul",
    "kasus__chronology": "Klien mengambil telepon genggam milik rekan kerjanya lalu menjualnya.",
    "keluarga__history": "Klien anak sulung; hubungan dengan orang tua dan adik baik.",
    "sosial_ekonomi__summary": "Keluarga hidup sederhana dari warung kelontong.",
    "sikap_klien__attitude": "Klien menyesal dan ingin kembali bekerja.",
    "tanggapan_keluarga__response": "Orang tua bersedia mengawasi klien.",
    "tanggapan_masyarakat__response": "Ketua RT menerima klien kembali.",
    "kesimpulan__conclusion": "Klien layak dibimbing di masyarakat.",
}


def pdf_text(path) -> str:
    return pdftotext(path, layout=True)


def test_litmas_written_returned_fixed_approved_and_printed(page, server_url, login, axe, manage, tmp_path):
    name = f"{random.choice(['Hendra', 'Yusuf', 'Agus', 'Fajar'])} {random.choice(['Prakoso', 'Nugraha', 'Wicaksono'])}"
    case_id = json.loads(manage("shell", "-c", ARRANGE.format(name=name)).strip().splitlines()[-1])["case_id"]
    recommendation = "Klien direkomendasikan mengikuti pelatihan kerja dan wajib lapor sebulan sekali."

    # pk1 creates the Litmas: the draft arrives prefilled from the client and case records.
    login("pk1")
    page.goto(f"{server_url}/kasus/{case_id}/litmas/")
    expect(page.get_by_text("Belum ada Litmas untuk kasus ini.")).to_be_visible()
    page.get_by_role("link", name="Buat Litmas", exact=True).click()
    page.get_by_label("Jenis Litmas").select_option(label="Litmas pembimbingan (bimbingan klien)")
    page.get_by_label("Pihak yang meminta Litmas").fill("Kepala Bapas Yogyakarta")
    page.get_by_label("Tujuan").fill("Menyusun program pembimbingan tahap awal.")
    page.get_by_role("button", name="Buat draf").click()
    expect(page.locator("#id_identitas__full_name")).to_have_value(name)
    expect(page.locator("#id_kasus__offence_article")).to_have_value("Pasal 362 KUHP")
    expect(page.get_by_test_id("confidential")).to_have_text("RAHASIA")
    number = page.get_by_test_id("litmas-number").inner_text()
    axe("litmas edit page")
    page.set_viewport_size({"width": 360, "height": 740})  # a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})

    # Autosave: typing is saved without pressing Save; a reload shows it.
    page.locator("#id_analisis__analysis").fill("Klien kooperatif dan didukung keluarga.")
    expect(page.get_by_test_id("autosave-status")).to_have_text(re.compile(r"^Tersimpan \d{2}:\d{2}$"))
    page.reload()
    expect(page.locator("#id_analisis__analysis")).to_have_value("Klien kooperatif dan didukung keluarga.")

    # Submitting with fields missing names them.
    page.get_by_role("button", name="Ajukan ke Kepala Bapas").click()
    errors = page.locator("#form-errors")
    expect(errors).to_contain_text("belum dapat diajukan")
    expect(errors).to_contain_text("“Rekomendasi” (Kesimpulan dan rekomendasi) wajib diisi.")
    for field, value in REQUIRED.items():
        page.locator(f"#id_{field}").fill(value)
    page.locator("#id_kesimpulan__recommendation").fill("Klien direkomendasikan mengikuti bimbingan.")
    page.get_by_role("button", name="Ajukan ke Kepala Bapas").click()
    expect(page.get_by_test_id("litmas-status")).to_have_text("Menunggu persetujuan")
    litmas_url = page.url

    # kepala1 finds it waiting and returns it with a comment.
    login("kepala1")
    page.goto(server_url + "/litmas/")
    axe("litmas list")
    page.get_by_test_id("waiting-link").click()
    page.get_by_role("link", name=number).click()
    axe("litmas detail for the Kepala")
    page.get_by_role("button", name="Kembalikan ke PK").click()
    expect(page.get_by_text("Catatan pengembalian wajib diisi").first).to_be_visible()
    page.get_by_label("Catatan untuk PK (apa yang harus diperbaiki)").fill(
        "Rekomendasi belum menyebut program kerja."
    )
    page.get_by_role("button", name="Kembalikan ke PK").click()
    expect(page.get_by_test_id("litmas-status")).to_have_text("Dikembalikan")

    # pk1 reads the comment, fixes the recommendation and resubmits.
    login("pk1")
    page.goto(litmas_url)
    expect(page.get_by_test_id("return-comment")).to_contain_text("Rekomendasi belum menyebut program kerja.")
    page.get_by_role("link", name="Tulis/ubah").click()
    page.locator("#id_kesimpulan__recommendation").fill(recommendation)
    page.get_by_role("button", name="Ajukan ke Kepala Bapas").click()
    expect(page.get_by_test_id("litmas-status")).to_have_text("Menunggu persetujuan")
    expect(page.get_by_test_id("history")).to_contain_text("Kesimpulan dan rekomendasi › Rekomendasi")

    # kepala1 approves; the PDF holds the client's name, the number and the recommendation.
    login("kepala1")
    page.goto(litmas_url)
    page.get_by_role("button", name="Setujui Litmas").click()
    expect(page.get_by_test_id("litmas-status")).to_have_text("Disetujui")
    with page.expect_download() as download:
        page.get_by_test_id("pdf-link").click()
    path = tmp_path / "litmas.pdf"
    download.value.save_as(path)
    text = pdf_text(path)
    flat = " ".join(text.split())
    assert name in text
    assert number in text
    assert recommendation in flat
    assert "RAHASIA" in text
