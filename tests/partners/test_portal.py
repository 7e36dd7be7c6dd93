"""The partner portal: a partner's user sees their own partner's agreements and nothing else."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bimkemas.org.models import Role
from bimkemas.partners.services import partner_user_create
from tests.org.factories import UserFactory
from tests.partners.factories import make_agreement, make_partner

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["caseload", "case_receive", "assignments", "handover_import", "overview", "partner_list",
               "partner_create", "partner_agreements_expiring", "site_planner", "site_planner_clients"]  # fmt: skip


@pytest.fixture
def two_partners(kasi_budi):
    today = timezone.localdate()
    sekar = make_partner(kasi_budi, "Yayasan Sekar Mlati")
    mine = [
        make_agreement(
            kasi_budi, sekar, number="PKS-SEKAR-1/2024", start=today - dt.timedelta(days=800), days=700
        ),
        make_agreement(
            kasi_budi, sekar, number="PKS-SEKAR-2/2026", start=today - dt.timedelta(days=60), days=900
        ),
    ]
    lbh = make_partner(kasi_budi, "LBH Pelita Keadilan")
    theirs = make_agreement(kasi_budi, lbh, number="PKS-LBH-9/2026")
    user, _pw = partner_user_create(actor=kasi_budi, partner=sekar, username="pokmas1", full_name="Sri Rahayu",
                                    password="Sekar-Mlati-2026")  # fmt: skip
    return {"user": user, "partner": sekar, "mine": mine, "theirs": theirs}  # fmt: skip


def test_home_sends_partner_user_to_portal(client, two_partners):
    client.force_login(two_partners["user"])
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("partner_home")


def test_partner_user_sees_exactly_their_agreements_and_empty_activities(client, two_partners):
    client.force_login(two_partners["user"])
    page = client.get(reverse("partner_home")).content.decode()
    assert "Yayasan Sekar Mlati" in page
    assert page.count('data-testid="portal-agreement"') == 2
    assert "PKS-SEKAR-1/2024" in page and "PKS-SEKAR-2/2026" in page
    assert "PKS-LBH-9/2026" not in page and "LBH Pelita Keadilan" not in page
    assert "Belum ada kegiatan" in page
    assert "sudah berakhir" in page  # the old agreement is marked expired


def test_partner_user_reads_own_document_but_404_for_another_partners(client, two_partners):
    client.force_login(two_partners["user"])
    own = client.get(reverse("agreement_document", args=[two_partners["mine"][0].id]))
    assert own.status_code == 200
    other = client.get(reverse("agreement_document", args=[two_partners["theirs"].id]))
    assert other.status_code == 404


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_partner_user_cannot_open_staff_pages(client, two_partners, name):
    client.force_login(two_partners["user"])
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize(
    "name", ["partner_detail", "partner_edit", "agreement_create", "partner_user_create"]
)
def test_partner_user_cannot_open_staff_pages_of_own_partner(client, two_partners, name):
    client.force_login(two_partners["user"])
    assert client.get(reverse(name, args=[two_partners["partner"].id])).status_code == 403


def test_partner_user_cannot_open_a_case(client, two_partners, client_rudi):
    client.force_login(two_partners["user"])
    assert client.get(reverse("case_detail", args=[client_rudi.id])).status_code in (403, 404)


def test_unlinked_mitra_account_is_told_to_ask_the_kasi(client, db):
    ani = UserFactory(username="mitra_ani", roles=[Role.MITRA])
    client.force_login(ani)
    response = client.get(reverse("partner_home"))
    assert response.status_code == 403
    assert "belum terhubung dengan lembaga mitra" in response.content.decode()


def test_staff_cannot_open_the_portal(client, kasi_budi):
    client.force_login(kasi_budi)
    assert client.get(reverse("partner_home")).status_code == 403
