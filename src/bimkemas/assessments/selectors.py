"""Read queries for assessments, authorised through the case they belong to."""

from django.db.models import QuerySet
from django.http import Http404

from bimkemas.assessments.models import Assessment, Instrument
from bimkemas.assessments.scoring import band_for
from bimkemas.cases.models import Case
from bimkemas.cases.selectors import case_get_for, case_restricted_for, case_scope
from bimkemas.org.models import User


def case_lineage_ids(case: Case) -> list[int]:
    """This case and the cases it continues (transfers between Bapas), newest first."""
    ids = [case.id]
    prev = case.previous_case
    while prev is not None:
        ids.append(prev.id)
        prev = prev.previous_case
    return ids


def assessment_get_for(*, actor: User, assessment_id: int, for_update: bool = False) -> Assessment:
    """Fetch an assessment and authorise the actor on its case: 404 outside their scope, 403 when refused."""
    assessment = (
        Assessment.objects.select_related("instrument", "assessed_by", "created_by", "previous__instrument")
        .filter(id=assessment_id)
        .first()
    )
    if assessment is None:
        raise Http404
    assessment.case = case_get_for(actor=actor, case_id=assessment.case_id, for_update=for_update)
    return assessment


def case_assessments(*, case: Case) -> QuerySet[Assessment]:
    """Assessments of a case (and of the cases it continues), newest first. The case is already authorised."""
    return (
        Assessment.objects.filter(case_id__in=case_lineage_ids(case))
        .select_related("instrument", "assessed_by", "created_by")
        .order_by("-created_at", "-id")
    )


def assessment_can_write(*, actor: User, case: Case) -> bool:
    """Whether the actor may start or fill assessments of this case (the service enforces the same)."""
    return (
        case.is_active
        and case_scope(actor).filter(id=case.id).exists()
        and not case_restricted_for(case, actor)
    )


def instruments_active() -> QuerySet[Instrument]:
    return Instrument.objects.filter(active=True).order_by("kind", "code")


def instruments_all() -> QuerySet[Instrument]:
    return Instrument.objects.select_related("loaded_by").order_by("kind", "code", "-loaded_at")


def previous_final(*, case: Case, instrument: Instrument, exclude_id: int | None = None) -> Assessment | None:
    """The latest final assessment of this case's lineage with the same instrument code (any version)."""
    qs = Assessment.objects.filter(
        case_id__in=case_lineage_ids(case), instrument__code=instrument.code, status=Assessment.Status.FINAL
    )
    if exclude_id:
        qs = qs.exclude(id=exclude_id)
    return qs.select_related("instrument").order_by("-assessed_at", "-id").first()


def needs_summary(assessment: Assessment) -> list[tuple[str, str]]:
    """(domain code, band code) for each domain of a needs assessment, in instrument order.

    The staged plan maps these to guidance fields with `guidance_map(assessment.instrument)`.
    """
    if assessment.instrument.kind != Instrument.Kind.NEEDS:
        return []
    out = []
    for section in assessment.instrument.definition["sections"]:
        stored = (assessment.domain_scores or {}).get(section["code"])
        if stored is not None:
            band = stored.get("band", "")
        else:
            points = sum(
                next((o["score"] for o in i["options"] if o["value"] == assessment.answers.get(i["code"])), 0)
                for i in section["items"]
            )
            found = band_for(section.get("bands") or [], points, section["max_score"])
            band = found.code if found else ""
        out.append((section["code"], band))
    return out


def guidance_map(instrument: Instrument) -> dict[str, list[str]]:
    """Domain code → the guidance fields (kepribadian, kemandirian, …) that answer that need."""
    return {s["code"]: list(s.get("guidance_fields") or []) for s in instrument.definition["sections"]}
