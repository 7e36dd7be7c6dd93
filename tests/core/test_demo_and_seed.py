"""The demo data (`bimkemas demo --load-only`) and the benchmark seed (`bimkemas seed`)."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bimkemas.cases.models import ACTIVE_STATUSES, Case, ClientGroup, EndReason, Status
from bimkemas.cases.selectors import caseload_list
from bimkemas.clients.models import Person
from bimkemas.clients.nik import nik_check
from bimkemas.org.models import Role, Unit, User
from bimkemas.org.selectors import staff_supervisors

DEMO_PASSWORD = "bimkemas-demo"


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once per test class, inside a transaction rolled back after the class."""
    md5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # what conftest sets for every test
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=md5):
        atomic = transaction.atomic()
        atomic.__enter__()
        out = io.StringIO()
        call_command("demo", load_only=True, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def demo_db(demo, db):
    return demo


class TestDemo:
    def test_demo_prints_the_logins(self, demo_db):
        assert "bimkemas-demo" in demo_db
        for username in ("pk1", "pk2", "kasi1", "kepala1", "kanwil1", "ditjenpas1", "admin"):
            assert f"  {username} " in demo_db
        assert "400 klien" in demo_db

    @pytest.mark.parametrize(
        ("username", "role", "unit_code"),
        [
            ("pk1", Role.PK, "BPS-YK"),
            ("pk2", Role.PK, "BPS-YK"),
            ("kasi1", Role.KASI, "BPS-YK"),
            ("kepala1", Role.KEPALA, "BPS-YK"),
            ("kanwil1", Role.KANWIL, "KW-34"),
            ("ditjenpas1", Role.DITJENPAS, "DITJENPAS"),
            ("admin", Role.ADMIN, "DITJENPAS"),
        ],
    )
    def test_demo_users_log_in_with_the_demo_password(self, demo_db, client, username, role, unit_code):
        user = User.objects.get(username=username)
        assert user.roles == [role]
        assert user.unit.code == unit_code
        assert client.login(username=username, password=DEMO_PASSWORD)
        assert not client.login(username=username, password="salah")

    def test_demo_admin_is_staff_and_superuser(self, demo_db):
        admin = User.objects.get(username="admin")
        assert admin.is_staff and admin.is_superuser
        assert not User.objects.get(username="kasi1").is_staff

    def test_demo_has_two_bapas_of_kanwil_diy_with_their_areas(self, demo_db):
        yk = Unit.objects.get(code="BPS-YK")
        wns = Unit.objects.get(code="BPS-WNS")
        assert yk.name == "Bapas Kelas I Yogyakarta" and wns.name == "Bapas Kelas II Wonosari"
        assert yk.parent.code == wns.parent.code == "KW-34"
        assert yk.parent.province_id == "34" and yk.parent.parent.kind == Unit.Kind.DITJENPAS
        assert set(yk.area.values_list("code", flat=True)) == {"34.71", "34.04", "34.02", "34.01"}
        assert set(wns.area.values_list("code", flat=True)) == {"34.03"}

    def test_demo_has_about_400_clients_spread_over_programmes(self, demo_db):
        cases = Case.objects.filter(bapas__code__in=["BPS-YK", "BPS-WNS"])
        assert 380 <= Person.objects.count() <= 420
        programmes = Counter(cases.values_list("programme", flat=True))
        assert programmes["PB"] > len(cases) / 2
        assert {"CB", "CMB", "ASIM", "ASIMR", "PBS"} <= set(programmes)
        children = cases.filter(client_group=ClientGroup.CHILD).select_related("person")
        assert 3 <= len(children) <= 15
        today = timezone.localdate()
        for case in children:
            age = (today - case.person.birth_date).days // 365
            assert 14 <= age <= 17

    def test_demo_persons_have_consistent_niks_and_villages_in_the_bapas_area(self, demo_db):
        for case in Case.objects.select_related("person", "bapas").prefetch_related("bapas__area"):
            person = case.person
            check = nik_check(person.nik, birth_date=person.birth_date, sex=person.sex)
            assert check.valid and not check.warnings, (person.name, person.nik, check.warnings)
            assert person.nik.startswith("34")
            area = {r.code for r in case.bapas.area.all()}
            if case.previous_case_id is None:  # a transferred client still lives where they were received
                assert person.village_id[:5] in area

    def test_pk1_has_about_35_active_clients(self, demo_db):
        pk1 = User.objects.get(username="pk1")
        active = Case.objects.filter(officer=pk1, status__in=ACTIVE_STATUSES)
        assert 30 <= active.count() <= 40
        assert caseload_list(actor=pk1).count() == active.count()

    def test_pk1_finds_a_client_by_name_on_the_caseload_page(self, demo_db, client):
        pk1 = User.objects.get(username="pk1")
        case = Case.objects.filter(officer=pk1, status=Status.SUPERVISED).select_related("person").first()
        client.login(username="pk1", password=DEMO_PASSWORD)
        response = client.get(reverse("caseload"), {"q": case.person.name})
        assert response.status_code == 200
        assert case.person.name in response.content.decode()

    def test_demo_has_new_unassigned_handovers_and_ended_cases(self, demo_db):
        cases = Case.objects.filter(bapas__code__in=["BPS-YK", "BPS-WNS"])
        unassigned = cases.filter(status__in=ACTIVE_STATUSES, officer__isnull=True)
        assert unassigned.count() >= 5
        week_ago = timezone.localdate() - timezone.timedelta(days=7)
        assert all(c.handover_date >= week_ago for c in unassigned)
        ended = Counter(cases.filter(status=Status.ENDED).values_list("end_reason", flat=True))
        assert 10 <= sum(ended.values()) <= 20
        assert ended[EndReason.REVOKED] == 1 and ended[EndReason.TRANSFERRED] == 1
        moved = cases.get(end_reason=EndReason.TRANSFERRED)
        assert moved.transferred_to.code == "BPS-WNS"
        assert moved.next_case.bapas.code == "BPS-WNS" and moved.next_case.officer is not None

    def test_demo_has_a_pk_seconded_bko_to_wonosari(self, demo_db):
        wns = Unit.objects.get(code="BPS-WNS")
        supervisors = staff_supervisors(bapas=wns, today=timezone.localdate())
        seconded = [u for u in supervisors if u.unit_id != wns.id]
        assert [u.unit.code for u in seconded] == ["BPS-YK"]
        assert seconded[0].caseload > 0

    def test_demo_load_is_idempotent(self, demo_db):
        before = (User.objects.count(), Person.objects.count(), Case.objects.count())
        out = io.StringIO()
        call_command("demo", load_only=True, stdout=out)
        assert "sudah ada" in out.getvalue()
        assert (User.objects.count(), Person.objects.count(), Case.objects.count()) == before


# ── seed ─────────────────────────────────────────────────────────────────────────────────────────


def test_seed_makes_clients_in_several_bapas_with_unique_register_numbers(db):
    call_command("seed", clients=500, stdout=io.StringIO())
    cases = Case.objects.all()
    assert cases.count() == Person.objects.count() == 500
    assert cases.values("bapas").distinct().count() >= 3
    numbers = list(cases.values_list("register_number", flat=True))
    assert len(set(numbers)) == 500
    assert cases.filter(status__in=ACTIVE_STATUSES).count() > 400
    assert Unit.objects.filter(kind=Unit.Kind.KANWIL).exists()
    for person in Person.objects.all()[:50]:
        check = nik_check(person.nik, birth_date=person.birth_date, sex=person.sex)
        assert check.valid and not check.warnings


def test_seed_twice_adds_more_without_clashes(db):
    call_command("seed", clients=300, stdout=io.StringIO())
    call_command("seed", clients=300, seed=8, stdout=io.StringIO())
    assert Case.objects.count() == 600
    assert len(set(Case.objects.values_list("register_number", flat=True))) == 600
    assert len(set(Person.objects.values_list("nik", flat=True))) == 600


def test_seeded_pk_sees_their_caseload(db):
    call_command("seed", clients=500, stdout=io.StringIO())
    pk = User.objects.filter(username__startswith="seed.", role_codes__contains=",pk,").first()
    mine = Case.objects.filter(officer=pk, status__in=ACTIVE_STATUSES)
    assert mine.count() > 0
    assert set(caseload_list(actor=pk).values_list("id", flat=True)) == set(mine.values_list("id", flat=True))


def test_seed_continues_the_register_numbering_of_the_services(db):
    """A case received after seeding gets the next free number, not a clash."""
    from tests.cases.factories import receive_client

    call_command("seed", clients=200, stdout=io.StringIO())
    bapas = Case.objects.filter(programme="PB", client_group="D").order_by("-id").first().bapas
    kasi = User.objects.get(unit=bapas, role_codes__contains=",kasi,")
    case = receive_client(kasi, "Budi Baru", start=timezone.localdate())
    assert Case.objects.filter(register_number=case.register_number).count() == 1
