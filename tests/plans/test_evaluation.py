"""Evaluation of a phase: the reporting compliance (obligations due in the phase), the activity
attendance (sessions in the phase) and band changes are filled in from the records, and stored when the
evaluation is final; goals of the phase's plan are rated; a finished evaluation is on the timeline."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bimkemas.activities.services import attendance_record, enrol
from bimkemas.cases.models import CaseEvent
from bimkemas.contacts.models import Kind, Obligation
from bimkemas.contacts.services import ContactData, contact_record, obligations_sweep
from bimkemas.plans.selectors import evaluation_figures, phase_figures
from bimkemas.plans.services import (
    EvaluationData,
    RatingData,
    evaluation_finalise,
    evaluation_save,
    evaluation_start,
    plan_agree,
    plan_create,
)
from tests.activities.factories import make_activity
from tests.plans.helpers import AKHIR, AWAL_END, LANJUTAN, needs_assessment, risk_assessment

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def office_report(pk, case, day: dt.date):
    contact_record(actor=pk, case=case, data=ContactData(kind=Kind.OFFICE_REPORT, occurred_at=at(day)))


def test_compliance_counts_the_obligations_due_in_the_phase(pk_andi, client_rudi):
    # Monthly windows from 5 January (wajib lapor + tatap muka). Lanjutan (5 Apr – 1 Oct) holds the
    # obligations due 4 May, 4 Jun, 4 Jul, 4 Aug and 4 Sep: ten. Report in person in two of them.
    office_report(pk_andi, client_rudi, dt.date(2026, 4, 20))
    office_report(pk_andi, client_rudi, dt.date(2026, 6, 10))
    office_report(pk_andi, client_rudi, dt.date(2026, 10, 20))  # akhir: not counted in lanjutan
    obligations_sweep(today=TODAY)
    in_window = Obligation.objects.filter(case=client_rudi, due__gte=LANJUTAN[0], due__lte=LANJUTAN[1])
    assert in_window.count() == 10

    figures = phase_figures(case=client_rudi, start=LANJUTAN[0], end=LANJUTAN[1], today=TODAY)
    c = figures.compliance
    assert (c.met, c.met_late, c.missed, c.excused) == (4, 0, 6, 0)
    assert c.rate == pytest.approx(0.4)
    awal = phase_figures(
        case=client_rudi, start=client_rudi.period_start, end=AWAL_END, today=TODAY
    ).compliance
    assert awal.met == 0 and awal.missed == 7  # first contact + 3 months × 2


def test_attendance_counts_sessions_in_the_phase(kasi_budi, pk_andi, client_rudi):
    inside = [dt.date(2026, 10, 10), dt.date(2026, 11, 2)]
    sessions = [make_activity(kasi_budi, day=d, topic=f"Sesi {d}") for d in inside]
    before = make_activity(kasi_budi, day=dt.date(2026, 9, 20), topic="Sesi lanjutan")
    for activity, present in ((sessions[0], True), (sessions[1], False), (before, True)):
        (enrolment,) = enrol(actor=pk_andi, activity=activity, cases=[client_rudi])
        attendance_record(actor=pk_andi, activity=activity, marks={enrolment.id: present})
    cancelled = make_activity(kasi_budi, day=dt.date(2026, 11, 5), topic="Batal")
    enrol(actor=pk_andi, activity=cancelled, cases=[client_rudi])
    cancelled.cancelled = True
    cancelled.save(update_fields=["cancelled"])

    figures = phase_figures(case=client_rudi, start=AKHIR[0], end=AKHIR[1], today=TODAY)
    assert (figures.sessions_attended, figures.sessions_enrolled) == (1, 2)
    lanjutan = phase_figures(case=client_rudi, start=LANJUTAN[0], end=LANJUTAN[1], today=TODAY)
    assert (lanjutan.sessions_attended, lanjutan.sessions_enrolled) == (1, 1)


def test_band_change_within_the_phase(pk_andi, client_rudi):
    first = risk_assessment(pk_andi, client_rudi, high=True)
    type(first).objects.filter(id=first.id).update(assessed_at=at(dt.date(2026, 2, 1)))
    risk_assessment(pk_andi, client_rudi, high=False, phase="akhir")  # today: in akhir
    figures = phase_figures(case=client_rudi, start=AKHIR[0], end=AKHIR[1], today=TODAY)
    (change,) = figures.band_changes
    assert (change["before"], change["after"], change["kind"]) == ("tinggi", "rendah", "risk")
    awal = phase_figures(case=client_rudi, start=client_rudi.period_start, end=AWAL_END, today=TODAY)
    (first_band,) = awal.band_changes  # the first assessment: a band, nothing to compare with
    assert (first_band["before"], first_band["after"]) == ("", "tinggi")
    lanjutan = phase_figures(case=client_rudi, start=LANJUTAN[0], end=LANJUTAN[1], today=TODAY)
    assert lanjutan.band_changes == []


def test_evaluation_rates_goals_and_stores_the_figures_when_final(pk_andi, client_rudi):
    needs_assessment(pk_andi, client_rudi, {"pekerjaan": "tinggi"})
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="lanjutan", today=LANJUTAN[0])
    plan_agree(actor=pk_andi, plan=plan, today=LANJUTAN[0])
    office_report(pk_andi, client_rudi, dt.date(2026, 4, 20))
    obligations_sweep(today=TODAY)

    evaluation = evaluation_start(actor=pk_andi, case=client_rudi, phase="lanjutan", today=TODAY)
    ratings = list(evaluation.ratings.all())
    assert [r.text for r in ratings] == [g.text for g in plan.goals.all()]
    assert (evaluation.window_start, evaluation.window_end) == LANJUTAN

    # Finalising with goals unrated, no conclusion, no recommendation names each.
    with pytest.raises(ValidationError) as exc:
        evaluation_finalise(actor=pk_andi, evaluation=evaluation, today=TODAY)
    errors = exc.value.message_dict
    assert errors[f"rating-{ratings[0].id}"] == ["Sasaran 1 belum dinilai capaiannya."]
    assert errors["conclusion"] == ["Tulis kesimpulan evaluasi."] and errors["recommendation"] == [
        "Pilih rekomendasi."
    ]

    evaluation_save(actor=pk_andi, evaluation=evaluation, data=EvaluationData(
        ratings=[RatingData(r.id, "sebagian", "Sudah bekerja paruh waktu") for r in ratings],
        conclusion="Perilaku membaik, wajib lapor belum teratur.", recommendation="perhatian",
    ))  # fmt: skip
    evaluation = evaluation_finalise(actor=pk_andi, evaluation=evaluation, today=TODAY)
    assert evaluation.is_final and evaluation.finalised_by == pk_andi
    assert (evaluation.reports_met, evaluation.reports_missed) == (2, 8)
    assert (evaluation.sessions_enrolled, evaluation.sessions_attended) == (0, 0)
    event = CaseEvent.objects.get(case=client_rudi, code="evaluation_done")
    assert event.payload["recommendation"] == "perhatian" and event.payload["compliance"] == 0.2

    # The snapshot does not move when the records change afterwards.
    Obligation.objects.filter(case=client_rudi, due__range=LANJUTAN).update(status="excused")
    figures = evaluation_figures(evaluation, today=TODAY)
    assert (figures.compliance.met, figures.compliance.missed, figures.compliance.excused) == (2, 8, 0)
    with pytest.raises(ValidationError, match="sudah final"):
        evaluation_save(actor=pk_andi, evaluation=evaluation, data=EvaluationData(ratings=[]))


def test_evaluation_opens_seven_days_before_the_phase_ends(pk_andi, client_rudi):
    with pytest.raises(ValidationError, match="baru dapat dibuat mulai 24-09-2026"):
        evaluation_start(actor=pk_andi, case=client_rudi, phase="lanjutan", today=dt.date(2026, 9, 23))
    evaluation = evaluation_start(
        actor=pk_andi, case=client_rudi, phase="lanjutan", today=dt.date(2026, 9, 24)
    )
    assert evaluation.plan is None and evaluation.ratings.count() == 0
    with pytest.raises(ValidationError, match="sudah ada"):
        evaluation_start(actor=pk_andi, case=client_rudi, phase="lanjutan", today=TODAY)
