"""The proposed programme: needs domains with band sedang/tinggi → goals in the mapped guidance fields,
upcoming activities and partners with an agreement in force in those fields; without an assessment the
programme's generic goals; a high risk band → a contact-intensity note."""

import datetime as dt

import pytest
from django.utils import timezone

from bimkemas.plans.proposal import propose
from bimkemas.plans.selectors import plan_fields_for_case
from bimkemas.plans.services import plan_create
from tests.activities.factories import make_activity
from tests.partners.factories import make_agreement, make_partner
from tests.plans.helpers import AKHIR, needs_assessment, risk_assessment

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def test_needs_sedang_and_tinggi_domains_become_goals_in_their_fields(pk_andi, client_rudi):
    needs_assessment(pk_andi, client_rudi, {"pekerjaan": "tinggi", "napza": "sedang"})
    proposal = propose(case=client_rudi, phase="lanjutan", today=TODAY)
    from_needs = [(g.domain, g.field) for g in proposal.goals if g.domain]
    # tinggi first; pekerjaan → kemandirian, napza → rehabilitasi + konseling (instrument's mapping)
    assert from_needs == [("pekerjaan", "kemandirian"), ("napza", "rehabilitasi"), ("napza", "konseling")]
    assert proposal.from_needs and proposal.needs is not None
    texts = [g.text for g in proposal.goals]
    assert "Klien memperoleh dan mempertahankan pekerjaan atau usaha yang sah." in texts
    # The phase's standard goal comes first and is not from a domain.
    assert proposal.goals[0].domain == "" and proposal.goals[0].field == "kepribadian"


def test_rendah_domains_propose_no_goals(pk_andi, client_rudi):
    needs_assessment(pk_andi, client_rudi, {})
    proposal = propose(case=client_rudi, phase="awal", today=TODAY)
    assert proposal.from_needs
    assert [g for g in proposal.goals if g.domain] == []
    assert len(proposal.goals) == 1  # only the standard goal of the phase


def test_without_assessment_the_generic_goals_are_proposed(kasi_budi, pk_andi, client_rudi):
    proposal = propose(case=client_rudi, phase="awal", today=TODAY)
    assert not proposal.from_needs and proposal.needs is None
    assert {g.field for g in proposal.goals} == {"hukum", "kepribadian", "kemandirian", "kemasyarakatan"}
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="awal", today=TODAY)
    assert plan.proposed_from == "generic" and plan.goals.count() == 4


def test_the_latest_final_needs_assessment_is_used(pk_andi, client_rudi):
    needs_assessment(pk_andi, client_rudi, {"keluarga": "tinggi"})
    needs_assessment(pk_andi, client_rudi, {"sikap": "sedang"}, phase="lanjutan")
    proposal = propose(case=client_rudi, phase="akhir", today=TODAY)
    assert {g.domain for g in proposal.goals if g.domain} == {"sikap"}


def test_upcoming_activities_and_partners_in_force_of_the_fields_are_suggested(
    kasi_budi, kasi_wati, pk_andi, client_rudi
):
    needs_assessment(pk_andi, client_rudi, {"pekerjaan": "sedang"})
    today = timezone.localdate()
    soon = today + dt.timedelta(days=5)
    welding = make_activity(kasi_budi, day=soon, topic="Pelatihan las dasar", field="kemandirian")
    make_activity(kasi_budi, day=soon, topic="Penyuluhan hukum", field="hukum")  # field not proposed
    make_activity(kasi_budi, day=today - dt.timedelta(days=3), field="kemandirian")  # already past
    make_activity(kasi_wati, day=soon, topic="Las Wonosari", field="kemandirian")  # another Bapas
    farm = make_partner(kasi_budi, "Kelompok Tani Lele Mina", fields=["kemandirian"])
    make_agreement(kasi_budi, farm, start=today - dt.timedelta(days=10), days=300)
    old = make_partner(kasi_budi, "Bengkel Las Jaya", fields=["kemandirian"])
    make_agreement(kasi_budi, old, start=today - dt.timedelta(days=400), days=300)  # expired
    church = make_partner(kasi_budi, "Gereja Kristen Jawa", fields=["kepribadian"])
    make_agreement(kasi_budi, church, start=today - dt.timedelta(days=10), days=300)

    proposal = propose(case=client_rudi, phase="awal", today=today)
    assert [a.topic for a in proposal.activities] == [welding.topic]
    # Not the fields of the phase's standard goal (awal: hukum), only those the needs point to.
    assert [p.name for p in proposal.partners] == ["Kelompok Tani Lele Mina"]

    plan = plan_create(actor=pk_andi, case=client_rudi, phase="awal", today=today)
    assert list(plan.activities.all()) == [welding]
    assert list(plan.partners.all()) == [farm]


def test_high_risk_suggests_a_higher_contact_intensity(pk_andi, client_rudi):
    risk_assessment(pk_andi, client_rudi, high=True)
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY)
    assert plan.risk_assessment is not None and plan.risk_assessment.band == "tinggi"
    assert plan.intensity_note.startswith("Risiko tinggi: tingkatkan intensitas kontak")


def test_low_risk_adds_no_intensity_note(pk_andi, client_rudi):
    risk_assessment(pk_andi, client_rudi, high=False)
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY)
    assert plan.intensity_note == ""


def test_plan_fields_for_case_from_plan_then_needs(pk_andi, client_rudi):
    assert plan_fields_for_case(client_rudi, TODAY) == []
    needs_assessment(pk_andi, client_rudi, {"napza": "tinggi"})
    assert plan_fields_for_case(client_rudi, TODAY) == ["rehabilitasi", "konseling"]
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY, proposed=False)
    assert plan_fields_for_case(client_rudi, TODAY) == ["rehabilitasi", "konseling"]  # plan without goals
    from bimkemas.plans.services import GoalData, PlanData, plan_save

    plan_save(actor=pk_andi, plan=plan, data=PlanData(
        goals=[GoalData("hukum", "Memahami syarat"), GoalData("kepribadian", "Rajin ibadah")],
        activity_ids=[], partner_ids=[]))  # fmt: skip
    assert plan_fields_for_case(client_rudi, AKHIR[0]) == ["kepribadian", "hukum"]
    # Another phase's plan does not count: in lanjutan there is none, so the needs decide.
    assert plan_fields_for_case(client_rudi, dt.date(2026, 6, 1)) == ["rehabilitasi", "konseling"]


def test_plan_fields_for_many_cases_in_a_few_queries(
    kasi_budi, pk_andi, client_rudi, django_assert_max_num_queries
):
    from bimkemas.plans.selectors import plan_fields_for_cases
    from tests.cases.factories import receive_client

    other = receive_client(kasi_budi, "Joko Susilo")
    nothing = receive_client(kasi_budi, "Bambang Wibowo")
    needs_assessment(kasi_budi, other, {"keluarga": "sedang"})
    from bimkemas.plans.services import GoalData, PlanData, plan_save

    plan = plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY, proposed=False)
    plan_save(actor=pk_andi, plan=plan, data=PlanData(goals=[GoalData("hukum", "Paham syarat")], activity_ids=[],
                                                      partner_ids=[]))  # fmt: skip
    with django_assert_max_num_queries(3):
        fields = plan_fields_for_cases([client_rudi, other, nothing], TODAY)
    assert fields == {client_rudi.id: ["hukum"], other.id: ["kemasyarakatan", "konseling"]}
    assert fields[other.id] == plan_fields_for_case(other, TODAY)
