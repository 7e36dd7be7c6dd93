"""The activities demo on top of the demo staff, clients and partners."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from bimkemas.activities.demo import populate
from bimkemas.activities.models import Activity, Attendance
from bimkemas.contacts.models import Contact, Kind

pytestmark = pytest.mark.django_db


def test_demo_creates_activities_with_attendance(kasi_budi, pk_andi, caseload, sekar):
    pk_andi.username = "pk1"
    pk_andi.save(update_fields=["username"])
    today = timezone.localdate()
    counts = populate(rng=random.Random(5), today=today)
    assert counts["activities"] >= 10 and counts["enrolments"] > 0 and counts["attendances"] > 0
    assert Activity.objects.filter(partner=sekar).exists()
    assert Activity.objects.filter(starts_at__date__gt=today).exists()
    assert Attendance.objects.count() == counts["attendances"]
    assert Contact.objects.filter(kind=Kind.ACTIVITY_ATTENDANCE).count() == counts["attendances"]
    past = Activity.objects.filter(ends_at__date__lt=today - dt.timedelta(days=1))
    assert past.exists()
