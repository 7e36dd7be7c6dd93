"""A partner's user sees only their own activities and, of the enrolled clients, name and register number
only — never the offence or address, never a child's identity — and takes the roll-call."""

import datetime as dt
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from bimkemas.activities.models import Attendance
from bimkemas.activities.services import ActivityData, activity_create, enrol
from bimkemas.partners.services import partner_user_create
from tests.activities.factories import make_activity
from tests.partners.factories import make_agreement, make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def sekar_activity(pk_andi, caseload, sekar):
    now = timezone.localtime()
    data = ActivityData(field="kemandirian", topic="Budidaya lele", place="Kolam Yayasan Sekar Mlati",
                        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=2), capacity=10,
                        partner=sekar)  # fmt: skip
    activity = activity_create(actor=pk_andi, data=data)[0]
    # Rudi, Joko and the child Dimas are enrolled; Bambang is not.
    enrolments = enrol(actor=pk_andi, activity=activity, cases=[caseload[0], caseload[1], caseload[3]])
    return activity, enrolments


@pytest.fixture
def other_partner_activity(kasi_budi, pk_andi, caseload):
    lbh = make_partner(kasi_budi, "LBH Pelita Keadilan", fields=["hukum"])
    make_agreement(kasi_budi, lbh)
    activity = make_activity(pk_andi, partner=lbh, topic="Penyuluhan hukum LBH", field="hukum")
    enrol(actor=pk_andi, activity=activity, cases=[caseload[2]])
    user, _pw = partner_user_create(actor=kasi_budi, partner=lbh, username="lbh1", full_name="Tari",
                                    password="Pelita-Keadilan-2026")  # fmt: skip
    return activity, user


def test_portal_lists_own_activities_only(client, sekar, sekar_activity, other_partner_activity):
    client.force_login(sekar.user)
    page = client.get(reverse("partner_home")).content.decode()
    assert "Budidaya lele" in page and "Penyuluhan hukum LBH" not in page
    assert page.count('data-testid="portal-activity"') == 1
    assert 'data-testid="no-activities"' not in page


def test_partner_sees_exactly_the_enrolled_clients_minimal_fields(client, sekar, sekar_activity, caseload,
                                                                   other_partner_activity):  # fmt: skip
    activity, _e = sekar_activity
    client.force_login(sekar.user)
    page = client.get(reverse("activity_detail", args=[activity.id])).content.decode()
    assert page.count('data-testid="participant"') == 3
    assert "Rudi Hartono" in page and caseload[0].register_number in page
    assert "Joko Susilo" in page
    assert "Bambang Wibowo" not in page  # not enrolled (in the other partner's activity)
    # The child: neither name nor register number.
    assert "Dimas Anggoro" not in page and caseload[3].register_number not in page
    assert "Anak (identitas dirahasiakan)" in page
    # No offence, no address, no link into the case record.
    assert "362" not in page and "pencurian" not in page.lower()
    assert reverse("case_detail", args=[caseload[0].id]) not in page


def test_partner_rollcall_masks_child_and_records(client, sekar, sekar_activity, caseload):
    activity, enrolments = sekar_activity
    client.force_login(sekar.user)
    page = client.get(reverse("activity_rollcall", args=[activity.id])).content.decode()
    assert page.count('data-testid="rollcall-row"') == 3
    assert "Dimas Anggoro" not in page and "Anak (identitas dirahasiakan)" in page and "362" not in page
    marks = {f"e{e.id}": "1" for e in enrolments}
    assert client.post(reverse("activity_rollcall", args=[activity.id]), marks).status_code == 302
    assert Attendance.objects.filter(recorded_by=sekar.user, present=True).count() == 3


def test_partner_sign_in_sheet_masks_child(client, sekar, sekar_activity, caseload, tmp_path):
    activity, _e = sekar_activity
    client.force_login(sekar.user)
    response = client.get(reverse("activity_sheet", args=[activity.id]))
    assert response.status_code == 200
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,  # noqa: S603, S607
                          check=True).stdout  # fmt: skip
    assert "Rudi Hartono" in text and "Dimas Anggoro" not in text and "dirahasiakan" in text


def test_other_partners_activity_is_404(client, sekar, other_partner_activity):
    activity, _user = other_partner_activity
    client.force_login(sekar.user)
    for name in ("activity_detail", "activity_rollcall", "activity_sheet"):
        assert client.get(reverse(name, args=[activity.id])).status_code == 404
    assert client.post(reverse("activity_rollcall", args=[activity.id]), {}).status_code == 404


def test_partner_cannot_use_staff_pages(client, sekar, sekar_activity, caseload):
    activity, _e = sekar_activity
    client.force_login(sekar.user)
    assert client.get(reverse("activity_list")).status_code == 403
    assert client.get(reverse("activity_create")).status_code == 403
    response = client.post(reverse("activity_enrol", args=[activity.id]), {"cases": [str(caseload[2].id)]})
    assert response.status_code == 403 and activity.enrolments.count() == 3
