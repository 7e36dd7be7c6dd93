"""The PK's day on a phone: an overdue client, a check-in to review, a contact in three taps, and the
missed report that comes back as a follow-up task."""

import datetime as dt
import random

from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}

ARRANGE = """
import datetime as dt
from django.utils import timezone
from bimkemas.cases.services import case_assign
from bimkemas.org.models import User
from tests.cases.factories import receive_client
kasi, pk = User.objects.get(username="kasi1"), User.objects.get(username="pk1")
case = receive_client(kasi, "{name}", programme="ASIM", start=timezone.localdate() - dt.timedelta(days=7))
case_assign(actor=kasi, cases=[case], pk=pk)
"""


def section(page, heading_id):
    return page.locator(f"section:has(#{heading_id})")


def test_pk_day_overdue_review_three_taps_and_next_day_task(page, server_url, login, manage, axe):
    name = f"Slamet Riyadi {random.randint(100, 999)}"
    # A weekly (asimilasi) client whose first week ended yesterday: overdue today, missed tomorrow.
    manage("shell", "-c", ARRANGE.format(name=name))
    page.set_viewport_size(PHONE)

    login("pk1")
    expect(page.get_by_role("heading", name="Hari ini", exact=True)).to_be_visible()  # the PK's home page
    expect(section(page, "h-overdue")).to_contain_text(name)
    axe("hari ini")

    # A self check-in waiting for review: accept it.
    waiting = section(page, "h-checkins").get_by_test_id("checkin-row")
    before = waiting.count()
    assert before >= 1
    waiting.first.get_by_role("link", name="Tinjau").click()
    page.get_by_label("Terima").check()
    page.get_by_role("button", name="Simpan tinjauan").click()
    expect(page.get_by_text("Laporan mandiri ditinjau")).to_be_visible()
    expect(section(page, "h-checkins").get_by_test_id("checkin-row")).to_have_count(before - 1)

    # Three taps: Catat → WhatsApp → Melapor.
    row = section(page, "h-overdue").get_by_test_id("obligation-row").filter(has_text=name)
    row.get_by_role("button", name="Catat").click()
    row.get_by_text("WhatsApp", exact=True).click()
    row.get_by_role("button", name="Melapor / terhubung").click()
    expect(row.get_by_test_id("recorded")).to_contain_text("Pesan WhatsApp")
    page.reload()
    expect(section(page, "h-overdue")).not_to_contain_text(name)

    # Nine days on, the second week has passed unreported: the sweep marks it missed and the PK gets a
    # follow-up task (call the client).
    later = (dt.date.today() + dt.timedelta(days=9)).isoformat()
    out = manage("sweep", "--date", later, "--no-reminders")
    assert "tasks=" in out
    page.reload()
    tasks = section(page, "h-tasks").get_by_test_id("task-row")
    expect(tasks.first).to_be_visible()
    expect(section(page, "h-tasks")).to_contain_text("Telepon klien")
    expect(section(page, "h-tasks")).to_contain_text(name)
