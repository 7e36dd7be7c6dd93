"""The revocation proposal (usulan pencabutan): an official letter of the Bapas to the Direktur Jenderal
Pemasyarakatan, signed by the Kepala Bapas. The caller has authorised the actor (revocation_get_for)."""

from django.utils import timezone

from bimkemas.cases.documents import bapas_today, head_of, person_address
from bimkemas.violations.models import Revocation, RevocationStatus


def proposal_context(revocation: Revocation) -> dict:
    case = revocation.case
    bapas = case.bapas
    proposed = revocation.status in (RevocationStatus.PROPOSED, RevocationStatus.DECIDED)
    return {
        "revocation": revocation,
        "case": case,
        "person": case.person,
        "address": person_address(case.person),
        "unit": bapas,
        "programme": case.get_programme_display(),
        "violations": list(revocation.violations.order_by("occurred_on", "id")),
        "document_number": revocation.proposal_number if proposed else "",
        "draft": not proposed,
        "date": revocation.proposed_on if proposed else bapas_today(bapas),
        "city": bapas.city or bapas.name,
        "head": revocation.proposed_by or head_of(bapas),
        "confidential": case.is_child,
        "generated": timezone.now(),
    }
