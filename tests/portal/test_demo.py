"""The demo gives one client of pk1 a portal account with a known PIN."""

import datetime as dt
import random

import pytest
from django.test import Client

from bimkemas.cases.services import case_assign
from bimkemas.org.models import Role
from bimkemas.portal.demo import DEMO_PIN, demo_client, populate
from tests.cases.factories import receive_client
from tests.org.factories import UserFactory
from tests.portal.conftest import portal_login


@pytest.mark.django_db
def test_demo_client_can_log_in_with_the_demo_pin(bapas_a, kasi_budi):
    pk1 = UserFactory(username="pk1", unit=bapas_a, roles=[Role.PK])
    case = receive_client(kasi_budi, "Slamet Riyadi")
    case_assign(actor=kasi_budi, cases=[case], pk=pk1)
    assert populate(rng=random.Random(1), today=dt.date(2026, 11, 22)) == {"portal_accounts": 1}
    assert demo_client() == case
    assert portal_login(Client(), case.person.nik, DEMO_PIN).status_code == 302


@pytest.mark.django_db
def test_demo_without_pk1_creates_nothing():
    assert populate(rng=random.Random(1), today=dt.date(2026, 11, 22)) == {"portal_accounts": 0}
