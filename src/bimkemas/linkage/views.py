"""Outside lists and the review queue: upload (leads), the queue and the side-by-side decision page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bimkemas.audit.services import audit_record
from bimkemas.cases.handover import MAX_BYTES
from bimkemas.cases.selectors import case_display_name, case_in_team
from bimkemas.core.access import bapas_lead_required, bapas_staff_required
from bimkemas.linkage.forms import DecisionForm, OutsideListForm
from bimkemas.linkage.models import CandidateStatus
from bimkemas.linkage.selectors import candidate_get_for, candidate_queue, compare_rows, outside_lists_for
from bimkemas.linkage.services import (
    CONTRACT_COLUMNS,
    OPTIONAL_COLUMNS,
    candidate_decide,
    default_violation_kind,
    link_or_queue,
    outside_list_import,
)


@bapas_lead_required
@require_http_methods(["GET", "POST"])
def outside_import(request):
    bound = request.method == "POST"
    form = OutsideListForm(request.POST if bound else None, request.FILES if bound else None)
    result = counts = None
    if bound and form.is_valid():
        upload = form.cleaned_data["berkas"]
        result = outside_list_import(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            filename=upload.name,
            content=upload.read(MAX_BYTES + 1),
        )
        if result.ok:
            counts = link_or_queue(outside_list=result.outside_list)
    context = {
        "form": form,
        "result": result,
        "counts": counts,
        "columns": CONTRACT_COLUMNS,
        "optional_columns": OPTIONAL_COLUMNS,
        "lists": outside_lists_for(actor=request.user)[:20],
    }
    return render(request, "linkage/import.html", context)


@bapas_staff_required
def candidate_list(request):
    status = request.GET.get("status", CandidateStatus.PROPOSED)
    if status not in CandidateStatus.values:
        status = CandidateStatus.PROPOSED
    page = Paginator(candidate_queue(actor=request.user, status=status), 25).get_page(request.GET.get("page"))
    rows = [(c, case_display_name(c.case, request.user)) for c in page]
    context = {"page": page, "rows": rows, "status": status, "statuses": CandidateStatus.choices}
    return render(request, "linkage/candidate_list.html", context)


@bapas_staff_required
@require_http_methods(["GET", "POST"])
def candidate_detail(request, candidate_id: int):
    actor = request.user
    candidate = candidate_get_for(actor=actor, candidate_id=candidate_id)
    case = candidate.case
    bound = request.method == "POST"
    form = DecisionForm(request.POST if bound else None, initial={"kind": default_violation_kind(candidate)})
    if bound and candidate.status != CandidateStatus.PROPOSED:
        form.add_error(None, _("Kecocokan ini sudah diputuskan."))
    elif bound and form.is_valid():
        try:
            candidate_decide(
                actor=actor,
                candidate=candidate,
                confirm=form.cleaned_data["decision"] == "confirm",
                note=form.cleaned_data["note"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if form.cleaned_data["decision"] == "confirm":
                messages.success(
                    request, _("Kecocokan dikonfirmasi; pelanggaran dicatat dan Kasi diberi tahu.")
                )
            else:
                messages.success(request, _("Kecocokan ditolak; pasangan ini tidak akan diusulkan lagi."))
            return redirect("candidate_list")
    masked = case.is_child and not case_in_team(case, actor)
    audit_record(actor=actor, action="view", obj=case.person, context=request.path)
    context = {
        "candidate": candidate,
        "case": case,
        "name": case_display_name(case, actor),
        "masked": masked,
        "rows": [] if masked else compare_rows(candidate),
        "form": form,
    }
    return render(request, "linkage/candidate_detail.html", context, status=400 if bound else 200)
