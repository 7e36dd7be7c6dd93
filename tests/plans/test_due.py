"""When a plan or an evaluation is due or overdue, and the PK's list of them for "Hari ini"."""

import datetime as dt

import pytest

from bimkemas.cases.phases import Phase
from bimkemas.plans import schedule
from bimkemas.plans.selectors import plans_due_for
from bimkemas.plans.services import (
    EvaluationData,
    evaluation_finalise,
    evaluation_save,
    evaluation_start,
    plan_agree,
    plan_create,
)
from tests.plans.helpers import AKHIR

END = dt.date(2026, 6, 30)
PHASE = Phase("lanjutan", "Tahap lanjutan", dt.date(2026, 4, 1), END)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (END - dt.timedelta(days=8), ""),  # not yet
        (END - dt.timedelta(days=7), schedule.DUE),  # ends within 7 days
        (END, schedule.DUE),
        (END + dt.timedelta(days=14), schedule.DUE),  # grace: 14 days after the end
        (END + dt.timedelta(days=15), schedule.OVERDUE),
    ],
)
def test_evaluation_due_and_overdue_at_the_boundaries(today, state):
    assert schedule.evaluation_state(PHASE, today) == state


def test_evaluation_grace_is_a_setting(settings):
    settings.PLANS_EVALUATION_GRACE_DAYS = 30
    assert schedule.evaluation_state(PHASE, END + dt.timedelta(days=30)) == schedule.DUE
    assert schedule.evaluation_state(PHASE, END + dt.timedelta(days=31)) == schedule.OVERDUE


def test_plan_due_then_overdue_after_the_grace_days():
    assert schedule.plan_state(PHASE, PHASE.start) == schedule.DUE
    assert schedule.plan_state(PHASE, PHASE.start + dt.timedelta(days=14)) == schedule.DUE
    assert schedule.plan_state(PHASE, PHASE.start + dt.timedelta(days=15)) == schedule.OVERDUE


def test_after_care_is_a_phase_only_with_its_end():
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert [p.code for p in schedule.phases_of(start, end, None)] == ["awal", "lanjutan", "akhir"]
    with_care = schedule.phases_of(start, end, dt.date(2027, 3, 31))
    assert with_care[-1].code == "after_care" and with_care[-1].end == dt.date(2027, 3, 31)
    # After the period without after care there is no current phase (nothing to plan).
    assert schedule.current_phase(schedule.phases_of(start, end, None), dt.date(2027, 1, 5)) is None
    # Before the period starts, the first phase is planned ahead.
    assert schedule.current_phase(schedule.phases_of(start, end, None), dt.date(2025, 12, 20)).code == "awal"


def test_phases_ended_before_the_handover_are_not_the_case_s():
    phases = schedule.phases_of(
        dt.date(2026, 1, 1), dt.date(2026, 12, 31), None, handover=dt.date(2026, 5, 1)
    )
    assert [p.code for p in phases] == ["lanjutan", "akhir"]


@pytest.mark.django_db
def test_pk_sees_plans_and_evaluations_due_until_done(pk_andi, pk_sari, kasi_budi, client_rudi):
    today = dt.date(2026, 10, 10)  # akhir started 2 Oct; lanjutan ended 1 Oct; awal ended 4 Apr
    items = plans_due_for(actor=pk_andi, today=today)
    got = [(i.kind, i.phase, i.state) for i in items]
    assert got == [
        ("evaluation", "awal", "overdue"),  # overdue first
        ("evaluation", "lanjutan", "due"),  # 9 days after the end: still in the grace days
        ("plan", "akhir", "due"),
    ]
    assert items[0].name == "Rudi Hartono" and items[0].url.endswith(
        f"/kasus/{client_rudi.id}/program/#tahap-awal"
    )
    assert plans_due_for(actor=pk_sari, today=today) == []
    assert plans_due_for(actor=kasi_budi, today=today) == []  # a Kasi supervises nobody here

    plan_agree(actor=pk_andi, plan=plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=today),
               today=today)  # fmt: skip
    evaluation = evaluation_start(actor=pk_andi, case=client_rudi, phase="lanjutan", today=today)
    assert [(i.kind, i.phase) for i in plans_due_for(actor=pk_andi, today=today)] == [
        ("evaluation", "awal"), ("evaluation", "lanjutan")]  # a draft evaluation is not done  # fmt: skip
    evaluation_save(actor=pk_andi, evaluation=evaluation, data=EvaluationData(
        ratings=[], conclusion="Baik", recommendation="lanjut"))  # fmt: skip
    evaluation_finalise(actor=pk_andi, evaluation=evaluation, today=today)
    assert [(i.kind, i.phase) for i in plans_due_for(actor=pk_andi, today=today)] == [("evaluation", "awal")]
    assert [(i.kind, i.phase, i.state) for i in plans_due_for(actor=pk_andi, today=AKHIR[1] - dt.timedelta(days=3))] == [
        ("evaluation", "awal", "overdue"), ("evaluation", "akhir", "due")]  # fmt: skip


@pytest.mark.django_db
def test_due_list_takes_a_fixed_number_of_queries(kasi_budi, pk_andi, django_assert_max_num_queries):
    from bimkemas.cases.services import case_assign
    from tests.cases.factories import receive_client

    cases = [receive_client(kasi_budi, f"Klien Uji {i}") for i in range(8)]
    case_assign(actor=kasi_budi, cases=cases, pk=pk_andi)
    with django_assert_max_num_queries(5):
        items = plans_due_for(actor=pk_andi, today=dt.date(2026, 10, 10))
    assert len(items) == 24  # 8 clients × (awal overdue, lanjutan due, akhir plan)
