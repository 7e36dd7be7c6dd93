"""A draft evaluation follows the plan of its phase: goals added to the plan after the evaluation started
appear, removed ones disappear, and the attainment already entered for a goal that stays is kept. A final
evaluation is frozen."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bimkemas.plans.models import Evaluation, GoalRating, Plan
from bimkemas.plans.services import (
    EvaluationData,
    GoalData,
    PlanData,
    RatingData,
    evaluation_finalise,
    evaluation_save,
    evaluation_start,
    plan_agree,
    plan_create,
    plan_reopen,
    plan_save,
)
from tests.plans.test_views import goals_post

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)  # client_rudi's lanjutan (5 Apr – 1 Oct 2026) has ended

WORK = ("kemandirian", "Bekerja di bengkel las", "Bekerja tetap 3 bulan")
RELIGION = ("kepribadian", "Mengikuti pengajian mingguan", "")
LAW = ("hukum", "Memahami syarat khusus", "")


def data(*goals) -> PlanData:
    return PlanData(goals=[GoalData(*g) for g in goals], activity_ids=[], partner_ids=[])


def rows(evaluation) -> list[tuple[str, str, str]]:
    return [(r.text, r.attainment, r.note) for r in evaluation.ratings.all()]


def rate(pk, evaluation, marks: dict[str, tuple[str, str]]):
    ratings = [RatingData(r.id, *marks.get(r.text, ("", ""))) for r in evaluation.ratings.all()]
    return evaluation_save(actor=pk, evaluation=evaluation, data=EvaluationData(ratings=ratings))


@pytest.fixture
def plan(pk_andi, client_rudi):
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="lanjutan", today=TODAY, proposed=False)
    return plan_save(actor=pk_andi, plan=plan, data=data(WORK, RELIGION))


def test_a_draft_evaluation_follows_the_edited_plan(pk_andi, client_rudi, plan):
    evaluation = evaluation_start(actor=pk_andi, case=client_rudi, phase="lanjutan", today=TODAY)
    rate(pk_andi, evaluation, {WORK[1]: ("sebagian", "Kerja paruh waktu"), RELIGION[1]: ("tercapai", "")})

    plan_save(actor=pk_andi, plan=plan, data=data(WORK, LAW))  # religion out, law in

    assert rows(evaluation) == [(WORK[1], "sebagian", "Kerja paruh waktu"), (LAW[1], "", "")]
    # A reworded goal (the editor sends the goal's id) keeps its rating, with the new text.
    work = plan.goals.get(text=WORK[1])
    reworded = GoalData("kemandirian", "Bekerja tetap di bengkel las", WORK[2], id=work.id)
    plan_save(actor=pk_andi, plan=plan, data=PlanData(goals=[GoalData(*LAW), reworded], activity_ids=[],
                                                      partner_ids=[]))  # fmt: skip
    assert rows(evaluation) == [
        (LAW[1], "", ""),
        ("Bekerja tetap di bengkel las", "sebagian", "Kerja paruh waktu"),
    ]
    # Finalising needs the added goal rated.
    evaluation_save(actor=pk_andi, evaluation=evaluation, data=EvaluationData(
        ratings=[], conclusion="Baik.", recommendation="lanjut"))  # fmt: skip
    with pytest.raises(ValidationError, match="Sasaran 1 belum dinilai"):
        evaluation_finalise(actor=pk_andi, evaluation=evaluation, today=TODAY)


def test_an_agreed_plan_reopened_and_changed_updates_the_draft_evaluation(client, pk_andi, client_rudi, plan):
    plan_agree(actor=pk_andi, plan=plan, today=TODAY)
    evaluation = evaluation_start(actor=pk_andi, case=client_rudi, phase="lanjutan", today=TODAY)
    rate(pk_andi, evaluation, {WORK[1]: ("belum", "Belum dapat kerja")})
    plan_reopen(actor=pk_andi, plan=plan, reason="Klien pindah kerja")

    # Through the editor: remove religion, add law, agree again.
    client.force_login(pk_andi)
    goals = [
        {"field": g.field, "text": g.text, "indicator": g.indicator, "goal_id": g.id}
        for g in plan.goals.all()
    ]
    goals[1]["DELETE"] = "on"
    goals.append({"field": LAW[0], "text": LAW[1], "indicator": ""})
    response = client.post(reverse("plan_edit", args=[plan.id]), goals_post(goals, initial=2, action="agree"))
    assert response.status_code == 302
    assert rows(evaluation) == [(WORK[1], "belum", "Belum dapat kerja"), (LAW[1], "", "")]

    page = client.get(reverse("evaluation_form", args=[evaluation.id])).content.decode()
    assert LAW[1] in page and RELIGION[1] not in page
    assert "Sasaran mengikuti rencana program tahap ini" in page


def test_a_plan_made_after_the_evaluation_started_fills_it(pk_andi, client_rudi):
    evaluation = evaluation_start(actor=pk_andi, case=client_rudi, phase="lanjutan", today=TODAY)
    assert evaluation.ratings.count() == 0
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="lanjutan", today=TODAY, proposed=False)
    plan_save(actor=pk_andi, plan=plan, data=data(WORK))
    evaluation.refresh_from_db()
    assert evaluation.plan == plan and rows(evaluation) == [(WORK[1], "", "")]


def test_ratings_of_goals_saved_before_goals_kept_their_id_are_matched_by_text(pk_andi, client_rudi, plan):
    evaluation = evaluation_start(actor=pk_andi, case=client_rudi, phase="lanjutan", today=TODAY)
    rate(pk_andi, evaluation, {RELIGION[1]: ("tercapai", "Rutin")})
    # Before this fix every save of the plan made new goals, leaving the ratings without their goal.
    GoalRating.objects.filter(evaluation=evaluation).update(goal=None)
    plan_save(actor=pk_andi, plan=plan, data=data(RELIGION, LAW))
    assert rows(evaluation) == [(RELIGION[1], "tercapai", "Rutin"), (LAW[1], "", "")]
    assert all(r.goal_id for r in evaluation.ratings.all())


def test_a_final_evaluation_stays_frozen(pk_andi, client_rudi, plan):
    evaluation = evaluation_start(actor=pk_andi, case=client_rudi, phase="lanjutan", today=TODAY)
    rate(pk_andi, evaluation, {WORK[1]: ("tercapai", ""), RELIGION[1]: ("sebagian", "")})
    evaluation_save(actor=pk_andi, evaluation=evaluation, data=EvaluationData(
        ratings=[], conclusion="Baik.", recommendation="lanjut"))  # fmt: skip
    evaluation_finalise(actor=pk_andi, evaluation=evaluation, today=TODAY)
    frozen = rows(evaluation)

    plan = Plan.objects.get(id=plan.id)
    plan_save(actor=pk_andi, plan=plan, data=data(LAW))  # the plan was still a draft
    assert rows(evaluation) == frozen == [(WORK[1], "tercapai", ""), (RELIGION[1], "sebagian", "")]
    assert Evaluation.objects.get(id=evaluation.id).is_final
