"""Demo partners: realistic rows for both demo Bapas, an expiring and an expired agreement, pokmas1."""

import random

import pytest
from django.urls import reverse
from django.utils import timezone

from bimkemas.core.demo_data import DEMO_PASSWORD
from bimkemas.org.models import Role
from bimkemas.partners.demo import populate
from bimkemas.partners.models import Agreement, Partner
from bimkemas.partners.selectors import agreements_expiring
from tests.org.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_partners(client, bapas_a, bapas_b):
    bapas_a.code, bapas_b.code = "BPS-YK", "BPS-WNS"
    kasi1 = UserFactory(username="kasi1", unit=bapas_a, roles=[Role.KASI])
    UserFactory(username="kasi2", unit=bapas_b, roles=[Role.KASI])
    today = timezone.localdate()
    counts = populate(rng=random.Random(7), today=today)
    assert counts == {"partners": 12, "agreements": Agreement.objects.count(), "partner_users": 1}
    assert Partner.objects.filter(bapas=bapas_a).count() == 8
    assert Partner.objects.filter(bapas=bapas_b).count() == 4
    statuses = [a.status_on(today) for a in Agreement.objects.all()]
    assert statuses.count("expiring") == 1
    assert "expired" in statuses
    assert [a.partner.name for a in agreements_expiring(actor=kasi1, today=today)] == [
        "LBH Pelita Keadilan Yogyakarta"
    ]
    with Agreement.objects.first().document.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert client.login(username="pokmas1", password=DEMO_PASSWORD)
    page = client.get(reverse("partner_home")).content.decode()
    assert "Yayasan Sekar Mlati" in page and "Belum ada kegiatan" in page
    assert "LBH Pelita" not in page
