"""Reads of outside lists and match candidates, scoped by the actor through the case scope."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from bimkemas.cases.selectors import case_get_for, case_scope
from bimkemas.linkage.models import CandidateStatus, MatchCandidate, OutsideList
from bimkemas.org.models import User


def candidate_queue(*, actor: User, status: str = CandidateStatus.PROPOSED) -> QuerySet[MatchCandidate]:
    """Candidates on the cases the actor may see (PK: own caseload; leads: the Bapas), best first."""
    qs = MatchCandidate.objects.filter(case__in=case_scope(actor).values("id"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("case", "case__person", "record", "record__outside_list").order_by(
        "-probability", "id"
    )


def candidate_get_for(*, actor: User, candidate_id: int) -> MatchCandidate:
    """The candidate, after `case_get_for` on its case (404 outside the scope, 403 when restricted)."""
    candidate = (
        MatchCandidate.objects.select_related("record", "record__outside_list", "reviewed_by")
        .filter(id=candidate_id)
        .first()
    )
    if candidate is None:
        raise Http404
    candidate.case = case_get_for(actor=actor, case_id=candidate.case_id)
    return candidate


def outside_lists_for(*, actor: User) -> QuerySet[OutsideList]:
    if not (actor.is_bapas_lead and actor.bapas):
        return OutsideList.objects.none()
    return OutsideList.objects.filter(bapas_id=actor.unit_id).select_related("uploaded_by")


# --- the side-by-side rows of the review page: client and outside record, field by field, with whether
# the engine found them agreeing (positive match weight), disagreeing (negative) or missing.

# (label, comparison of the engine or "", client value, record value)
_FIELDS = [
    (_("Nama"), "name", lambda p: p.name, lambda r: r.name),
    (_("NIK"), "nik", lambda p: p.nik or "", lambda r: r.nik),
    (_("Tanggal lahir"), "birth_date", lambda p: p.birth_date.isoformat() if p.birth_date else "",
     lambda r: r.birth_date.isoformat() if r.birth_date else ""),
    (_("Tempat lahir"), "place", lambda p: p.birth_place, lambda r: r.birth_place),
    (_("Jenis kelamin"), "sex", lambda p: p.sex, lambda r: r.sex),
    (_("Nama ibu kandung"), "mother", lambda p: p.mother_name, lambda r: r.mother_name),
    (_("Alamat"), "", lambda p: p.address, lambda r: r.address),
]  # fmt: skip


def agreement(candidate: MatchCandidate, comparison: str) -> str:
    """ "agree", "disagree", "neutral" or "missing" (a value empty on either side)."""
    if not comparison or comparison not in candidate.weights:
        return "neutral"
    if candidate.levels.get(comparison) == "":
        return "missing"
    weight = candidate.weights[comparison]
    return "agree" if weight > 0.5 else "disagree" if weight < -0.5 else "neutral"


def compare_rows(candidate: MatchCandidate) -> list[dict]:
    person, record = candidate.case.person, candidate.record
    rows = []
    for label, comparison, of_person, of_record in _FIELDS:
        rows.append(
            {
                "label": label,
                "client": of_person(person),
                "record": of_record(record),
                "agreement": agreement(candidate, comparison),
            }
        )
    if record.aliases:
        rows[0]["record"] += " (" + ", ".join(record.aliases) + ")"
    return rows
