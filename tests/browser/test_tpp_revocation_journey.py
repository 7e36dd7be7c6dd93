"""A revocation (pencabutan) heard in a Sidang TPP: a client of pk1 has a revocation waiting at its BAP step;
on a phone, kasi1 plans a session with the Kepala as chair, finds the client (the search says a revocation
waits), puts them on the agenda as "Usul pencabutan", records attendance, the recommendation and the
decision, and finalises. The session page says the revocation's TPP step was filled and links to the
revocation page, which shows the step with the session's date and members and links back; the minutes PDF
says so under the item."""

import json
import random
import re

import pytest
from playwright.sync_api import expect

from tests.pdftext import pdftotext

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

# A client of pk1 with a revocation reported and examined (BAP two days ago): it waits for its TPP step.
ARRANGE = """
import datetime as dt, json, random
from bimkemas.cases.documents import bapas_today
from bimkemas.cases.services import case_assign
from bimkemas.org.models import User
from bimkemas.violations.services import revocation_bap, revocation_report, violation_record
from tests.cases.factories import receive_client

users = {u.username: u for u in User.objects.filter(username__in=["kasi1", "kepala1", "pk1"])}
kasi, pk = users["kasi1"], users["pk1"]
today = bapas_today(kasi.unit)
# A birth date of its own: the factory's NIK serial restarts in every `manage` process.
birth = dt.date(random.randint(1975, 1989), random.randint(1, 12), random.randint(1, 28))
case = receive_client(kasi, "__NAME__", start=today - dt.timedelta(days=60), person_kw={"birth": birth})
(case,) = case_assign(actor=kasi, cases=[case], pk=pk)
violation = violation_record(actor=kasi, case=case, kind="new_offence_suspect", source="police",
                             evidence="Ditangkap Polsek Depok.", occurred_on=today - dt.timedelta(days=7))
revocation = revocation_report(actor=kasi, case=case, violations=[violation],
                               reported_on=today - dt.timedelta(days=5))
revocation = revocation_bap(actor=kasi, revocation=revocation, bap_date=today - dt.timedelta(days=2),
                            examiner="Andi Pratama", summary="Klien mengakui perbuatannya.")
print(json.dumps({
    "case_id": case.id, "register": case.register_number, "revocation_id": revocation.id,
    "today": today.isoformat(), "users": {k: u.id for k, u in users.items()},
    "names": {k: u.display_name for k, u in users.items()},
}))
"""

FILLED_NOTE = "Langkah TPP pada pencabutan sudah diisi dari sidang ini."
RECOMMENDATION = "TPP merekomendasikan pencabutan pembebasan bersyarat klien."


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def pdf_text(path) -> str:
    return " ".join(pdftotext(path).split())


