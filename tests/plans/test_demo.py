"""Demo plans and evaluations on top of the demo data: varied coverage per PK, some overdue."""

import random

import pytest
from django.utils import timezone

from bimkemas.core.demo_data import demo_load
from bimkemas.org.models import User
from bimkemas.plans.coverage import coverage
from bimkemas.plans.demo import populate
from bimkemas.plans.models import Evaluation, Plan
from bimkemas.plans.selectors import plans_due_for

pytestmark = pytest.mark.django_db


def test_demo_plans_give_varied_coverage(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    today = timezone.localdate()
    demo_load(today=today)  # runs the plans demo too
    populate(rng=random.Random(11), today=today)  # nothing more if it has
    assert Plan.objects.count() >= 100 and Evaluation.objects.count() >= 30
    assert Plan.objects.filter(status="draft").exists() and Plan.objects.filter(status="agreed").exists()
    # Proposed from the assessments where pk1's clients have them.
    assert Plan.objects.filter(case__officer__username="pk1", proposed_from="needs").exists()
    assert Plan.objects.filter(proposed_from="generic").exists()
    assert all(e.finalised_at.date() <= today for e in Evaluation.objects.all())

    report = coverage(actor=User.objects.get(username="kasi1"), today=today)
    rates = {r.label: r.share("plan").rate for r in report.rows if r.officer_id}
    assert len(rates) >= 4 and len({round(v or 0, 2) for v in rates.values()}) >= 3  # varied per PK
    assert 0 < report.total.share("evaluation").rate < 1
    overdue = [i for i in plans_due_for(actor=User.objects.get(username="pk3"), today=today) if i.overdue]
    assert overdue
    assert populate(rng=random.Random(11), today=today)["plans"] == 0  # idempotent
