"""Assessment services: who may assess, drafts, completeness, final is read-only, audit and timeline."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bimkemas.assessments.models import Assessment, Instrument
from bimkemas.assessments.selectors import guidance_map, needs_summary, previous_final
from bimkemas.assessments.services import assessment_finalise, assessment_save, assessment_start
from bimkemas.audit.models import AuditEntry
from bimkemas.cases.models import CaseEvent
from bimkemas.cases.services import case_end
from tests.assessments.helpers import all_answers, shipped

pytestmark = pytest.mark.django_db


def finalised(actor, case, instrument, answers, phase="awal") -> Assessment:
    a = assessment_start(actor=actor, case=case, instrument=instrument, phase=phase)
    a = assessment_save(actor=actor, assessment=a, answers=answers)
    return assessment_finalise(actor=actor, assessment=a)


def test_pk_finalises_a_complete_assessment_with_scores_audit_and_timeline(client_rudi, pk_andi):
    risk = shipped("risk")
    answers = all_answers(risk, pick=lambda item: item["options"][-1]["value"])  # the worst answer everywhere
    a = finalised(pk_andi, client_rudi, risk, answers)
    assert a.status == "final" and a.assessed_by == pk_andi and a.assessed_at is not None
    assert a.total_score == risk.definition["max_score"] and a.band == "tinggi"
    assert a.domain_scores["statis"]["score"] == risk.definition["sections"][0]["max_score"]
    actions = set(
        AuditEntry.objects.filter(object_type="assessment", object_id=a.id).values_list("action", flat=True)
    )
    assert actions == {"create", "update"}
    event = CaseEvent.objects.get(case=client_rudi, code="assessed")
    assert event.payload["band"] == "tinggi" and event.actor == pk_andi


def test_finalise_refuses_an_incomplete_draft_naming_the_missing_items(client_rudi, pk_andi):
    risk = shipped("risk")
    a = assessment_start(actor=pk_andi, case=client_rudi, instrument=risk, phase="awal")
    answers = all_answers(risk)
    del answers["S03"], answers["D07"]
    assessment_save(actor=pk_andi, assessment=a, answers=answers)
    with pytest.raises(ValidationError) as err:
        assessment_finalise(actor=pk_andi, assessment=a)
    assert set(err.value.message_dict) == {"S03", "D07"}
    a.refresh_from_db()
    assert a.status == "draft"


def test_final_assessment_is_read_only(client_rudi, pk_andi):
    risk = shipped("risk")
    a = finalised(pk_andi, client_rudi, risk, all_answers(risk))
    with pytest.raises(ValidationError, match="sudah final"):
        assessment_save(actor=pk_andi, assessment=a, answers={})
    with pytest.raises(ValidationError, match="sudah final"):
        assessment_finalise(actor=pk_andi, assessment=a)


def test_unknown_option_is_refused(client_rudi, pk_andi):
    a = assessment_start(actor=pk_andi, case=client_rudi, instrument=shipped("risk"), phase="awal")
    with pytest.raises(ValidationError) as err:
        assessment_save(actor=pk_andi, assessment=a, answers={"S01": "99"})
    assert "S01" in err.value.message_dict


def test_one_draft_per_instrument_at_a_time(client_rudi, pk_andi):
    assessment_start(actor=pk_andi, case=client_rudi, instrument=shipped("risk"), phase="awal")
    with pytest.raises(ValidationError, match="Masih ada draf"):
        assessment_start(actor=pk_andi, case=client_rudi, instrument=shipped("risk"), phase="awal")
    assessment_start(actor=pk_andi, case=client_rudi, instrument=shipped("needs"), phase="awal")


def test_inactive_instrument_cannot_be_started(client_rudi, pk_andi):
    risk = shipped("risk")
    Instrument.objects.filter(id=risk.id).update(active=False)
    risk.refresh_from_db()
    with pytest.raises(ValidationError, match="tidak aktif"):
        assessment_start(actor=pk_andi, case=client_rudi, instrument=risk, phase="awal")


def test_only_the_case_team_may_assess(client_rudi, pk_rina, pk_sari, kasi_wati, kasi_budi):
    for outsider in (pk_rina, pk_sari, kasi_wati):
        with pytest.raises(PermissionDenied):
            assessment_start(actor=outsider, case=client_rudi, instrument=shipped("risk"), phase="awal")
    assert assessment_start(actor=kasi_budi, case=client_rudi, instrument=shipped("risk"), phase="awal").id


def test_ended_case_cannot_be_assessed(client_rudi, kasi_budi, pk_andi):
    from django.utils import timezone

    a = assessment_start(actor=pk_andi, case=client_rudi, instrument=shipped("risk"), phase="awal")
    case_end(actor=kasi_budi, case=client_rudi, reason="completed", end_date=timezone.localdate())
    client_rudi.refresh_from_db()
    with pytest.raises(ValidationError, match="berakhir"):
        assessment_start(actor=pk_andi, case=client_rudi, instrument=shipped("needs"), phase="akhir")
    with pytest.raises(ValidationError, match="berakhir"):
        assessment_save(actor=pk_andi, assessment=a, answers={})


def test_reassessment_links_the_previous_final_one(client_rudi, pk_andi):
    risk = shipped("risk")
    first = finalised(pk_andi, client_rudi, risk, all_answers(risk))
    second = finalised(pk_andi, client_rudi, risk, all_answers(risk), phase="lanjutan")
    assert second.previous == first and first.previous is None
    assert previous_final(case=client_rudi, instrument=risk) == second


def test_needs_summary_gives_the_band_of_each_domain_and_the_guidance_fields(client_rudi, pk_andi):
    needs = shipped("needs")

    def pick(item):  # urgent need in the drugs domain, none elsewhere
        return item["options"][-1]["value"] if item["code"].startswith("N") else item["options"][0]["value"]

    a = finalised(pk_andi, client_rudi, needs, all_answers(needs, pick=pick))
    summary = dict(needs_summary(a))
    assert summary["napza"] == "tinggi"
    assert {band for domain, band in summary.items() if domain != "napza"} == {"rendah"}
    assert [d for d, _ in needs_summary(a)] == [s["code"] for s in needs.definition["sections"]]
    assert guidance_map(needs)["napza"] == ["rehabilitasi", "konseling"]
    mapped = {f for fields in guidance_map(needs).values() for f in fields}
    assert mapped == {"kepribadian", "kemandirian", "hukum", "kemasyarakatan", "rehabilitasi", "konseling"}
    assert needs_summary(finalised(pk_andi, client_rudi, shipped("risk"), all_answers(shipped("risk")))) == []
