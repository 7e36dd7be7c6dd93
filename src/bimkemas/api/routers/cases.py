"""Cases: the actor's caseload and one case's detail, scoped by the cases selectors."""

from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from bimkemas.api.helpers import actor_today, require_bapas_staff, with_actor_named
from bimkemas.api.schemas import CaseDetail, CaseFilters, CaseListItem, ErrorOut
from bimkemas.audit.services import audit_record
from bimkemas.cases.models import Case
from bimkemas.cases.phases import phase_on, phase_schedule
from bimkemas.cases.selectors import case_get_for, case_in_team, caseload_list, days_left, mask_name

router = Router(tags=["cases"])

MAX_LIMIT = 100
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class PageParams(Schema):
    limit: int = Field(
        25, ge=1, description=f"Jumlah per halaman (maksimum {MAX_LIMIT}; lebih dari itu dipotong)"
    )
    offset: int = Field(0, ge=0)


class CaseloadPagination(LimitOffsetPagination):
    """limit/offset; a limit above MAX_LIMIT is capped, as ninja's own LimitOffsetPagination does."""

    Input = PageParams

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


@router.get(
    "",
    response={200: list[CaseListItem], **ERRORS},
    operation_id="listCases",
    url_name="case_list",
    summary="Daftar klien (caseload) pengguna",
)
@paginate(CaseloadPagination)
def case_list(request, filters: Query[CaseFilters]):
    actor = request.auth
    require_bapas_staff(actor)
    cases = caseload_list(
        actor=actor,
        query=filters.q,
        programme=filters.programme or "",
        status="" if filters.status == "all" else filters.status,
        client_group=filters.client_group or "",
    )
    return with_actor_named(cases, actor)


@router.get(
    "/{int:case_id}",
    response={200: CaseDetail, **ERRORS},
    operation_id="getCase",
    url_name="case_detail",
    summary="Rincian satu kasus",
)
def case_detail(request, case_id: int):
    actor = request.auth
    case = case_get_for(actor=actor, case_id=case_id)
    audit_record(actor=actor, action="view", obj=case, context="api")
    return case_detail_payload(case, actor, actor_today(request))


def case_detail_payload(case: Case, actor, today) -> dict:
    """The case's fields, its phases, and the client — a child's identity withheld outside the team."""
    in_team = case_in_team(case, actor)
    masked = case.is_child and not in_team
    person = case.person
    current = phase_on(case.period_start, case.period_end, today)
    return {
        **{f: getattr(case, f) for f in _CASE_FIELDS},
        "bapas": case.bapas.name,
        "programme_label": case.get_programme_display(),
        "status_label": case.get_status_display(),
        "in_team": in_team,
        "person": {
            "masked": masked,
            "name": mask_name(person.name) if masked else person.name,
            **{f: None if masked else getattr(person, f) for f in _PERSON_FIELDS},
            "village_code": None if masked else person.village_id,
            "village_path": None if masked or person.village is None else person.village.path,
        },
        "days_left": days_left(case, today),
        "phase": current,
        "phases": [
            {"code": p.code, "label": p.label, "start": p.start, "end": p.end, "current": p.code == current}
            for p in phase_schedule(case.period_start, case.period_end, case.after_care_end)
        ],
        "guarantor": None
        if masked
        else {
            "name": case.guarantor_name,
            "relation": case.guarantor_relation,
            "phone": case.guarantor_phone,
            "address": case.guarantor_address,
        },
        "pk_name": case.officer.display_name if case.officer_id else None,
    }


_CASE_FIELDS = (
    "id", "register_number", "programme", "client_group", "status", "sk_number", "sk_date",
    "origin_institution", "offence_article", "offence_category", "sentence_months", "sentence_days",
    "handover_date", "first_contact_due", "period_start", "period_end", "after_care_end",
    "general_conditions", "special_conditions", "restricted", "end_reason", "end_date",
)  # fmt: skip
_PERSON_FIELDS = ("nik", "sex", "birth_place", "birth_date", "address", "rt", "rw")
