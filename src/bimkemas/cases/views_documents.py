"""Download of the registration documents (kartu and kontrak bimbingan) as PDF."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.views.decorators.http import require_GET

from bimkemas.audit.services import audit_record
from bimkemas.cases import documents
from bimkemas.cases.selectors import case_get_for, case_in_team
from bimkemas.cases.services import case_record_document
from bimkemas.core.pdf import pdf_response


def _case_for_document(request, case_id: int):
    case = case_get_for(actor=request.user, case_id=case_id)
    if case.is_child and not case_in_team(case, request.user):
        raise PermissionDenied  # a child's identity is shown only to the case team
    return case


def _document_response(request, case_id: int, document: str, render):
    case = _case_for_document(request, case_id)
    content = render(case)
    with transaction.atomic():
        case_record_document(actor=request.user, case=case, document=document)
        audit_record(actor=request.user, action="export", obj=case, context=f"document:{document}")
    return pdf_response(content, filename=documents.document_filename(document, case))


@require_GET
@login_required
def case_card_pdf(request, case_id: int):
    return _document_response(request, case_id, documents.CARD, documents.render_card_pdf)


@require_GET
@login_required
def case_contract_pdf(request, case_id: int):
    return _document_response(request, case_id, documents.CONTRACT, documents.render_contract_pdf)
