"""A Pokmas partner from registration to attendance: the Kasi registers the partner, its agreement (a
signed PDF) and a partner user, and creates the partner's activity; a PK enrols three clients; the
partner's user, on a phone, sees exactly those three and takes attendance; the PK sees it on each
client's timeline."""

import datetime as dt
import random
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
PHONE = {"width": 360, "height": 740}


@pytest.mark.browser
def test_partner_registration_enrolment_and_attendance(page, server_url, login, axe):
    tag = f"{random.randint(1000, 9999)}"
    partner_name = f"Yayasan Tunas Harapan {tag}"
    topic = f"Pelatihan budidaya lele angkatan {tag}"
    username, password = f"tunas{tag}", f"Tunas-Harapan-{tag}-lele"
    today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
    yesterday = today - dt.timedelta(days=1)

    # The Kasi: partner, agreement, partner user, activity.
    login("kasi1")
    page.goto(server_url + "/mitra/baru/")
    axe("partner form")
    page.get_by_label("Nama mitra").fill(partner_name)
    page.get_by_label("Jenis mitra").select_option("yayasan")
    page.get_by_label("Kemandirian").check()
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(partner_name)
    partner_id = re.search(r"/mitra/(\d+)/", page.url).group(1)

    page.goto(f"{server_url}/mitra/{partner_id}/perjanjian/baru/")
    axe("agreement form")
    page.get_by_label("Nomor perjanjian").fill(f"W14.PAS.PAS1-PK.01.05-{tag}/2026")
    page.get_by_label("PKS (Perjanjian Kerja Sama)").check()
    page.get_by_label("Tanggal mulai").fill((today - dt.timedelta(days=30)).isoformat())
    page.get_by_label("Tanggal berakhir").fill((today + dt.timedelta(days=335)).isoformat())
    page.get_by_label("Dokumen bertanda tangan (PDF)").set_input_files(
        {"name": "pks-bertanda-tangan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Simpan perjanjian").click()
    expect(page.get_by_test_id("agreement-row")).to_have_count(1)

    page.goto(f"{server_url}/mitra/{partner_id}/akun/baru/")
    axe("partner user form")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Nama lengkap").fill("Sri Wahyuni")
    page.get_by_label("Kata sandi awal").fill(password)
    page.get_by_role("button", name="Buat akun").click()
    expect(page.get_by_text(username).first).to_be_visible()

    page.goto(server_url + "/kegiatan/baru/")
    page.get_by_label("Penyelenggara").select_option(label=partner_name)
    page.get_by_label("Bidang").select_option("kemandirian")
    page.get_by_label("Topik").fill(topic)
    page.get_by_label("Tempat").fill("Balai Kelurahan Sinduadi")
    page.get_by_label("Tanggal").fill(yesterday.isoformat())
    page.get_by_label("Jam mulai").fill("09:00")
    page.get_by_label("Jam selesai").fill("11:00")
    page.get_by_label("Kapasitas (peserta)").fill("10")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(topic)
    activity_url = re.search(r"/kegiatan/\d+/", page.url).group(0)

    # The PK enrols three clients of their caseload.
    login("pk1")
    page.goto(server_url + activity_url)
    boxes = page.locator("input[name=cases]")
    assert boxes.count() >= 3
    registers = []
    for i in range(3):
        box = boxes.nth(i)
        label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
        registers.append(label.rsplit("·", 1)[1].split(" — ")[0].strip())  # " — disarankan …" when suggested
        box.check()
    page.get_by_role("button", name="Daftarkan").click()
    expect(page.get_by_test_id("participant")).to_have_count(3)
    listed = page.get_by_test_id("participant")
    case_urls = {
        listed.nth(i).locator(".small").inner_text().strip(): listed.nth(i)
        .get_by_role("link")
        .get_attribute("href")
        for i in range(3)
    }
    assert sorted(case_urls) == sorted(registers)

    # The partner's user, on a phone: exactly those three, attendance taken.
    page.set_viewport_size(PHONE)
    login(username, password)
    expect(page).to_have_url(re.compile(r"/pokmas/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(partner_name)
    axe("partner portal home")
    expect(page.get_by_test_id("portal-agreement")).to_have_count(1)
    expect(page.get_by_test_id("portal-activity")).to_have_count(1)
    expect(page.get_by_test_id("portal-activity")).to_contain_text(topic)
    page.get_by_test_id("portal-activity").get_by_role("link", name=topic).click()
    axe("partner activity detail")
    participants = page.get_by_test_id("participant")
    expect(participants).to_have_count(3)
    seen = sorted(participants.nth(i).locator(".small").inner_text().strip() for i in range(3))
    assert seen == sorted(registers)
    page.get_by_role("link", name="Absensi").first.click()
    axe("roll-call")
    rows = page.get_by_test_id("rollcall-row")
    expect(rows).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    absent = rows.nth(2).locator("legend .small").inner_text().strip()
    for i, present in enumerate((True, True, False)):
        rows.nth(i).get_by_text("Tidak hadir" if not present else "Hadir", exact=True).click()
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.get_by_test_id("rollcall-done")).to_be_visible()
    expect(page.locator(".badge", has_text=re.compile("^Hadir$"))).to_have_count(2)
    # and nothing else: no caseload, no client file, no report
    for path in ["/klien/", case_urls[absent], "/laporan/mitra/", "/kegiatan/"]:
        response = page.goto(server_url + path)
        assert response.status in (403, 404), path

    # The PK sees the attendance on each client's timeline.
    page.set_viewport_size({"width": 1280, "height": 900})
    login("pk1")
    for register, url in case_urls.items():
        page.goto(server_url + url)
        entry = page.get_by_test_id("timeline-contact").filter(has_text=topic)
        expect(entry).to_have_count(1)
        expect(entry).to_contain_text("Kehadiran kegiatan")
        expect(entry).to_contain_text("Klien tidak di tempat" if register == absent else "Melapor")

    # The Kasi's SIMONAS report counts the session: 1 activity, 3 enrolled, 2 present, 2 clients reached.
    login("kasi1")
    page.goto(f"{server_url}/laporan/mitra/?tahun={yesterday.year}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laporan kegiatan mitra")
    row = page.locator("#tabel-per-mitra tr", has_text=partner_name)
    expect(row.locator("td")).to_have_text(["1", "3", "2", "66,7%", "2"])
    axe("partner report")