def test_tpp_session_fills_the_waiting_revocation(page, server_url, login, axe, manage):
    name = f"{random.choice(['Sugeng', 'Paijo', 'Tukiman', 'Slamet'])} {random.choice(['Riyadi', 'Raharjo', 'Widodo'])}"
    world = json.loads(manage("shell", "-c", ARRANGE.replace("__NAME__", name)).strip().splitlines()[-1])
    users, names, register = world["users"], world["names"], world["register"]
    page.set_viewport_size(PHONE)

    # --- kasi1 plans the session: the Kepala chairs, kasi1 is secretary --------------------------------------
    login("kasi1")
    page.goto(server_url + "/tpp/baru/")
    page.get_by_label("Tanggal sidang").fill(world["today"])
    page.get_by_label("Pukul").fill("09:00")
    page.get_by_label("Tempat").fill("Aula Bapas Yogyakarta")
    page.get_by_label("Ketua sidang").select_option(str(users["kepala1"]))
    page.get_by_label("Sekretaris sidang").select_option(str(users["kasi1"]))
    page.get_by_role("button", name="Simpan").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Sidang TPP \S+$"))
    number = heading.inner_text().removeprefix("Sidang TPP ").strip()
    expect(page.get_by_text(f"Sidang TPP {number} direncanakan.")).to_be_visible()

    # --- the search shows that a revocation waits; the client goes on the agenda as "Usul pencabutan" ------
    page.get_by_role("searchbox").fill(name)
    hint = page.locator(f"#candidate-revocation-{world['case_id']}")
    expect(hint).to_contain_text("Usul pencabutan menunggu sidang TPP")
    expect(hint).to_contain_text("Pilih agenda Usul pencabutan")
    candidate = page.locator("#candidate-list li").filter(has=hint)
    candidate.get_by_label("Agenda").select_option(label="Usul pencabutan")
    candidate.get_by_role("button", name=re.compile(r"^Tambahkan")).click()
    expect(page.get_by_text(f"{register} ditambahkan ke agenda (Usul pencabutan).")).to_be_visible()
    item = page.locator("#agenda-list > li").filter(has_text=register)
    note = item.locator("[id^=revocation-note-]")
    expect(note).to_contain_text("Usul pencabutan klien ini menunggu sidang TPP")

    # --- members and attendance -------------------------------------------------------------------------------
    page.get_by_label("Petugas Bapas").select_option(str(users["pk1"]))
    page.get_by_role("button", name="Tambah anggota").click()
    expect(page.get_by_text(f"{names['pk1']} ditambahkan sebagai anggota.")).to_be_visible()
    members = page.locator("#member-list")
    for who in ("kepala1", "kasi1", "pk1"):
        members.get_by_label(re.compile(re.escape(names[who]))).check()
    page.get_by_role("button", name="Simpan daftar hadir").click()
    expect(page.get_by_text("Daftar hadir disimpan: 3 anggota hadir.")).to_be_visible()

    # --- the recommendation and the decision ----------------------------------------------------------------
    item.get_by_role("link", name=re.compile(r"^Isi pembahasan")).click()
    page.get_by_label("Ringkasan pembahasan").fill("Klien ditahan Polsek Depok; pelanggaran terbukti.")
    page.get_by_label("Rekomendasi TPP").fill(RECOMMENDATION)
    page.get_by_label("Keputusan sidang").select_option(label="Disetujui")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text(f"Pembahasan dan rekomendasi {register} disimpan.")).to_be_visible()
    expect(page.locator("#ready")).to_be_visible()  # nothing stands in the way of final minutes

    # --- finalise: the note says the revocation's TPP step was filled ---------------------------------------
    page.locator("#finalise").get_by_role("button", name="Finalkan berita acara").click()
    expect(page.locator("#session-status")).to_have_text("Selesai (berita acara final)")
    expect(page.get_by_text("Langkah TPP diisi pada 1 pencabutan.")).to_be_visible()
    expect(note).to_contain_text(FILLED_NOTE)
    expect(note).to_have_attribute("data-kind", "filled")
    assert fits_the_phone(page)
    axe("finalised TPP session page")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh berita acara (PDF)").click()
    minutes = pdf_text(download_info.value.path())
    assert "Langkah TPP pada proses pencabutan telah dicatat dari sidang ini." in minutes
    assert number in minutes

    # --- the revocation page: the TPP step filled from the session, and the link back ------------------------
    note.get_by_role("link", name=re.compile(r"^Buka pencabutan")).click()
    expect(page).to_have_url(f"{server_url}/pencabutan/{world['revocation_id']}/")
    expect(page.locator("#revocation-status")).to_have_text("Sidang TPP")
    tpp_step = page.locator("dt", has_text=re.compile(r"^Sidang TPP$")).locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(tpp_step).to_contain_text(world["today"])
    members_text = f"{names['kepala1']} (Ketua), {names['kasi1']} (Sekretaris), {names['pk1']}"
    expect(tpp_step).to_contain_text(members_text)
    expect(tpp_step).to_contain_text(f"{RECOMMENDATION} Keputusan sidang: Disetujui.")
    source = page.locator("#tpp-source")
    expect(source).to_contain_text("Diisi dari berita acara sidang TPP")
    assert fits_the_phone(page)
    axe("revocation page filled from the session")

    source.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sidang TPP {number}")
    expect(page.locator("#session-status")).to_have_text("Selesai (berita acara final)")
