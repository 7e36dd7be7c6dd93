"""Violations: the Bapas list for leads, the list (with a recording form) of one case, and the revocation
(pencabutan) pages: report, steps, proposal PDF, the Bapas list and the figures."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bimkemas.cases.selectors import case_display_name, case_get_for
from bimkemas.core.access import bapas_lead_required, bapas_staff_required
from bimkemas.core.pdf import pdf_response, render_pdf, safe_filename
from bimkemas.tpp.selectors import planned_revocation_items
from bimkemas.violations import services
from bimkemas.violations.forms import (
    BapForm,
    DecisionForm,
    ProposeForm,
    RevocationReportForm,
    SuspendForm,
    TppForm,
    ViolationForm,
)
from bimkemas.violations.models import REVOCATION_STEPS, RevocationStatus, ViolationKind
from bimkemas.violations.pdf import proposal_context
from bimkemas.violations.selectors import (
    revocation_get_for,
    revocations_of_bapas,
    revocations_of_case,
    violation_statistics,
    violations_of_bapas,
    violations_of_case,
)
from bimkemas.violations.services import violation_record


@bapas_lead_required
def violation_list(request):
    kind = request.GET.get("kind", "")
    if kind not in ViolationKind.values:
        kind = ""
    page = Paginator(violations_of_bapas(actor=request.user, kind=kind), 25).get_page(request.GET.get("page"))
    rows = [(v, case_display_name(v.case, request.user)) for v in page]
    context = {"page": page, "rows": rows, "kind": kind, "kinds": ViolationKind.choices}
    return render(request, "violations/violation_list.html", context)


@bapas_staff_required
@require_http_methods(["GET", "POST"])
def case_violations(request, case_id: int):
    case = case_get_for(actor=request.user, case_id=case_id)
    bound = request.method == "POST"
    form = ViolationForm(request.POST if bound else None)
    if bound and form.is_valid():
        try:
            violation_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pelanggaran dicatat dan Kasi diberi tahu."))
            return redirect("case_violations", case_id=case.id)
    context = {
        "case": case,
        "name": case_display_name(case, request.user),
        "violations": violations_of_case(case=case)[:200],
        "revocations": revocations_of_case(case=case),
        "form": form,
    }
    return render(request, "violations/case_violations.html", context, status=400 if bound else 200)


# --- revocation ---------------------------------------------------------------------------------------


@bapas_staff_required
@require_http_methods(["GET", "POST"])
def revocation_new(request, case_id: int):
    case = case_get_for(actor=request.user, case_id=case_id)
    if not services.may_report_revocation(request.user, case):
        raise PermissionDenied
    bound = request.method == "POST"
    form = RevocationReportForm(request.POST if bound else None, case=case,
                                initial={"reported_on": timezone.localdate()})  # fmt: skip
    if bound and form.is_valid():
        data = form.cleaned_data
        try:
            revocation = services.revocation_report(
                actor=request.user, case=case, violations=list(data["violations"]),
                reported_on=data["reported_on"], note=data["note"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pencabutan dilaporkan. Standar layanan berjalan."))
            return redirect("revocation_detail", revocation_id=revocation.id)
    context = {"case": case, "name": case_display_name(case, request.user), "form": form}
    return render(request, "violations/revocation_new.html", context, status=400 if bound else 200)


# current status -> (the form of the next step, its service, the form field → service keyword map)
_STEPS = {
    RevocationStatus.REPORTED: (BapForm, services.revocation_bap, {"bap_date": "bap_date", "examiner": "examiner", "summary": "summary"}),
    RevocationStatus.BAP: (TppForm, services.revocation_tpp, {"tpp_date": "tpp_date", "members": "members", "recommendation": "recommendation"}),
    RevocationStatus.TPP: (SuspendForm, services.revocation_suspend, {"suspended_on": "suspended_on"}),
    RevocationStatus.SUSPENDED: (ProposeForm, services.revocation_propose, {"proposed_on": "proposed_on"}),
    RevocationStatus.PROPOSED: (DecisionForm, services.revocation_decide, {"decision_number": "decision_number", "decision_date": "decision_date", "granted": "granted"}),
}  # fmt: skip


def _may_act(user, revocation) -> bool:
    case = revocation.case
    status = revocation.status
    if status == RevocationStatus.REPORTED:
        return services.may_report_revocation(user, case)
    if status in (RevocationStatus.BAP, RevocationStatus.PROPOSED):
        return services.is_case_lead(user, case)
    if status in (RevocationStatus.TPP, RevocationStatus.SUSPENDED):
        return user.is_kepala and user.unit_id == case.bapas_id
    return False


@bapas_staff_required
@require_http_methods(["GET", "POST"])
def revocation_detail(request, revocation_id: int):
    revocation = revocation_get_for(actor=request.user, revocation_id=revocation_id)
    step = _STEPS.get(revocation.status)
    may_act = step is not None and _may_act(request.user, revocation)
    bound = request.method == "POST"
    if bound and not may_act:
        raise PermissionDenied
    form = None
    if may_act:
        form_class, service, mapping = step
        initial = {
            name: timezone.localdate()
            for name, f in form_class.base_fields.items()
            if "date" in name or name.endswith("_on")
        }
        form = form_class(request.POST if bound else None, initial=initial)
        if bound and form.is_valid():
            kwargs = {mapping[k]: v for k, v in form.cleaned_data.items()}
            try:
                service(actor=request.user, revocation=revocation, **kwargs)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Tahap pencabutan disimpan."))
                return redirect("revocation_detail", revocation_id=revocation.id)
    today = timezone.localdate()
    context = {
        "revocation": revocation,
        "case": revocation.case,
        "name": case_display_name(revocation.case, request.user),
        "violations": revocation.violations.order_by("-occurred_on"),
        "steps": [(value, label, REVOCATION_STEPS.index(value) <= revocation.step_index)
                  for value, label in RevocationStatus.choices],
        "form": form,
        "days_left": None if revocation.decision_date else services.working_days_left(revocation.due_date, today),
        "waiting_for": _waiting_for(revocation),
        "planned_tpp": planned_revocation_items(actor=request.user, case=revocation.case)
        if revocation.status == RevocationStatus.BAP else [],
        "days_overdue": -services.working_days_left(revocation.due_date, today),
    }  # fmt: skip
    return render(request, "violations/revocation_detail.html", context, status=400 if bound else 200)


def _waiting_for(revocation) -> str:
    return {
        RevocationStatus.REPORTED: _("BAP oleh PK atau Kasi"),
        RevocationStatus.BAP: _("sidang TPP (dicatat pimpinan Bapas)"),
        RevocationStatus.TPP: _("penghentian sementara oleh Kepala Bapas"),
        RevocationStatus.SUSPENDED: _("usulan oleh Kepala Bapas"),
        RevocationStatus.PROPOSED: _("keputusan (dicatat pimpinan Bapas)"),
    }.get(revocation.status, "")


@bapas_staff_required
def revocation_pdf(request, revocation_id: int):
    revocation = revocation_get_for(actor=request.user, revocation_id=revocation_id)
    content = render_pdf("violations/pdf/usulan_pencabutan.html", proposal_context(revocation))
    name = f"usulan-pencabutan-{safe_filename(revocation.case.register_number)}.pdf"
    return pdf_response(content, filename=name, inline=False)


@bapas_lead_required
def revocation_list(request):
    status = request.GET.get("status", "open")
    if status not in ("open", "all", *RevocationStatus.values):
        status = "open"
    page = Paginator(revocations_of_bapas(actor=request.user, status=status), 25).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    rows = [
        (r, case_display_name(r.case, request.user),
         None if r.status == RevocationStatus.DECIDED else services.working_days_left(r.due_date, today))
        for r in page
    ]  # fmt: skip
    context = {"page": page, "rows": rows, "status": status, "statuses": RevocationStatus.choices}
    return render(request, "violations/revocation_list.html", context)


MONTHS = [dt.date(2000, m, 1) for m in range(1, 13)]


@login_required
def violation_statistics_page(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    try:
        kanwil_id = int(request.GET.get("kanwil") or 0) or None
    except ValueError:
        kanwil_id = None
    stats = violation_statistics(actor=request.user, year=year, kanwil_id=kanwil_id)
    context = {"stats": stats, "year": year, "years": range(today.year, today.year - 6, -1), "months": MONTHS,
               "kanwil_id": kanwil_id}  # fmt: skip
    return render(request, "violations/statistics.html", context)
