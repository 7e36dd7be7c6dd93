"""Demo TPP sessions of Bapas Yogyakarta, made on top of the demo data through the services."""

import random

import pytest
from django.utils import timezone

from bimkemas.cases.models import CaseEvent
from bimkemas.core.demo_data import demo_load
from bimkemas.tpp.demo import populate
from bimkemas.tpp.models import SessionStatus, TppSession
from bimkemas.violations.models import Revocation

pytestmark = pytest.mark.django_db


def test_demo_has_two_held_sessions_and_one_next_week(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    today = timezone.localdate()
    demo_load(today=today)
    populate(rng=random.Random(11), today=today)  # a no-op once demo_load calls it itself

    sessions = list(TppSession.objects.filter(bapas__code="BPS-YK").order_by("date"))
    assert [s.status for s in sessions] == [SessionStatus.HELD, SessionStatus.HELD, SessionStatus.PLANNED]
    held, planned = sessions[:2], sessions[2]
    assert all(s.date < today and s.items.count() >= 4 for s in held)
    assert all(i.recommendation or i.decision == "deferred" for s in held for i in s.items.all())
    assert 1 <= (planned.date - today).days <= 7 and planned.items.count() == 4
    assert CaseEvent.objects.filter(code="tpp_recommendation").count() == sum(s.items.count() for s in held)
    assert all(s.chair.username == "kepala1" and s.secretary.username == "kasi1" for s in sessions)
    assert populate(rng=random.Random(11), today=today) == {"sessions": 0, "items": 0, "revocations": 0}

    # The second held session filled the TPP step of the revocation it discussed; the planned one has a
    # revocation waiting for it.
    filled = Revocation.objects.get(tpp_item__session=held[1])
    assert (filled.status, filled.tpp_date, filled.tpp_item.purpose) == ("tpp", held[1].date, "revocation")
    waiting = Revocation.objects.get(status="bap")
    assert planned.items.filter(case=waiting.case, purpose="revocation").exists()
