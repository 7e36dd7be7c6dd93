"""Activity services: agreement check, enrolment scope and capacity, attendance written as contacts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bimkemas.activities.models import Activity, Attendance
from bimkemas.activities.services import ActivityData, activity_create, attendance_record, enrol
from bimkemas.contacts.models import Contact, Kind, Obligation, ObligationStatus, Outcome
from tests.activities.factories import make_activity
from tests.cases.factories import receive_client
from tests.partners.factories import make_agreement, make_partner

pytestmark = pytest.mark.django_db


def test_pk_creates_bapas_activity_without_agreement(pk_andi):
    activity = make_activity(pk_andi)
    assert activity.partner is None and activity.bapas_id == pk_andi.unit_id and activity.agreement is None


def test_partner_activity_is_tied_to_the_agreement_in_force(pk_andi, sekar):
    activity = make_activity(pk_andi, partner=sekar)
    assert activity.agreement is not None and activity.agreement.partner_id == sekar.id


def test_expired_agreement_blocks_partner_activity(kasi_budi):
    old = make_partner(kasi_budi, "LBH Pelita Keadilan")
    make_agreement(kasi_budi, old, start=timezone.localdate() - dt.timedelta(days=400), days=300)
    with pytest.raises(ValidationError) as exc:
        make_activity(kasi_budi, partner=old)
    assert "tidak memiliki perjanjian kerja sama yang berlaku" in str(exc.value)
    assert not Activity.objects.exists()


def test_series_must_stay_within_the_agreement(kasi_budi):
    partner = make_partner(kasi_budi, "Karang Taruna Maju")
    today = timezone.localdate()
    make_agreement(kasi_budi, partner, start=today - dt.timedelta(days=10), days=15)
    with pytest.raises(ValidationError):
        make_activity(kasi_budi, partner=partner, sessions=4)  # weeks 3 and 4 fall after the end
    assert not Activity.objects.exists()
    make_activity(kasi_budi, partner=partner, sessions=1)
    assert Activity.objects.count() == 1


def test_series_creates_weekly_sessions(pk_andi):
    first = make_activity(pk_andi, sessions=4)
    sessions = list(Activity.objects.filter(series_key=first.series_key).order_by("starts_at"))
    assert len(sessions) == 4 and first.series_key
    assert sessions[3].starts_at - sessions[0].starts_at == dt.timedelta(days=21)


def test_other_bapas_partner_is_refused(pk_sari, sekar):
    with pytest.raises((ValidationError, PermissionDenied)):
        make_activity(pk_sari, partner=sekar)


def test_invalid_times_and_capacity_named(pk_andi):
    now = timezone.now()
    data = ActivityData(field="hukum", topic=" ", place="Kantor", starts_at=now, ends_at=now, capacity=0)
    with pytest.raises(ValidationError) as exc:
        activity_create(actor=pk_andi, data=data)
    assert set(exc.value.message_dict) == {"topic", "ends_at", "capacity"}


def test_partner_user_and_office_cannot_create(sekar, kanwil_hadi):
    for actor in (sekar.user, kanwil_hadi):
        with pytest.raises(PermissionDenied):
            make_activity(actor)


def test_pk_enrols_own_clients(pk_andi, caseload):
    activity = make_activity(pk_andi)
    enrol(actor=pk_andi, activity=activity, cases=caseload[:2])
    assert activity.enrolments.count() == 2


def test_pk_cannot_enrol_clients_outside_caseload(pk_andi, pk_rina, kasi_budi, caseload):
    activity = make_activity(pk_andi)
    other = receive_client(kasi_budi, "Agus Salim")  # not assigned to anyone
    with pytest.raises(ValidationError):
        enrol(actor=pk_andi, activity=activity, cases=[other])
    with pytest.raises(ValidationError):
        enrol(actor=pk_rina, activity=activity, cases=[caseload[0]])
    assert activity.enrolments.count() == 0


def test_other_bapas_cannot_enrol(pk_sari, pk_andi, caseload):
    activity = make_activity(pk_andi)
    with pytest.raises(PermissionDenied):
        enrol(actor=pk_sari, activity=activity, cases=caseload[:1])


def test_capacity_is_enforced(pk_andi, caseload):
    activity = make_activity(pk_andi, capacity=2)
    with pytest.raises(ValidationError) as exc:
        enrol(actor=pk_andi, activity=activity, cases=caseload[:3])
    assert "sisa tempat 2" in str(exc.value)
    enrol(actor=pk_andi, activity=activity, cases=caseload[:2])
    with pytest.raises(ValidationError):
        enrol(actor=pk_andi, activity=activity, cases=caseload[2:3])
    assert activity.enrolments.count() == 2


def test_no_duplicate_enrolment(pk_andi, caseload):
    activity = make_activity(pk_andi)
    enrol(actor=pk_andi, activity=activity, cases=caseload[:1])
    with pytest.raises(ValidationError) as exc:
        enrol(actor=pk_andi, activity=activity, cases=caseload[:1])
    assert caseload[0].register_number in str(exc.value)


def _held_activity(pk, cases, partner=None):
    """An activity that started an hour ago with `cases` enrolled."""
    now = timezone.localtime()
    start = now - dt.timedelta(hours=1)
    data = ActivityData(field="kemandirian", topic="Pelatihan menjahit", place="Balai Desa",
                        starts_at=start, ends_at=now + dt.timedelta(hours=1), capacity=10, partner=partner)  # fmt: skip
    activity = activity_create(actor=pk, data=data)[0]
    enrolments = enrol(actor=pk, activity=activity, cases=cases)
    return activity, enrolments


def test_presence_becomes_a_contact_that_meets_the_obligation(pk_andi, caseload):
    case = caseload[0]
    activity, enrolments = _held_activity(pk_andi, [case])
    attendance_record(actor=pk_andi, activity=activity, marks={enrolments[0].id: True})
    contact = Contact.objects.get(case=case, kind=Kind.ACTIVITY_ATTENDANCE)
    assert contact.outcome == Outcome.REPORTED and contact.counts_as_report and contact.recorded_by == pk_andi
    met = Obligation.objects.filter(case=case, contact=contact)
    assert met.exists() and all(o.status in (ObligationStatus.MET, ObligationStatus.MET_LATE) for o in met)
    assert Attendance.objects.get(enrolment=enrolments[0]).contact == contact


def test_absence_is_a_contact_that_does_not_count(pk_andi, caseload):
    activity, enrolments = _held_activity(pk_andi, caseload[:1])
    attendance_record(actor=pk_andi, activity=activity, marks={enrolments[0].id: False})
    contact = Contact.objects.get(case=caseload[0], kind=Kind.ACTIVITY_ATTENDANCE)
    assert contact.outcome == Outcome.CLIENT_ABSENT and not contact.counts_as_report
    assert not Obligation.objects.filter(contact=contact).exists()


def test_partner_user_records_attendance_of_their_activity(pk_andi, caseload, sekar):
    activity, enrolments = _held_activity(pk_andi, caseload[:2], partner=sekar)
    attendance_record(actor=sekar.user, activity=activity,
                      marks={enrolments[0].id: True, enrolments[1].id: False})  # fmt: skip
    rows = Attendance.objects.filter(enrolment__activity=activity)
    assert {r.recorded_by for r in rows} == {sekar.user}
    contact = Contact.objects.get(case=caseload[0], kind=Kind.ACTIVITY_ATTENDANCE)
    assert contact.recorded_by is None and "Sri Rahayu" in contact.notes and contact.counts_as_report


def test_attendance_recorded_once(pk_andi, caseload):
    activity, enrolments = _held_activity(pk_andi, caseload[:1])
    attendance_record(actor=pk_andi, activity=activity, marks={enrolments[0].id: True})
    with pytest.raises(ValidationError):
        attendance_record(actor=pk_andi, activity=activity, marks={enrolments[0].id: False})
    assert Contact.objects.filter(case=caseload[0], kind=Kind.ACTIVITY_ATTENDANCE).count() == 1


def test_attendance_not_before_the_activity_starts(pk_andi, caseload):
    activity = make_activity(pk_andi, day=timezone.localdate() + dt.timedelta(days=3))
    enrolments = enrol(actor=pk_andi, activity=activity, cases=caseload[:1])
    with pytest.raises(ValidationError):
        attendance_record(actor=pk_andi, activity=activity, marks={enrolments[0].id: True})


def test_other_partner_and_other_bapas_cannot_record(pk_andi, pk_sari, kasi_budi, caseload, sekar):
    from bimkemas.partners.services import partner_user_create

    activity, enrolments = _held_activity(pk_andi, caseload[:1], partner=sekar)
    lbh = make_partner(kasi_budi, "LBH Pelita Keadilan")
    stranger, _pw = partner_user_create(actor=kasi_budi, partner=lbh, username="lbh1", full_name="Tari",
                                        password="Pelita-Keadilan-2026")  # fmt: skip
    for actor in (stranger, pk_sari):
        with pytest.raises(PermissionDenied):
            attendance_record(actor=actor, activity=activity, marks={enrolments[0].id: True})
    assert not Attendance.objects.exists()


def test_enrolment_of_another_activity_refused(pk_andi, caseload):
    a1, e1 = _held_activity(pk_andi, caseload[:1])
    a2, _e2 = _held_activity(pk_andi, caseload[1:2])
    with pytest.raises(ValidationError):
        attendance_record(actor=pk_andi, activity=a2, marks={e1[0].id: True})
