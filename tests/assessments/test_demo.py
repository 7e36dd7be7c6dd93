"""Demo assessments: made on top of the demo data through the services, with re-assessments to compare."""

import random

import pytest
from django.utils import timezone

from bimkemas.assessments.demo import populate
from bimkemas.assessments.models import Assessment
from bimkemas.core.demo_data import demo_load

pytestmark = pytest.mark.django_db


def test_demo_assessments_are_final_and_compare_with_the_previous_one(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    today = timezone.localdate()
    counts = demo_load(today=today)["assessments"]  # demo_load calls populate
    assert counts["assessments"] >= 24
    assessments = Assessment.objects.select_related("case__officer")
    assert {a.status for a in assessments} == {"final"}
    assert {a.instrument.kind for a in assessments} == {"risk", "needs"}
    assert all(a.assessed_by == a.case.officer for a in assessments)
    assert all(a.assessed_at.date() <= today for a in assessments)
    again = [a for a in assessments if a.phase == "lanjutan"]
    assert again and all(a.previous and a.previous.phase == "awal" for a in again)
    assert populate(rng=random.Random(7), today=today) == {"assessments": 0}
