"""Missed reporting N times in a row becomes a violation (source: contact) automatically, once per run."""

import datetime as dt

import pytest

from bimkemas.contacts.models import Obligation, ObligationStatus, Requirement
from bimkemas.notify.models import Message
from bimkemas.violations.models import Violation, ViolationKind, ViolationSource
from bimkemas.violations.services import detect_missed_reporting

TODAY = dt.date(2026, 6, 1)


def _obligations(case, statuses, *, start=dt.date(2026, 2, 2)):
    """Weekly reporting obligations with the given outcomes (contacts app's own sweep sets them)."""
    for i, status in enumerate(statuses):
        due = start + dt.timedelta(weeks=i)
        Obligation.objects.create(
            case=case, requirement=Requirement.REPORT, window_start=due - dt.timedelta(days=6), due=due,
            status=status,
        )  # fmt: skip


M, OK, X = ObligationStatus.MISSED, ObligationStatus.MET, ObligationStatus.EXCUSED


@pytest.mark.django_db
def test_three_missed_in_a_row_make_one_violation_and_alert_the_kasi(client_rudi, kasi_budi):
    kasi_budi.email = "budi@bapas-yk.go.id"
    kasi_budi.save()
    Obligation.objects.filter(case=client_rudi).delete()
    _obligations(client_rudi, [OK, M, M, M, M, OK])

    assert detect_missed_reporting(today=TODAY) == 1
    assert detect_missed_reporting(today=TODAY) == 0  # idempotent

    violation = Violation.objects.get()
    assert (violation.kind, violation.source, violation.recorded_by) == (
        ViolationKind.MISSED_REPORTING, ViolationSource.CONTACT, None,
    )  # fmt: skip
    assert violation.occurred_on == dt.date(2026, 2, 23)  # due of the third missed report
    assert "3 kali berturut-turut" in violation.evidence
    assert Message.objects.filter(recipient="budi@bapas-yk.go.id", template="staff_notice").count() == 1


@pytest.mark.django_db
def test_missed_reports_not_in_a_row_make_no_violation(client_rudi):
    Obligation.objects.filter(case=client_rudi).delete()
    _obligations(client_rudi, [M, M, OK, M, X, M, M, ObligationStatus.CANCELLED])

    assert detect_missed_reporting(today=TODAY) == 0
    assert not Violation.objects.exists()


@pytest.mark.django_db
def test_cancelled_obligations_do_not_break_the_run_and_the_limit_is_dated_configuration(client_rudi):
    from bimkemas.violations.models import Limit

    # A rule change: 2 missed reports in a row from a date before TODAY; the old row is closed.
    changed = TODAY - dt.timedelta(days=400)
    Limit.objects.filter(code="missed_in_a_row", valid_until__isnull=True).update(
        valid_until=changed - dt.timedelta(days=1)
    )
    Limit.objects.create(code="missed_in_a_row", value=2, valid_from=changed, source="test")
    Obligation.objects.filter(case=client_rudi).delete()
    _obligations(client_rudi, [M, ObligationStatus.CANCELLED, M])

    assert detect_missed_reporting(today=TODAY) == 1
    assert "2 kali berturut-turut" in Violation.objects.get().evidence


@pytest.mark.django_db
def test_a_second_run_after_reporting_again_is_a_second_violation(client_rudi):
    Obligation.objects.filter(case=client_rudi).delete()
    _obligations(client_rudi, [M, M, M, OK, M, M, M])

    assert detect_missed_reporting(today=TODAY) == 2
