"""Activity pages of the Bapas staff: list, create, detail with enrolment, roll-call, sign-in sheet."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bimkemas.activities.models import Activity, Attendance
from bimkemas.activities.services import ActivityData, activity_create, enrol
from bimkemas.contacts.models import Contact, Kind
from tests.activities.factories import make_activity

pytestmark = pytest.mark.django_db


def _held(pk, cases, partner=None):
    now = timezone.localtime()
    data = ActivityData(field="kemandirian", topic="Pelatihan menjahit", place="Balai Desa Sinduadi",
                        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1), capacity=10,
                        partner=partner)  # fmt: skip
    activity = activity_create(actor=pk, data=data)[0]
    return activity, enrol(actor=pk, activity=activity, cases=cases)


def test_list_splits_upcoming_and_past(client, pk_andi, django_assert_max_num_queries):
    make_activity(pk_andi, topic="Penyuluhan hukum", day=timezone.localdate() + dt.timedelta(days=5))
    make_activity(pk_andi, topic="Konseling kelompok", day=timezone.localdate() - dt.timedelta(days=5))
    client.force_login(pk_andi)
    with django_assert_max_num_queries(12):
        upcoming = client.get(reverse("activity_list")).content.decode()
    past = client.get(reverse("activity_list") + "?when=past").content.decode()
    assert "Penyuluhan hukum" in upcoming and "Konseling kelompok" not in upcoming
    assert "Konseling kelompok" in past and "Penyuluhan hukum" not in past


def test_list_empty_state_and_pagination(client, pk_andi):
    client.force_login(pk_andi)
    assert 'data-testid="no-activities"' in client.get(reverse("activity_list")).content.decode()
    make_activity(pk_andi, sessions=22, day=timezone.localdate() + dt.timedelta(days=1))
    page1 = client.get(reverse("activity_list")).content.decode()
    page2 = client.get(reverse("activity_list") + "?when=upcoming&page=2").content.decode()
    assert page1.count('data-testid="activity-row"') == 20 and page2.count('data-testid="activity-row"') == 2


def test_other_bapas_does_not_see_the_activity(client, pk_andi, pk_sari):
    activity = make_activity(pk_andi, topic="Penyuluhan hukum")
    client.force_login(pk_sari)
    assert "Penyuluhan hukum" not in client.get(reverse("activity_list")).content.decode()
    assert client.get(reverse("activity_detail", args=[activity.id])).status_code == 404


def test_create_form_makes_partner_activity(client, pk_andi, sekar):
    client.force_login(pk_andi)
    day = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(reverse("activity_create"), {
        "partner": sekar.id, "field": "kemandirian", "topic": "Budidaya lele", "place": "Kolam Yayasan",
        "date": day.isoformat(), "start_time": "09:00", "end_time": "12:00", "mode": "in_person",
        "capacity": "15", "sessions": "4", "materials": "Modul 1–4",
    })  # fmt: skip
    activity = Activity.objects.order_by("starts_at").first()
    assert response.status_code == 302 and response.url == reverse("activity_detail", args=[activity.id])
    assert Activity.objects.filter(partner=sekar, topic="Budidaya lele").count() == 4
    assert timezone.localtime(activity.starts_at).hour == 9


def test_create_form_names_what_is_wrong(client, pk_andi):
    client.force_login(pk_andi)
    page = client.post(reverse("activity_create"), {"topic": "", "date": "", "start_time": "10:00",
                                                    "end_time": "09:00", "capacity": "0", "sessions": "1",
                                                    "mode": "in_person"}).content.decode()  # fmt: skip
    assert "Periksa kembali isian" in page and "Jam selesai harus setelah jam mulai." in page
    assert not Activity.objects.exists()


def test_create_form_shows_expired_agreement_error(client, kasi_budi):
    from tests.partners.factories import make_agreement, make_partner

    old = make_partner(kasi_budi, "LBH Pelita Keadilan")
    make_agreement(kasi_budi, old, start=timezone.localdate() - dt.timedelta(days=400), days=300)
    client.force_login(kasi_budi)
    page = client.post(reverse("activity_create"), {
        "partner": old.id, "field": "hukum", "topic": "Penyuluhan hukum", "place": "Kantor LBH",
        "date": timezone.localdate().isoformat(), "start_time": "09:00", "end_time": "11:00",
        "mode": "in_person", "capacity": "10", "sessions": "1",
    }).content.decode()  # fmt: skip
    assert "tidak memiliki perjanjian kerja sama yang berlaku" in page
    assert not Activity.objects.exists()


def test_detail_enrols_from_own_caseload(client, pk_andi, caseload):
    activity = make_activity(pk_andi)
    client.force_login(pk_andi)
    page = client.get(reverse("activity_detail", args=[activity.id])).content.decode()
    assert "Joko Susilo" in page and 'data-testid="no-participants"' in page
    response = client.post(reverse("activity_enrol", args=[activity.id]),
                           {"cases": [str(caseload[0].id), str(caseload[1].id)]})  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("activity_detail", args=[activity.id])).content.decode()
    assert page.count('data-testid="participant"') == 2


def test_enrol_without_choice_is_refused_with_message(client, pk_andi, caseload):
    activity = make_activity(pk_andi)
    client.force_login(pk_andi)
    response = client.post(reverse("activity_enrol", args=[activity.id]), {})
    assert response.status_code == 400 and "Pilih minimal satu klien." in response.content.decode()


def test_enrol_over_capacity_shows_message(client, pk_andi, caseload):
    activity = make_activity(pk_andi, capacity=1)
    client.force_login(pk_andi)
    response = client.post(reverse("activity_enrol", args=[activity.id]),
                           {"cases": [str(caseload[0].id), str(caseload[1].id)]})  # fmt: skip
    assert response.status_code == 400 and "sisa tempat 1" in response.content.decode()
    assert activity.enrolments.count() == 0


def test_rollcall_records_present_and_absent(client, pk_andi, caseload):
    activity, enrolments = _held(pk_andi, caseload[:2])
    client.force_login(pk_andi)
    page = client.get(reverse("activity_rollcall", args=[activity.id])).content.decode()
    assert page.count('data-testid="rollcall-row"') == 2
    response = client.post(reverse("activity_rollcall", args=[activity.id]),
                           {f"e{enrolments[0].id}": "1", f"e{enrolments[1].id}": "0"})  # fmt: skip
    assert response.status_code == 302
    assert Attendance.objects.filter(present=True).count() == 1
    assert Attendance.objects.filter(present=False).count() == 1
    assert Contact.objects.filter(kind=Kind.ACTIVITY_ATTENDANCE).count() == 2
    page = client.get(reverse("activity_rollcall", args=[activity.id])).content.decode()
    assert 'data-testid="rollcall-done"' in page


def test_rollcall_with_nothing_marked_says_so(client, pk_andi, caseload):
    activity, _e = _held(pk_andi, caseload[:1])
    client.force_login(pk_andi)
    response = client.post(reverse("activity_rollcall", args=[activity.id]), {})
    assert response.status_code == 400 and "minimal satu peserta" in response.content.decode()


def test_sign_in_sheet_pdf(client, pk_andi, caseload):
    activity, _e = _held(pk_andi, caseload[:2])
    client.force_login(pk_andi)
    response = client.get(reverse("activity_sheet", args=[activity.id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_enrolment_suggests_clients_whose_plan_needs_the_field(client, pk_andi, caseload):
    """Joko's needs assessment calls for work skills (kemandirian); he comes first, marked as suggested."""
    from bimkemas.cases.phases import phase_on
    from bimkemas.plans.services import plan_create
    from tests.plans.helpers import needs_assessment

    joko = caseload[1]
    needs_assessment(pk_andi, joko, {"pekerjaan": "tinggi"})
    plan = plan_create(
        actor=pk_andi, case=joko, phase=phase_on(joko.period_start, joko.period_end, timezone.localdate())
    )
    assert "kemandirian" in {g.field for g in plan.goals.all()}
    activity = make_activity(pk_andi, field="kemandirian")
    client.force_login(pk_andi)

    page = client.get(reverse("activity_detail", args=[activity.id])).content.decode()

    enrol = page.split('id="enrol"')[1]
    labels = [part.split("</label>")[0] for part in enrol.split("<label")[1:] if "· " in part]
    assert "Joko Susilo" in labels[0] and "disarankan dari rencana program" in labels[0]
    assert not any("disarankan" in label for label in labels[1:])
    assert "1 klien disarankan dari rencana program" in enrol
    other = make_activity(pk_andi, field="hukum", topic="Penyuluhan hukum")
    page = client.get(reverse("activity_detail", args=[other.id])).content.decode()
    assert "disarankan" not in page.split('id="enrol"')[1]
