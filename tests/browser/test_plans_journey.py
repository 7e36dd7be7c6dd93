"""The staged guidance from plan to TPP: pk1 proposes the current phase's plan from the needs assessment,
edits and agrees it; evaluates the finished awal phase (figures filled in from the records, every goal
rated); kasi1 reads the coverage figures on the page and in Excel; kasi1 holds a Sidang TPP with the
client on the agenda, pk1 writes the recommendation, the minutes PDF holds it and the case timeline
shows each step."""

import json
import random
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.pdftext import pdftotext

pytestmark = pytest.mark.browser

# A client of pk1 whose period began 100 days ago (360 days long): awal ended 11 days ago (its evaluation
# is due), lanjutan began 10 days ago (its plan is due). A final needs assessment with `pekerjaan` tinggi
# made early in awal; the awal plan proposed from it and agreed then; two reports in person and two
# activity sessions (one attended) in awal; the awal obligations past their grace days marked missed, as
# the hourly sweep would (for this client only: the sweep would touch every demo client).
ARRANGE = """
import datetime as dt, json, random
from django.utils import timezone
from bimkemas.activities.services import attendance_record, enrol
from bimkemas.assessments.models import Assessment
from bimkemas.cases.services import case_assign
from bimkemas.contacts.compliance import compliance
from bimkemas.contacts.models import Kind, Obligation, ObligationStatus
from bimkemas.contacts.services import ContactData, contact_record
from bimkemas.org.models import User
from bimkemas.plans.services import plan_agree, plan_create
from tests.activities.factories import make_activity
from tests.cases.factories import receive_client
from tests.plans.helpers import needs_assessment

def at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

users = {u.username: u for u in User.objects.filter(username__in=["kasi1", "pk1", "pk2", "pk3"])}
kasi, pk = users["kasi1"], users["pk1"]
today = timezone.localdate()
start = today - dt.timedelta(days=100)
# A birth date of its own: the factory's NIK serial restarts in every `manage` process, so two clients made
# by two journeys with the default birth date would share a NIK.
birth = dt.date(random.randint(1975, 1989), random.randint(1, 12), random.randint(1, 28))
case = receive_client(kasi, "__NAME__", start=start, person_kw={"birth": birth})
(case,) = case_assign(actor=kasi, cases=[case], pk=pk)
needs = needs_assessment(pk, case, {"pekerjaan": "tinggi"})
Assessment.objects.filter(id=needs.id).update(assessed_at=at(start + dt.timedelta(days=2)))
awal = plan_create(actor=pk, case=case, phase="awal", today=start + dt.timedelta(days=3))
plan_agree(actor=pk, plan=awal, today=start + dt.timedelta(days=5))
for days in (6, 40):
    contact_record(actor=pk, case=case, data=ContactData(kind=Kind.OFFICE_REPORT,
                                                         occurred_at=at(start + dt.timedelta(days=days))))
for days, present in ((20, True), (50, False)):
    activity = make_activity(kasi, day=start + dt.timedelta(days=days), topic=f"Pelatihan kerja hari {days}")
    (enrolment,) = enrol(actor=pk, activity=activity, cases=[case])
    attendance_record(actor=pk, activity=activity, marks={enrolment.id: present})
awal_end = start + dt.timedelta(days=89)
for o in Obligation.objects.filter(case=case, status=ObligationStatus.OPEN, due__lt=today):
    if o.due + dt.timedelta(days=o.grace_days) < today:
        Obligation.objects.filter(id=o.id).update(status=ObligationStatus.MISSED, resolved_at=timezone.now())
c = compliance(Obligation.objects.filter(case=case, due__gte=start, due__lte=awal_end), today=today)
print(json.dumps({
    "case_id": case.id, "today": today.isoformat(), "register": case.register_number, "awal_goals": awal.goals.count(),
    "met": c.met, "late": c.met_late, "missed": c.missed,
    "users": {k: u.id for k, u in users.items()},
}))
"""

PK1 = "Andi Pratama, S.Sos."
JOB_GOAL = "Klien memperoleh dan mempertahankan pekerjaan atau usaha yang sah."


