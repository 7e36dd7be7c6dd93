"""A PK on a phone receives a client by hand: NIK feedback, village search, duplicate check, PDFs."""

import datetime as dt
import random
import re

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def test_pk_receives_client_on_phone_with_duplicate_check(page, server_url, login, axe):
    page.set_viewport_size(PHONE)
    login("pk1")
    page.goto(server_url + "/penerimaan/")
    axe("receive form")
    name = f"Bambang Sutrisno {random.choice(['Adi', 'Budi', 'Cahyo', 'Dwi', 'Eko', 'Fajar'])}{random.randint(10, 99)}"
    birth = dt.date(1979, 6, 21)
    nik = f"347101{birth.day:02d}{birth.month:02d}{birth.year % 100:02d}{random.randint(1000, 9999)}"
    page.get_by_label("NIK").fill(nik[:6] + "99" + nik[8:])  # day 99: wrong date part
    expect(page.locator("#nik-feedback")).to_contain_text("Tanggal lahir di NIK")
    page.get_by_label("NIK").fill(nik)
    expect(page.locator("#nik-feedback")).to_contain_text("Struktur NIK benar")
    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label("Laki-laki").check()
    page.get_by_label("Tanggal lahir").fill(birth.isoformat())
    page.get_by_label("Cari kelurahan/desa").fill("Sinduadi")
    village = page.get_by_label("Kelurahan/desa", exact=True)
    expect(village.locator("option", has_text="Sinduadi")).to_have_count(1)
    village.select_option(village.locator("option", has_text="Sinduadi").get_attribute("value"))
    page.get_by_label("Nomor telepon").fill("0813 9000 1122")
    today = dt.date.today()
    page.get_by_label("Program").select_option("PB")
    page.get_by_label("Nomor SK").fill("PAS-77.PK.01.04.06/2026")
    page.get_by_label("Tanggal SK").fill((today - dt.timedelta(days=5)).isoformat())
    page.get_by_label("Tanggal serah terima").fill(today.isoformat())
    page.get_by_label("Awal masa bimbingan").fill(today.isoformat())
    page.get_by_label("Akhir masa bimbingan").fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Simpan penerimaan").click()
    expect(page.get_by_text("Akhir masa bimbingan harus sesudah awalnya.")).to_be_visible()
    expect(page.get_by_label("Nama lengkap")).to_have_value(name)  # nothing lost
    page.get_by_label("Akhir masa bimbingan").fill((today + dt.timedelta(days=300)).isoformat())
    page.get_by_role("button", name="Simpan penerimaan").click()
    expect(page.get_by_test_id("register-number")).to_have_text(re.compile(r"/PB\.D/\d{4}/\d{4}$"))
    axe("case page on a phone")
    pdf = page.request.get(page.url + "kartu-bimbingan.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    register = page.get_by_test_id("register-number").inner_text()

    # The same person again (a spelling variant, same birth date): the duplicate check shows the record.
    page.goto(server_url + "/penerimaan/")
    page.get_by_label("Nama lengkap").fill(name.replace("Sutrisno", "Soetrisno"))
    page.get_by_label("Laki-laki").check()
    page.get_by_label("Tanggal lahir").fill(birth.isoformat())
    page.get_by_label("Program").select_option("CB")
    page.get_by_label("Nomor SK").fill("PAS-78.PK.01.04.06/2026")
    page.get_by_label("Tanggal SK").fill((today - dt.timedelta(days=5)).isoformat())
    page.get_by_label("Tanggal serah terima").fill(today.isoformat())
    page.get_by_label("Awal masa bimbingan").fill(today.isoformat())
    page.get_by_label("Akhir masa bimbingan").fill((today + dt.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Simpan penerimaan").click()
    warning = page.get_by_role("alert").filter(has_text="Kemungkinan orang yang sama sudah terdaftar")
    expect(warning).to_contain_text(register)
    warning.get_by_role("link", name=register).click()
    expect(page.get_by_test_id("register-number")).to_have_text(register)
