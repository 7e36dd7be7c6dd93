"""Hari ini, the quick contact form, the case's reporting page, review, rules — as the PK and Kasi use them."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from bimkemas.cases.services import case_assign
from bimkemas.contacts.models import CheckIn, Contact, FollowUpTask, Obligation, ReportingRule
from bimkemas.contacts.services import CheckInAnswers, checkin_submit, obligations_sweep
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db


def supervised(kasi, pk, name, *, days_ago: int, programme="PB", village=None):
    start = timezone.localdate() - dt.timedelta(days=days_ago)
    case = receive_client(kasi, name, programme=programme, start=start, months=12)
    case_assign(actor=kasi, cases=[case], pk=pk)
    return case


def test_home_sends_staff_to_hari_ini(client, pk_andi):
    client.force_login(pk_andi)
    assert client.get("/").url == reverse("today")


def test_hari_ini_lists_first_contacts_due_today_and_overdue(client, kasi_budi, pk_andi, pk_rina):
    fresh = supervised(kasi_budi, pk_andi, "Sinta Maharani", days_ago=0)  # first contact due
    # Weekly windows from 7 days ago: the first ended yesterday (overdue, within grace); the second is running.
    late = supervised(kasi_budi, pk_andi, "Joko Susilo", days_ago=7, programme="ASIM")
    # Due today: the weekly window started 6 days ago ends today.
    due = supervised(kasi_budi, pk_andi, "Bambang Wijaya", days_ago=6, programme="ASIM")
    other = supervised(kasi_budi, pk_rina, "Orang Lain", days_ago=7, programme="ASIM")
    client.force_login(pk_andi)

    page = client.get(reverse("today")).content.decode()

    first, due_today, overdue = (
        page.split('id="h-first"')[1].split("</section>")[0],
        page.split('id="h-due"')[1].split("</section>")[0],
        page.split('id="h-overdue"')[1].split("</section>")[0],
    )
    assert "Sinta Maharani" in first
    assert "Bambang Wijaya" in due_today and "Joko Susilo" not in due_today
    assert "Joko Susilo" in overdue
    assert other.person.name not in page  # another PK's client
    assert fresh and late and due


def test_hari_ini_lists_the_litmas_due_for_new_handovers(client, kasi_budi, pk_andi, pk_rina, settings):
    settings.LITMAS_DUE_DAYS_AFTER_HANDOVER = 14
    supervised(kasi_budi, pk_andi, "Sinta Maharani", days_ago=2)  # due in 12 days
    supervised(kasi_budi, pk_andi, "Joko Susilo", days_ago=20)  # 6 days past due
    supervised(kasi_budi, pk_rina, "Orang Lain", days_ago=2)  # another PK's client
    client.force_login(pk_andi)

    page = client.get(reverse("today")).content.decode()

    section = page.split('id="h-litmas-due"')[1].split("</section>")[0]
    assert "Sinta Maharani" in section and "Joko Susilo" in section and "Orang Lain" not in section
    joko = section.split("Joko Susilo")[1].split("</li>")[0]
    assert "lewat batas" in joko and "Buat Litmas" in joko


def test_hari_ini_lists_the_phase_plans_due(client, kasi_budi, pk_andi, pk_rina):
    supervised(kasi_budi, pk_andi, "Joko Susilo", days_ago=20)  # in awal for 20 days, no plan
    supervised(kasi_budi, pk_rina, "Orang Lain", days_ago=20)
    client.force_login(pk_andi)

    page = client.get(reverse("today")).content.decode()

    section = page.split('id="h-plans-due"')[1].split("</section>")[0]
    assert "Joko Susilo" in section and "Orang Lain" not in section
    assert "Terlambat" in section.split("Joko Susilo")[1].split("</li>")[0]


def test_hari_ini_shows_the_first_plans_due_and_counts_the_rest(client, kasi_budi, pk_andi, monkeypatch):
    monkeypatch.setattr("bimkemas.contacts.views.TODAY_LIST_LIMIT", 1)
    supervised(kasi_budi, pk_andi, "Joko Susilo", days_ago=20)
    supervised(kasi_budi, pk_andi, "Bambang Wijaya", days_ago=20)
    client.force_login(pk_andi)

    section = (
        client.get(reverse("today")).content.decode().split('id="h-plans-due"')[1].split("</section>")[0]
    )

    assert section.count('data-testid="plan-due-row"') == 1
    assert ">2</span>" in section  # the badge counts all
    assert "dan 1 lainnya" in section


def test_quick_record_is_two_taps_after_opening_and_updates_the_row(client, kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, "Sinta Maharani", days_ago=0)
    client.force_login(pk_andi)
    url = reverse("contact_record", args=[case.id])

    form = client.get(url + "?quick=1", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="kind"' in form and 'value="reported"' in form and "<html" not in form
    done = client.post(
        url, {"quick": "1", "kind": "phone_call", "outcome": "reported"}, HTTP_HX_REQUEST="true"
    )

    assert done.status_code == 200 and "Tercatat" in done.content.decode()
    contact = Contact.objects.get(case=case)
    assert (contact.kind, contact.outcome, contact.recorded_by) == ("phone_call", "reported", pk_andi)
    assert Obligation.objects.get(case=case, requirement="first_contact").status == "met"
    assert 'id="h-first"' not in client.get(reverse("today")).content.decode()  # nothing left to contact


def test_full_contact_form_errors_are_named_and_nothing_is_saved(client, kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, "Sinta Maharani", days_ago=0)
    client.force_login(pk_andi)
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("contact_record", args=[case.id]),
        {"kind": "home_visit", "outcome": "moved", "occurred_at": future, "address_changed": "on"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Waktu kontak tidak boleh di masa depan." in page
    assert not Contact.objects.exists()


def test_missed_report_becomes_a_task_on_hari_ini_and_escalates_to_the_kasi(client, kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, "Joko Susilo", days_ago=20, programme="ASIM")
    obligations_sweep()  # weekly windows: 2 are past their grace → missed → one call task
    task = FollowUpTask.objects.get(case=case)
    client.force_login(pk_andi)

    page = client.get(reverse("today")).content.decode()
    assert 'id="h-tasks"' in page and "Telepon klien" in page.split('id="h-tasks"')[1]

    obligations_sweep(now=task.created_at + dt.timedelta(days=4))
    assert 'id="h-tasks"' not in client.get(reverse("today")).content.decode()  # now the Kasi's
    client.force_login(kasi_budi)
    kasi_page = client.get(reverse("today")).content.decode()
    assert 'id="h-escalated"' in kasi_page and "Joko Susilo" in kasi_page.split('id="h-escalated"')[1]
    assert "dari PK Andi Pratama" in kasi_page

    response = client.post(reverse("task_close", args=[task.id]), {"note": "Klien sudah ditahan polisi"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.note == "Klien sudah ditahan polisi"


def test_case_reporting_page_shows_compliance_and_lets_the_pk_excuse(client, kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, "Joko Susilo", days_ago=20, programme="ASIM")
    obligations_sweep()
    missed = Obligation.objects.filter(case=case, status="missed").first()
    client.force_login(pk_andi)

    page = client.get(reverse("case_reporting", args=[case.id])).content.decode()
    assert "Kepatuhan lapor" in page and 'data-testid="obligation-missed"' in page

    client.post(reverse("obligation_excuse", args=[missed.id]), {"reason": "Upacara adat keluarga"})
    missed.refresh_from_db()
    assert missed.status == "excused"
    short = client.post(reverse("obligation_excuse", args=[missed.id]), {"reason": "x"}, follow=True)
    assert "Tulis alasan" in short.content.decode()


def test_schedule_override_errors_are_shown_and_nothing_changes(client, kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, "Joko Susilo", days_ago=3)
    client.force_login(pk_andi)
    response = client.post(
        reverse("schedule_override", args=[case.id]),
        {"requirement": "report", "every": "0", "interval": "week", "valid_from": "", "reason": ""},
        follow=True,
    )
    assert "Setiap" in response.content.decode()
    assert not case.schedule_overrides.exists()


def test_pk_reviews_a_checkin_from_hari_ini(client, kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, "Sinta Maharani", days_ago=2)
    checkin, _ = checkin_submit(
        case=case, key=uuid.uuid4(), answers=CheckInAnswers(address_same=True, problem="Sakit gigi")
    )
    client.force_login(pk_andi)

    page = client.get(reverse("today")).content.decode()
    assert reverse("checkin_review", args=[checkin.id]) in page
    review = client.get(reverse("checkin_review", args=[checkin.id])).content.decode()
    assert "Sakit gigi" in review
    client.post(
        reverse("checkin_review", args=[checkin.id]), {"decision": "more", "note": "Kirim foto surat dokter"}
    )

    checkin = CheckIn.objects.get(id=checkin.id)
    assert checkin.status == "more" and checkin.review_note == "Kirim foto surat dokter"
    assert reverse("checkin_review", args=[checkin.id]) not in client.get(reverse("today")).content.decode()


def test_kasi_sets_a_bapas_rule_and_sees_the_history(client, kasi_budi):
    client.force_login(kasi_budi)
    today = timezone.localdate().isoformat()
    bad = client.post(reverse("reporting_rules"), {"requirement": "report", "every": "1", "interval": "week",
                                                   "grace_days": "1", "valid_from": today, "reason": ""})  # fmt: skip
    assert bad.status_code == 400 and not ReportingRule.objects.filter(bapas__isnull=False).exists()

    client.post(reverse("reporting_rules"), {"programme": "PB", "requirement": "report", "every": "2",
                                             "interval": "week", "grace_days": "2", "valid_from": today,
                                             "reason": "Klien PB baru banyak"})  # fmt: skip

    page = client.get(reverse("reporting_rules")).content.decode()
    assert "Klien PB baru banyak" in page and "Nasional" in page
    assert ReportingRule.objects.get(bapas=kasi_budi.unit).every == 2


def test_caseload_next_due_is_the_next_report_once_first_contact_is_made(client, kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, "Joko Susilo", days_ago=3, programme="ASIM")
    client.force_login(pk_andi)
    assert "Kontak pertama" in client.get(reverse("caseload")).content.decode()

    client.post(reverse("contact_record", args=[case.id]), {"kind": "office_report", "outcome": "reported"})

    page = client.get(reverse("caseload")).content.decode()
    week_end = case.period_start + dt.timedelta(days=13)  # the first week is met: the second is next
    assert "Wajib lapor" in page and week_end.strftime("%-d") in page
    assert "Kontak pertama" not in page.split("<tbody")[1]