def pdf_text(path) -> str:
    return pdftotext(path, layout=True)


def table_cell(text: str, start: str) -> str:
    """The text of a wrapped table cell in `pdftotext -layout` output: from the line where the cell begins
    with `start`, the same column of the following lines up to the row's end (a blank line); the next
    column is cut off at its gap of two or more spaces; words hyphenated at a line end are joined."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if start in line)
    col = lines[first].index(start)
    out = ""
    for line in lines[first:]:
        if not line.strip():
            break
        part = re.split(r"\s{2,}", line[col:].strip())[0]
        out = out[:-1] + part if out.endswith(("-", "\u2010")) else f"{out} {part}".strip()
    return out


def pct(text: str) -> float | None:
    """A percentage cell as shown on the page ("66,7%", "—") as a number of percent."""
    text = text.strip()
    return None if text == "—" else float(text.rstrip("%").replace(".", "").replace(",", "."))


def test_plan_evaluation_coverage_and_tpp(page, server_url, login, axe, manage, tmp_path):
    name = f"{random.choice(['Rahmat', 'Wahyu', 'Bagus', 'Eko'])} {random.choice(['Santosa', 'Permana', 'Hidayat'])}"
    world = json.loads(manage("shell", "-c", ARRANGE.replace("__NAME__", name)).strip().splitlines()[-1])
    case_id, register = world["case_id"], world["register"]
    case_url = f"{server_url}/kasus/{case_id}/"

    # --- pk1 proposes the lanjutan plan from the needs assessment, edits it and agrees it --------------------
    login("pk1")
    page.goto(case_url)
    page.get_by_role("link", name="Program bimbingan per tahap").click()
    lanjutan = page.get_by_role("region", name=re.compile(r"^Tahap lanjutan"))
    expect(lanjutan.get_by_text("Tahap berjalan")).to_be_visible()
    expect(lanjutan.get_by_text("Perlu dibuat")).to_be_visible()
    lanjutan.get_by_role("button", name="Usulkan rencana dari asesmen").click()
    expect(page.get_by_role("heading", name="Rencana program Tahap lanjutan")).to_be_visible()
    expect(page.get_by_text("Diusulkan dari asesmen kebutuhan")).to_be_visible()
    job = page.get_by_role("group", name=re.compile(r"\(dari ranah pekerjaan\)"))
    expect(job.get_by_label("Bidang")).to_have_value("kemandirian")
    expect(job.get_by_role("textbox", name="Sasaran", exact=True)).to_have_value(JOB_GOAL)
    axe("plan edit page")
    page.set_viewport_size({"width": 360, "height": 740})  # a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})

    edited = "Klien bekerja tetap di bengkel las milik pamannya dan menabung sebagian penghasilannya."
    job.get_by_role("textbox", name="Sasaran", exact=True).fill(edited)
    page.get_by_role("button", name="Tambah sasaran").click()
    goals = page.get_by_role("group", name=re.compile(r"^Sasaran \d+"))
    new = goals.last
    expect(new.get_by_role("textbox", name="Sasaran", exact=True)).to_have_value("")
    new.get_by_label("Bidang").select_option(label="Bimbingan konseling")
    new.get_by_role("textbox", name="Sasaran", exact=True).fill(
        "Klien mengikuti konseling keluarga bersama istrinya."
    )
    new.get_by_label("Target/indikator").fill("Dua sesi konseling dalam tahap ini")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Draf rencana disimpan.")).to_be_visible()
    count = goals.count()
    expect(job.get_by_role("textbox", name="Sasaran", exact=True)).to_have_value(edited)
    page.get_by_role("button", name="Simpan dan tetapkan").click()
    expect(page.get_by_text("Rencana program ditetapkan.")).to_be_visible()
    expect(page.get_by_role("heading", name="Rencana Program Bimbingan — Tahap lanjutan")).to_be_visible()
    goal_rows = page.get_by_role("table").get_by_role("row")
    expect(goal_rows).to_have_count(count + 1)  # the header row and one per goal
    expect(page.get_by_role("cell", name=edited)).to_be_visible()
    expect(
        page.get_by_role("cell", name="Klien mengikuti konseling keluarga bersama istrinya.")
    ).to_be_visible()
    page.goto(case_url)
    expect(page.get_by_text("Program bimbingan tahap ditetapkan: tahap lanjutan")).to_be_visible()

    # --- pk1 evaluates the finished awal phase ----------------------------------------------------------------
    page.get_by_role("link", name="Program bimbingan per tahap").click()
    awal = page.get_by_role("region", name="Tahap awal")
    expect(awal.get_by_text("Evaluasi jatuh tempo")).to_be_visible()
    awal.get_by_role("button", name="Mulai evaluasi").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^Evaluasi perubahan perilaku — Tahap awal"))
    ).to_be_visible()
    met, late, missed = world["met"], world["late"], world["missed"]
    assert met >= 2 and missed >= 1, world  # the arranged history: some reports made, some missed
    rate = f"{round(100 * (met + late) / (met + late + missed), 1):.1f}".replace(".", ",")
    compliance = page.get_by_test_id("compliance")
    expect(compliance).to_contain_text(f"{rate}%")
    expect(compliance).to_contain_text(f"{met} tepat waktu, {late} terlambat, {missed} tidak lapor")
    expect(page.get_by_test_id("attendance")).to_have_text("50,0% — hadir 1 dari 2 pertemuan yang diikuti")
    expect(page.get_by_test_id("bands")).to_contain_text("Asesmen kebutuhan")  # the assessment made in awal
    n_goals = world["awal_goals"]
    assert n_goals >= 2
    expect(page.get_by_role("group", name=re.compile(r"^Capaian sasaran \d+$"))).to_have_count(n_goals)
    axe("evaluation form")

    for i in range(1, n_goals):  # every goal but the last
        page.get_by_role("group", name=f"Capaian sasaran {i}", exact=True).get_by_label(
            "Tercapai", exact=True
        ).check()
    page.get_by_label("Kesimpulan", exact=True).fill("Klien patuh di awal tahap, lalu sempat tidak lapor.")
    page.get_by_role("group", name="Rekomendasi").get_by_label("Usul sidang TPP").check()
    page.get_by_label("Saya menyatakan evaluasi ini sudah lengkap").check()
    page.get_by_role("button", name="Finalkan evaluasi").click()
    alert = page.get_by_role("alert").filter(has_text="Periksa isian berikut")
    expect(alert).to_contain_text(f"Sasaran {n_goals} belum dinilai capaiannya.")
    expect(alert).to_contain_text("belum dapat difinalkan")
    unrated = alert.get_by_role(
        "link", name=f"Capaian sasaran {n_goals}: Sasaran {n_goals} belum dinilai capaiannya."
    )
    unrated.click()  # the message leads to the goal's choices
    expect(page.locator(unrated.get_attribute("href"))).to_be_focused()
    last = page.get_by_role("group", name=f"Capaian sasaran {n_goals}", exact=True)
    last.get_by_label("Sebagian", exact=True).check()
    page.get_by_label(f"Catatan sasaran {n_goals}").fill("Sudah bekerja paruh waktu, belum tetap.")
    page.get_by_label("Saya menyatakan evaluasi ini sudah lengkap").check()
    page.get_by_role("button", name="Finalkan evaluasi").click()
    expect(page.get_by_text("Evaluasi difinalkan.")).to_be_visible()
    expect(page.get_by_test_id("recommendation")).to_have_text("Usul sidang TPP")
    expect(page.get_by_test_id("compliance")).to_contain_text(f"{rate}%")  # the stored snapshot
    page.goto(case_url)
    expect(page.get_by_text("Evaluasi tahap bimbingan selesai: tahap awal")).to_be_visible()

    # --- kasi1 reads the coverage per PK, on the page and in Excel ------------------------------------------
    login("kasi1")
    page.get_by_role("link", name="Cakupan program").click()
    expect(
        page.get_by_role("heading", name="Cakupan rencana program dan evaluasi", exact=True)
    ).to_be_visible()
    table = page.locator("#tabel-cakupan")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=PK1, exact=True))
    expect(row).to_have_count(1)
    cells = [c.strip() for c in row.get_by_role("cell").all_inner_texts()]
    assert len(cells) == len(headers) - 1 and int(cells[0]) >= 1, (headers, cells)
    plan_covered = headers.index("Rencana tahap berjalan ditetapkan") - 1
    axe("coverage page")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh Excel").click()
    path = tmp_path / "cakupan.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path)["Cakupan"]
    assert [c.value for c in sheet[6]] == headers
    (xrow,) = [r for r in sheet.iter_rows(min_row=7, values_only=True) if r[0] == PK1]
    for value, shown, header in zip(xrow[1:], cells, headers[1:], strict=True):
        if header.endswith("(%)"):
            assert pct(shown) == (None if value in (None, "—") else round(value * 100, 1)), header
        else:
            assert int(shown.replace(".", "")) == value, header
    assert int(cells[plan_covered]) >= 1  # pk1's client whose lanjutan plan was agreed above

    # --- kasi1 plans a Sidang TPP with the client on the agenda --------------------------------------------
    page.get_by_role("button", name="Lainnya").click()
    page.get_by_role("link", name="Sidang TPP").click()
    page.get_by_role("link", name="Rencanakan sidang").click()
    page.get_by_label("Tanggal sidang").fill(world["today"])
    page.get_by_label("Pukul").fill("09:00")
    page.get_by_label("Ketua sidang").select_option(value=str(world["users"]["kasi1"]))
    page.get_by_label("Sekretaris sidang").select_option(value=str(world["users"]["pk2"]))
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("direncanakan.")).to_be_visible()
    session_url = page.url
    page.get_by_label("Cari klien (nama, nomor register atau NIK)").fill(name)
    candidate = page.locator("#candidate-list li").filter(has_text=register)
    expect(candidate).to_have_count(1)
    candidate.get_by_label("Agenda").select_option(label="Evaluasi")
    candidate.get_by_role("button", name=f"Tambahkan {register}").click()
    expect(page.get_by_text(f"{register} ditambahkan ke agenda (Evaluasi).")).to_be_visible()
    page.get_by_label("Petugas Bapas").select_option(value=str(world["users"]["pk3"]))
    page.get_by_role("button", name="Tambah anggota").click()
    expect(page.get_by_text("ditambahkan sebagai anggota.")).to_be_visible()
    members = page.get_by_role("group", name="Daftar hadir")
    for box in members.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Simpan daftar hadir").click()
    expect(page.get_by_text("Daftar hadir disimpan: 3 anggota hadir.")).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("belum memiliki rekomendasi")
    axe("TPP session page")

    # pk1 writes the discussion and recommendation of their client's agenda item.
    recommendation = (
        "Klien dilanjutkan ke tahap lanjutan dengan konseling keluarga dan wajib lapor dua mingguan."
    )
    login("pk1")
    page.goto(session_url)
    page.get_by_role("link", name=f"Isi pembahasan {register}").click()
    page.get_by_label("Ringkasan pembahasan").fill(
        "PK menyajikan evaluasi tahap awal; klien sempat tidak lapor."
    )
    page.get_by_label("Rekomendasi TPP").fill(recommendation)
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text(f"Pembahasan dan rekomendasi {register} disimpan.")).to_be_visible()

    # kasi1 finalises; the minutes PDF holds the client's name and the recommendation.
    login("kasi1")
    page.goto(session_url)
    expect(page.locator("#ready")).to_be_visible()
    page.get_by_role("button", name="Finalkan berita acara").click()
    expect(page.locator("#session-status")).to_have_text("Selesai (berita acara final)")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh berita acara (PDF)").click()
    path = tmp_path / "berita-acara.pdf"
    download.value.save_as(path)
    text = pdf_text(path)
    flat = " ".join(text.split())
    assert name in flat
    assert register in text
    assert table_cell(text, recommendation[:17]) == recommendation, text

    # The case timeline shows the TPP recommendation.
    page.goto(case_url)
    expect(page.get_by_text(f"Rekomendasi sidang TPP — {recommendation}")).to_be_visible()
