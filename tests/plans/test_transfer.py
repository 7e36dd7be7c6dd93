"""A client transferred to another Bapas: the receiving team sees the plans and evaluations the first Bapas
made (read-only, labelled with that Bapas), and proposing a phase already planned there starts from that
plan's goals, each marked as carried over; the reporting rhythm still comes from the new case. The old
Bapas keeps its own plans and cannot open the new case."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from bimkemas.cases.models import Case, EndReason
from bimkemas.cases.services import case_assign, case_end, case_register, case_restrict
from bimkemas.contacts.services import schedule_override
from bimkemas.plans.models import Plan, ProposedFrom
from bimkemas.plans.selectors import plans_due_for, reporting_in_force
from bimkemas.plans.services import GoalData, PlanData, plan_agree, plan_create, plan_save
from tests.cases.factories import receive_client
from tests.plans.helpers import needs_assessment
from tests.plans.test_views import current, goals_post

pytestmark = pytest.mark.django_db

ORIGIN_GOALS = [
    ("kemandirian", "Bekerja di bengkel las Pak Darmo", "Bekerja tetap 3 bulan"),
    ("kepribadian", "Mengikuti pengajian mingguan di masjid kampung", ""),
    ("hukum", "Memahami syarat khusus pembebasan bersyarat", "Dapat menyebutkan syaratnya"),
]


def transfer(*, lead, case, to, new_lead, new_pk) -> Case:
    """End the case as transferred (today), then register and assign the continuation at `to`."""
    case_end(
        actor=lead, case=case, reason=EndReason.TRANSFERRED, end_date=timezone.localdate(), transfer_to=to
    )
    new = Case.objects.get(previous_case=case)
    case_register(actor=new_lead, case=new)
    case_assign(actor=new_lead, cases=[new], pk=new_pk)
    new.refresh_from_db()
    return new


@pytest.fixture
def origin(kasi_budi, pk_andi):
    """A PB client of Bapas Yogyakarta in tahap awal (started 20 days ago), supervised by pk_andi, with a
    needs assessment, a per-client reporting adjustment and an agreed awal plan."""
    start = timezone.localdate() - dt.timedelta(days=20)
    case = receive_client(kasi_budi, "Rudi Hartono", start=start)
    case_assign(actor=kasi_budi, cases=[case], pk=pk_andi)
    case.refresh_from_db()
    needs_assessment(pk_andi, case, {"pekerjaan": "tinggi"})
    schedule_override(actor=pk_andi, case=case, requirement="report", every=1, interval="week",
                      reason="Klien baru bebas, perlu diawasi ketat", valid_from=start)  # fmt: skip
    plan = plan_create(actor=pk_andi, case=case, phase="awal")
    plan_save(actor=pk_andi, plan=plan, data=PlanData(
        goals=[GoalData(*g) for g in ORIGIN_GOALS], activity_ids=[], partner_ids=[],
        notes="Keluarga mendukung; istri bekerja di pasar.",
    ))  # fmt: skip
    plan_agree(actor=pk_andi, plan=plan)
    return case


@pytest.fixture
def moved(origin, kasi_budi, kasi_wati, bapas_b, pk_sari):
    """The client transferred to Bapas Wonosari today; pk_sari is the new PK."""
    return transfer(lead=kasi_budi, case=origin, to=bapas_b, new_lead=kasi_wati, new_pk=pk_sari)


def test_new_pk_sees_the_plan_of_the_bapas_of_origin(client, pk_sari, kasi_wati, origin, moved,
                                                     django_assert_max_num_queries):  # fmt: skip
    client.force_login(pk_sari)
    url = reverse("case_plans", kwargs={"case_id": moved.id})
    with django_assert_max_num_queries(40):
        page = client.get(url).content.decode()
    assert "Rencana dari Bapas asal: Bapas Kelas I Yogyakarta" in page
    assert "Klien ini dipindahkan dari Bapas Kelas I Yogyakarta" in page
    old = Plan.objects.get(case=origin, phase="awal")
    with translation.override("id"):
        agreed = formats.date_format(old.agreed_on, "j M Y")
    section = page.split('id="bapas-asal"')[1]
    assert "Andi Pratama" in section and agreed in section
    for _field, text, _indicator in ORIGIN_GOALS:
        assert text in section
    assert "Keluarga mendukung; istri bekerja di pasar." in section
    assert origin.register_number in section
    # The awal row of the new case offers to continue that plan; lanjutan (not planned there) does not.
    assert page.count("Lanjutkan rencana Bapas asal") == 1
    # The phase started 20 days ago, but the client arrived today: the plan is due, not yet late.
    awal = page.split('id="tahap-awal"')[1].split("</section>")[0]
    assert "Perlu dibuat" in awal and "Terlambat" not in awal
    (item,) = plans_due_for(actor=pk_sari, today=timezone.localdate())
    assert (item.kind, item.phase, item.state) == ("plan", "awal", "due")
    assert item.due_date == timezone.localdate() + dt.timedelta(days=14)
    # The Kasi of the receiving Bapas sees it too.
    client.force_login(kasi_wati)
    assert "Rencana dari Bapas asal: Bapas Kelas I Yogyakarta" in client.get(url).content.decode()


def test_proposing_awal_starts_from_the_carried_over_goals(client, pk_sari, origin, moved):
    old = Plan.objects.get(case=origin, phase="awal")
    client.force_login(pk_sari)
    response = client.post(reverse("plan_start", args=[moved.id, "awal"]), {"mode": "propose"})
    plan = Plan.objects.get(case=moved, phase="awal")
    edit = reverse("plan_edit", args=[plan.id])
    assert response.url == edit
    assert plan.proposed_from == ProposedFrom.PREVIOUS and plan.carried_from == old and not plan.is_agreed
    assert [(g.field, g.text, g.indicator) for g in plan.goals.all()] == ORIGIN_GOALS
    assert all(g.carried_over for g in plan.goals.all())
    # The reporting rhythm is that of the new case (the weekly adjustment was for the old one).
    assert "disesuaikan PK" in old.reporting_in_force
    assert plan.reporting_in_force == reporting_in_force(moved, timezone.localdate())
    assert "disesuaikan PK" not in plan.reporting_in_force

    page = client.get(edit).content.decode()
    assert "Dilanjutkan dari rencana Bapas asal" in page
    assert "Bapas Kelas I Yogyakarta, ditetapkan" in page and "Andi Pratama" in page
    assert page.count("Dari Bapas asal</span>") == 3

    # The PK drops one goal, rewords another and adds their own, then agrees.
    goals = current(plan)
    for g, row in zip(plan.goals.all(), goals, strict=True):
        row["goal_id"] = g.id
    goals[1]["DELETE"] = "on"
    goals[2]["text"] = "Memahami syarat khusus dan wajib lapor di Wonosari"
    goals.append({"field": "kemasyarakatan", "text": "Kerja bakti di dusun tiap bulan", "indicator": ""})
    response = client.post(edit, goals_post(goals, initial=3, action="agree"))
    assert response.url == reverse("plan_detail", args=[plan.id])
    plan.refresh_from_db()
    assert plan.is_agreed and plan.agreed_by == pk_sari
    assert [(g.text, g.carried_over) for g in plan.goals.all()] == [
        ("Bekerja di bengkel las Pak Darmo", True),
        ("Memahami syarat khusus dan wajib lapor di Wonosari", True),
        ("Kerja bakti di dusun tiap bulan", False),
    ]
    detail = client.get(response.url).content.decode()
    assert detail.count("Dari Bapas asal</span>") == 2

    # Nothing changed on the old case.
    old.refresh_from_db()
    assert old.is_agreed and old.agreed_by.username == "pk_andi"
    assert [(g.field, g.text, g.indicator) for g in old.goals.all()] == ORIGIN_GOALS
    assert not any(g.carried_over for g in old.goals.all())
    assert Plan.objects.filter(case=origin).count() == 1


def test_a_phase_not_planned_at_the_origin_is_proposed_as_today(pk_sari, moved):
    plan = plan_create(actor=pk_sari, case=moved, phase="lanjutan")
    # The needs assessment of the old case still counts (assessments follow the transfer).
    assert plan.proposed_from == ProposedFrom.NEEDS and plan.carried_from is None
    texts = [g.text for g in plan.goals.all()]
    assert "Klien memperoleh dan mempertahankan pekerjaan atau usaha yang sah." in texts
    assert not any(g.carried_over for g in plan.goals.all())


def test_a_blank_plan_carries_nothing_over(client, pk_sari, moved):
    client.force_login(pk_sari)
    client.post(reverse("plan_start", args=[moved.id, "awal"]), {"mode": "blank"})
    plan = Plan.objects.get(case=moved, phase="awal")
    assert plan.proposed_from == ProposedFrom.BLANK and plan.goals.count() == 0 and plan.carried_from is None


def test_old_bapas_pk_cannot_open_the_new_case_and_keeps_their_own_plans(client, pk_andi, origin, moved):
    client.force_login(pk_andi)
    assert client.get(reverse("case_plans", kwargs={"case_id": moved.id})).status_code == 404
    assert client.post(reverse("plan_start", args=[moved.id, "awal"]), {"mode": "propose"}).status_code == 404
    assert not Plan.objects.filter(case=moved).exists()
    page = client.get(reverse("case_plans", kwargs={"case_id": origin.id})).content.decode()
    assert "Ditetapkan" in page and "Kasus sudah berakhir" in page
    assert "Rencana dari Bapas asal" not in page


def test_a_chain_of_transfers_shows_every_earlier_bapas_and_carries_from_the_nearest_plan(
    client, kasi_budi, kasi_wati, pk_sari, pk_rina, bapas_a, origin, moved
):
    # Wonosari plans nothing for awal and sends the client back to Yogyakarta, where pk_rina takes over.
    plan_create(actor=pk_sari, case=moved, phase="lanjutan")
    third = transfer(lead=kasi_wati, case=moved, to=bapas_a, new_lead=kasi_budi, new_pk=pk_rina)
    client.force_login(pk_rina)
    page = client.get(reverse("case_plans", kwargs={"case_id": third.id})).content.decode()
    wonosari = page.index("Rencana dari Bapas asal: Bapas Kelas II Wonosari")
    yogya = page.index("Rencana dari Bapas asal: Bapas Kelas I Yogyakarta")
    assert wonosari < yogya  # the nearest first
    assert ORIGIN_GOALS[0][1] in page[yogya:]

    awal = plan_create(actor=pk_rina, case=third, phase="awal")
    assert awal.carried_from == Plan.objects.get(case=origin, phase="awal")
    assert [g.text for g in awal.goals.all()] == [g[1] for g in ORIGIN_GOALS]
    lanjutan = plan_create(actor=pk_rina, case=third, phase="lanjutan")
    assert lanjutan.carried_from == Plan.objects.get(case=moved, phase="lanjutan")  # the nearer one


def test_a_restricted_case_of_origin_stays_hidden(
    client, kepala_dewi, kasi_budi, kasi_wati, pk_andi, pk_sari, bapas_b, origin
):
    case_restrict(actor=kepala_dewi, case=origin, staff=[pk_andi], reason="Perkara kesusilaan")
    new = transfer(lead=kasi_budi, case=origin, to=bapas_b, new_lead=kasi_wati, new_pk=pk_sari)
    client.force_login(pk_sari)
    page = client.get(reverse("case_plans", kwargs={"case_id": new.id})).content.decode()
    assert "Rencana dari Bapas asal: Bapas Kelas I Yogyakarta" in page
    assert "rencananya tidak ditampilkan" in page and ORIGIN_GOALS[0][1] not in page
    assert "Lanjutkan rencana Bapas asal" not in page
    plan = plan_create(actor=pk_sari, case=new, phase="awal")
    assert plan.carried_from is None and plan.proposed_from == ProposedFrom.NEEDS
