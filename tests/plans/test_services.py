"""Plans: one per case and phase, edited as a draft, agreed (read-only, on the timeline), reopened with a
reason; only the case team writes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bimkemas.audit.models import AuditEntry
from bimkemas.cases.models import CaseEvent
from bimkemas.plans.models import Plan
from bimkemas.plans.services import GoalData, PlanData, plan_agree, plan_create, plan_reopen, plan_save

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def data(*goals, **kw) -> PlanData:
    return PlanData(goals=[GoalData(*g) for g in goals], activity_ids=[], partner_ids=[], **kw)


def test_one_plan_per_case_and_phase(pk_andi, client_rudi):
    plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY)
    with pytest.raises(ValidationError) as exc:
        plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY)
    assert "sudah ada untuk kasus ini" in str(exc.value)
    # A later phase can be drafted ahead; another phase is another plan.
    plan_create(actor=pk_andi, case=client_rudi, phase="lanjutan", today=TODAY)
    assert Plan.objects.filter(case=client_rudi).count() == 2


def test_after_care_plan_only_with_an_after_care_end(kasi_budi, pk_andi, client_rudi):
    with pytest.raises(ValidationError) as exc:
        plan_create(actor=pk_andi, case=client_rudi, phase="after_care", today=TODAY)
    assert "tidak memiliki tahap after care" in str(exc.value)
    client_rudi.after_care_end = client_rudi.period_end + dt.timedelta(days=90)
    client_rudi.save(update_fields=["after_care_end"])
    assert plan_create(actor=pk_andi, case=client_rudi, phase="after_care", today=TODAY).phase == "after_care"


def test_pk_edits_then_agrees_the_plan(pk_andi, client_rudi):
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY)
    plan_save(actor=pk_andi, plan=plan, data=data(
        ("kemandirian", "Bekerja di bengkel las", "Bekerja tetap 3 bulan"), ("hukum", "Tidak melanggar syarat"),
        reporting_note="Usul lapor tiap 2 minggu: jadwal kerja bergilir",
    ))  # fmt: skip
    plan.refresh_from_db()
    assert [(g.field, g.text, g.indicator) for g in plan.goals.all()] == [
        ("kemandirian", "Bekerja di bengkel las", "Bekerja tetap 3 bulan"),
        ("hukum", "Tidak melanggar syarat", ""),
    ]
    assert plan.reporting_note.startswith("Usul lapor tiap 2 minggu")
    assert AuditEntry.objects.filter(object_type="plan", object_id=plan.id, context="plan_save").exists()

    plan = plan_agree(actor=pk_andi, plan=plan, today=TODAY)
    assert plan.is_agreed and plan.agreed_by == pk_andi and plan.agreed_on == TODAY
    assert plan.reporting_in_force == "Wajib lapor: setiap 1 bulan; Lapor tatap muka: setiap 1 bulan"
    event = CaseEvent.objects.get(case=client_rudi, code="plan_agreed")
    assert event.actor == pk_andi and event.payload["phase"] == "akhir" and event.payload["goals"] == 2

    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        plan_save(actor=pk_andi, plan=plan, data=data(("hukum", "x")))


def test_goals_are_validated_naming_the_goal(pk_andi, client_rudi):
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY, proposed=False)
    with pytest.raises(ValidationError) as exc:
        plan_save(actor=pk_andi, plan=plan, data=data(("hukum", "Paham syarat"), ("", "  "), ("astral", "x")))
    errors = exc.value.message_dict
    assert errors["goal-2-field"] == ["Sasaran 2: pilih bidang pembimbingan."]
    assert errors["goal-2-text"] == ["Sasaran 2: tulis sasarannya."]
    assert errors["goal-3-field"] == ["Sasaran 3: pilih bidang pembimbingan."]


def test_a_plan_without_goals_cannot_be_agreed(pk_andi, client_rudi):
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY, proposed=False)
    with pytest.raises(ValidationError, match="minimal satu sasaran"):
        plan_agree(actor=pk_andi, plan=plan, today=TODAY)


def test_reopen_needs_a_reason_and_makes_a_draft(pk_andi, client_rudi):
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY)
    plan = plan_agree(actor=pk_andi, plan=plan, today=TODAY)
    with pytest.raises(ValidationError, match="alasan"):
        plan_reopen(actor=pk_andi, plan=plan, reason=" ")
    plan = plan_reopen(actor=pk_andi, plan=plan, reason="Klien pindah kerja")
    assert not plan.is_agreed and plan.agreed_on is None
    entry = AuditEntry.objects.get(object_type="plan", object_id=plan.id, context="plan_reopen")
    assert entry.changes["reason"] == [None, "Klien pindah kerja"]


def test_only_the_case_team_writes(pk_sari, pk_rina, kasi_budi, client_rudi):
    with pytest.raises(PermissionDenied):
        plan_create(actor=pk_sari, case=client_rudi, phase="akhir", today=TODAY)
    with pytest.raises(PermissionDenied):
        plan_create(actor=pk_rina, case=client_rudi, phase="akhir", today=TODAY)
    assert plan_create(actor=kasi_budi, case=client_rudi, phase="akhir", today=TODAY).created_by == kasi_budi


def test_activities_of_another_bapas_are_refused(kasi_wati, pk_andi, client_rudi):
    from tests.activities.factories import make_activity

    other = make_activity(kasi_wati)
    plan = plan_create(actor=pk_andi, case=client_rudi, phase="akhir", today=TODAY, proposed=False)
    with pytest.raises(ValidationError, match="bukan kegiatan Bapas kasus ini"):
        plan_save(actor=pk_andi, plan=plan, data=PlanData(goals=[], activity_ids=[other.id], partner_ids=[]))
