"""Reporting obligations from the rules, contacts that meet them, the sweep, tasks, escalation, compliance."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bimkemas.cases.models import CaseEvent, EndReason
from bimkemas.cases.services import case_assign, case_end
from bimkemas.contacts.compliance import compliance, compliance_by
from bimkemas.contacts.models import (
    CheckIn,
    CheckInStatus,
    Contact,
    FollowUpTask,
    Kind,
    Obligation,
    Outcome,
    ReportingRule,
    Requirement,
    TaskKind,
    TaskStatus,
)
from bimkemas.contacts.services import (
    CheckInAnswers,
    ContactData,
    checkin_review,
    checkin_submit,
    contact_record,
    obligation_excuse,
    obligations_sweep,
    rule_change,
    schedule_override,
)
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db
START = dt.date(2026, 1, 5)  # a Monday


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def supervised(kasi, pk, programme="PB", name="Rudi Hartono", start=START, months=12):
    case = receive_client(kasi, name, programme=programme, start=start, months=months)
    case_assign(actor=kasi, cases=[case], pk=pk)
    case.refresh_from_db()
    return case


def windows(case, requirement):
    return list(
        Obligation.objects.filter(case=case, requirement=requirement)
        .order_by("window_start")
        .values_list("window_start", "due")
    )


def report(case, actor, day, kind=Kind.PHONE_CALL, outcome=Outcome.REPORTED, **kw):
    when = min(at(day), timezone.now())  # today's 10 o'clock may still be ahead
    return contact_record(
        actor=actor, case=case, data=ContactData(kind=kind, outcome=outcome, occurred_at=when, **kw)
    )


# --- generation from the rules -----------------------------------------------------------------------


def test_parole_reports_monthly_and_in_person_monthly_with_a_first_contact(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, programme="PB")

    first = Obligation.objects.get(case=case, requirement=Requirement.FIRST_CONTACT)
    assert (first.window_start, first.due) == (START, case.first_contact_due)
    monthly = windows(case, Requirement.REPORT)
    assert monthly[:3] == [
        (dt.date(2026, 1, 5), dt.date(2026, 2, 4)),
        (dt.date(2026, 2, 5), dt.date(2026, 3, 4)),
        (dt.date(2026, 3, 5), dt.date(2026, 4, 4)),
    ]
    assert windows(case, Requirement.IN_PERSON)[:2] == monthly[:2]


def test_assimilation_reports_weekly(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, programme="ASIM", months=3)

    weekly = windows(case, Requirement.REPORT)
    assert weekly[:2] == [
        (dt.date(2026, 1, 5), dt.date(2026, 1, 11)),
        (dt.date(2026, 1, 12), dt.date(2026, 1, 18)),
    ]
    assert weekly[-1][1] == case.period_end  # the last window ends with the period
    assert all((due - start).days == 6 for start, due in weekly[:-1])


def test_a_bapas_rule_overrides_the_national_one_and_keeps_history(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, programme="PB", start=timezone.localdate() - dt.timedelta(days=10))
    national = ReportingRule.objects.get(bapas=None, programme="", requirement=Requirement.REPORT)

    rule = rule_change(
        actor=kasi_budi, programme="PB", phase="", requirement=Requirement.REPORT, every=2, interval="week",
        grace_days=2, reason="Banyak klien PB baru", valid_from=timezone.localdate(),
    )  # fmt: skip
    rule_change(
        actor=kasi_budi, programme="PB", phase="", requirement=Requirement.REPORT, every=1, interval="week",
        grace_days=1, reason="Pengawasan diperketat", valid_from=timezone.localdate() + dt.timedelta(days=1),
    )  # fmt: skip

    rule.refresh_from_db()
    assert rule.valid_until == timezone.localdate()  # closed, not changed
    national.refresh_from_db()
    assert national.valid_until is None
    future = Obligation.objects.filter(
        case=case, requirement=Requirement.REPORT, window_start__gt=timezone.localdate()
    )
    assert future.exists()
    assert all((o.due - o.window_start).days == 6 for o in future if o.due < case.period_end)


def test_only_bapas_leads_change_rules_and_bad_values_are_named(pk_andi, kasi_budi):
    with pytest.raises(PermissionDenied):
        rule_change(actor=pk_andi, programme="", phase="", requirement="report", every=1, interval="week",
                    grace_days=1, reason="alasan panjang", valid_from=START)  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        rule_change(actor=kasi_budi, programme="", phase="", requirement="report", every=0, interval="year",
                    grace_days=99, reason="", valid_from=START)  # fmt: skip
    assert set(exc.value.message_dict) == {"every", "interval", "grace_days", "reason"}
    assert ReportingRule.objects.filter(bapas__isnull=False).count() == 0


def test_pk_adjusts_one_clients_schedule_with_a_reason(kasi_budi, pk_andi):
    today = timezone.localdate()
    case = supervised(kasi_budi, pk_andi, programme="PB", start=today - dt.timedelta(days=3))

    with pytest.raises(ValidationError):
        schedule_override(
            actor=pk_andi,
            case=case,
            requirement="report",
            every=1,
            interval="week",
            reason="",
            valid_from=today,
        )
    schedule_override(actor=pk_andi, case=case, requirement="report", every=1, interval="week",
                      reason="Bekerja di luar kota, lapor video tiap minggu", valid_from=today)  # fmt: skip

    running = Obligation.objects.get(
        case=case, requirement=Requirement.REPORT, window_start=case.period_start
    )
    assert (running.due - running.window_start).days >= 27  # the running monthly window keeps its due date
    future = Obligation.objects.filter(case=case, requirement=Requirement.REPORT, window_start__gt=today)
    assert future.count() >= 1 and all((o.due - o.window_start).days == 6 for o in future)
    assert case.events.filter(code=CaseEvent.Code.SCHEDULE_CHANGED).exists()


# --- contacts meet obligations ----------------------------------------------------------------------


def test_a_call_meets_the_report_and_first_contact_but_not_the_in_person_one(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi)

    contact = report(case, pk_andi, START + dt.timedelta(days=1))

    statuses = dict(
        Obligation.objects.filter(case=case, window_start=START).values_list("requirement", "status")
    )
    assert statuses == {"first_contact": "met", "report": "met", "in_person": "open"}
    assert contact.channel == "teleconference"
    report(case, pk_andi, START + dt.timedelta(days=3), kind=Kind.OFFICE_REPORT)
    assert Obligation.objects.get(case=case, window_start=START, requirement="in_person").status == "met"


def test_a_report_inside_the_grace_days_is_late_and_after_them_counts_for_the_next_window(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi)
    first_due = dt.date(2026, 2, 4)

    report(case, pk_andi, first_due + dt.timedelta(days=2))  # grace 3 days
    assert Obligation.objects.get(case=case, requirement="report", window_start=START).status == "met_late"

    report(case, pk_andi, dt.date(2026, 3, 8))  # beyond the grace of the 2nd window (due 4 Mar + 3)
    second = Obligation.objects.get(case=case, requirement="report", window_start=dt.date(2026, 2, 5))
    third = Obligation.objects.get(case=case, requirement="report", window_start=dt.date(2026, 3, 5))
    assert second.status == "open" and third.status == "met"


def test_not_reached_does_not_count_and_an_employer_talk_never_counts(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi)

    report(case, pk_andi, START, outcome=Outcome.NOT_REACHED)
    report(case, pk_andi, START, kind=Kind.EMPLOYER_CONTACT)

    assert not Obligation.objects.filter(case=case).exclude(status="open").exists()
    assert Contact.objects.filter(case=case, counts_as_report=True).count() == 0


def test_contact_validation_names_the_field_and_stores_nothing(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi)
    future = timezone.now() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as exc:
        contact_record(actor=pk_andi, case=case, data=ContactData(kind="telepati", outcome="reported", occurred_at=future,
                                                                   address_changed=True))  # fmt: skip
    assert set(exc.value.message_dict) == {"kind", "occurred_at", "new_address"}
    assert not Contact.objects.exists()


def test_only_the_case_team_and_bapas_leads_record(kasi_budi, pk_andi, pk_rina, pk_sari, kasubsi_eko):
    case = supervised(kasi_budi, pk_andi)
    for outsider in (pk_rina, pk_sari):
        with pytest.raises(PermissionDenied):
            report(case, outsider, START)
    report(case, kasubsi_eko, START)
    assert Contact.objects.filter(case=case).count() == 1


def test_changed_address_and_dead_phone_are_events_not_lost_in_notes(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi)

    report(case, pk_andi, START, kind=Kind.HOME_VISIT, outcome=Outcome.MOVED, address_changed=True,
           new_address="Jl. Godean Km 5, Sleman")  # fmt: skip
    report(case, pk_andi, START, outcome=Outcome.PHONE_UNREACHABLE)

    codes = set(case.events.values_list("code", flat=True))
    assert {CaseEvent.Code.ADDRESS_CHANGED, CaseEvent.Code.PHONE_UNREACHABLE} <= codes
    assert (
        case.events.get(code=CaseEvent.Code.ADDRESS_CHANGED).payload["new_address"]
        == "Jl. Godean Km 5, Sleman"
    )


# --- the sweep: missed → call → home visit → Kasi -----------------------------------------------------


def test_missed_after_grace_becomes_a_call_task_then_a_home_visit_then_escalates(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi)
    report(case, pk_andi, START)  # first contact and January met
    january_in_person = Obligation.objects.get(case=case, requirement="in_person", window_start=START)

    # Due 4 Feb, grace 3 days: still only overdue on 7 Feb, missed on 8 Feb.
    obligations_sweep(today=dt.date(2026, 2, 7), now=at(dt.date(2026, 2, 7)))
    january_in_person.refresh_from_db()
    assert january_in_person.status == "open"
    assert not FollowUpTask.objects.exists()

    counts = obligations_sweep(today=dt.date(2026, 2, 8), now=at(dt.date(2026, 2, 8)))
    january_in_person.refresh_from_db()
    assert january_in_person.status == "missed" and counts["missed"] >= 1
    task = FollowUpTask.objects.get(case=case, status=TaskStatus.OPEN)
    assert (task.kind, task.assigned_to) == (TaskKind.CALL, pk_andi)

    report(case, pk_andi, dt.date(2026, 2, 8), outcome=Outcome.NOT_REACHED)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    visit = FollowUpTask.objects.get(case=case, status=TaskStatus.OPEN)
    assert visit.kind == TaskKind.HOME_VISIT and visit.assigned_to == pk_andi

    # Left open for more than the configured days: the Kasi gets it, and it is on the timeline.
    later = visit.created_at + dt.timedelta(days=4)
    assert obligations_sweep(today=later.date(), now=later)["escalated"] == 1
    visit.refresh_from_db()
    assert (visit.assigned_to, visit.escalated_from, visit.escalated) == (kasi_budi, pk_andi, True)
    assert case.events.filter(code=CaseEvent.Code.FOLLOWUP_ESCALATED).exists()

    report(case, kasi_budi, timezone.localdate(), kind=Kind.HOME_VISIT)  # found at home: the task is done
    visit.refresh_from_db()
    assert visit.status == TaskStatus.DONE


def test_escalation_days_are_configuration(kasi_budi, pk_andi, settings):
    settings.CONTACTS_ESCALATE_AFTER_DAYS = 10
    case = supervised(kasi_budi, pk_andi)
    obligations_sweep(today=dt.date(2026, 2, 8), now=at(dt.date(2026, 2, 8)))
    task = FollowUpTask.objects.get(case=case)
    assert obligations_sweep(now=task.created_at + dt.timedelta(days=4))["escalated"] == 0
    assert obligations_sweep(now=task.created_at + dt.timedelta(days=10))["escalated"] == 1


def test_sweeping_twice_changes_nothing_more(kasi_budi, pk_andi):
    supervised(kasi_budi, pk_andi)
    first = obligations_sweep(today=dt.date(2026, 3, 1), now=at(dt.date(2026, 3, 1)))
    second = obligations_sweep(today=dt.date(2026, 3, 1), now=at(dt.date(2026, 3, 1)))
    assert first["missed"] > 0 and first["tasks"] == 1
    assert second == {"missed": 0, "tasks": 0, "escalated": 0, "cancelled": 0}


def test_excused_obligation_cancels_its_task_and_leaves_the_rate(kasi_budi, pk_andi, pk_rina):
    case = supervised(kasi_budi, pk_andi)
    obligations_sweep(today=dt.date(2026, 2, 8), now=at(dt.date(2026, 2, 8)))
    missed = Obligation.objects.filter(case=case, status="missed").first()

    with pytest.raises(PermissionDenied):
        obligation_excuse(actor=pk_rina, obligation=missed, reason="Sakit, ada surat dokter")
    obligation_excuse(actor=pk_andi, obligation=missed, reason="Sakit, ada surat dokter")

    missed.refresh_from_db()
    assert missed.status == "excused" and missed.excused_by == pk_andi
    assert not FollowUpTask.objects.filter(obligation=missed, status=TaskStatus.OPEN).exists()


def test_ending_a_case_cancels_its_open_obligations(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi)
    case_end(actor=kasi_budi, case=case, reason=EndReason.COMPLETED, end_date=timezone.localdate(), note="")
    assert not Obligation.objects.filter(case=case, status="open").exists()
    assert Obligation.objects.filter(case=case, status="cancelled").exists()


# --- compliance: one definition ----------------------------------------------------------------------


def test_compliance_counts_and_rates(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, programme="ASIM", months=2)  # weekly windows from 5 Jan
    report(case, pk_andi, dt.date(2026, 1, 6))  # week 1 on time (and first contact)
    report(case, pk_andi, dt.date(2026, 1, 19))  # week 2 (12–18 Jan) late: grace 1 day
    obligations_sweep(
        today=dt.date(2026, 1, 27), now=at(dt.date(2026, 1, 27))
    )  # week 3 (19–25) missed? met by 19th
    week4 = Obligation.objects.get(case=case, requirement="report", window_start=dt.date(2026, 1, 26))

    reports = Obligation.objects.filter(case=case, requirement="report")
    c = compliance(reports, today=dt.date(2026, 1, 27))
    assert (c.met, c.met_late, c.missed, c.overdue) == (1, 1, 1, 0)
    assert c.rate == pytest.approx(2 / 3) and c.on_time_rate == pytest.approx(1 / 3)
    assert week4.status == "open"  # not yet due: not counted

    by_month = compliance_by(reports, today=dt.date(2026, 1, 27), by_month=True)
    assert [(r["month"].month, r["compliance"].counted) for r in by_month] == [(1, 3)]


# --- check-ins ---------------------------------------------------------------------------------------


def test_checkin_is_idempotent_and_records_both_times(kasi_budi, pk_andi):
    today = timezone.localdate()
    case = supervised(kasi_budi, pk_andi, start=today - dt.timedelta(days=2))
    key = uuid.uuid4()
    made = timezone.now() - dt.timedelta(hours=5)  # made offline this morning

    first, created = checkin_submit(
        case=case, key=key, answers=CheckInAnswers(address_same=True, working=True), client_time=made
    )
    again, created_again = checkin_submit(
        case=case, key=key, answers=CheckInAnswers(address_same=False, new_address="x")
    )

    assert created and not created_again and again.id == first.id
    assert CheckIn.objects.count() == 1 and Contact.objects.filter(kind=Kind.SELF_CHECKIN).count() == 1
    first.refresh_from_db()
    assert first.client_time == made and first.received_at > made and first.status == CheckInStatus.SUBMITTED
    assert first.answers["address_same"] is True  # the retry changed nothing
    assert (
        Obligation.objects.get(case=case, requirement="report", window_start=case.period_start).status
        == "met"
    )


def test_checkin_outside_the_window_or_too_old_is_refused(kasi_budi, pk_andi):
    today = timezone.localdate()
    case = supervised(kasi_budi, pk_andi, start=today - dt.timedelta(days=2))
    with pytest.raises(ValidationError) as exc:
        checkin_submit(case=case, key=uuid.uuid4(), answers=CheckInAnswers(address_same=False),
                       client_time=timezone.now() - dt.timedelta(days=8))  # fmt: skip
    assert set(exc.value.message_dict) == {"client_time", "new_address"}
    assert not CheckIn.objects.exists()


def test_pk_review_accept_ask_more_or_flag(kasi_budi, pk_andi, pk_rina):
    today = timezone.localdate()
    case = supervised(kasi_budi, pk_andi, start=today - dt.timedelta(days=2))
    checkin, _ = checkin_submit(case=case, key=uuid.uuid4(), answers=CheckInAnswers(address_same=True))

    with pytest.raises(PermissionDenied):
        checkin_review(actor=pk_rina, checkin=checkin, decision="accepted")
    with pytest.raises(ValidationError):
        checkin_review(actor=pk_andi, checkin=checkin, decision="flagged", note="")
    checkin_review(actor=pk_andi, checkin=checkin, decision="flagged", note="Foto bukan klien")

    checkin.refresh_from_db()
    assert checkin.status == "flagged" and checkin.reviewed_by == pk_andi
    assert not checkin.contact.counts_as_report
    assert (
        Obligation.objects.get(case=case, requirement="report", window_start=case.period_start).status
        == "open"
    )
    with pytest.raises(ValidationError):  # reviewed once
        checkin_review(actor=pk_andi, checkin=checkin, decision="accepted")
