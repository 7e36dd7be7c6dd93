"""Violations: the Bapas list for leads, and the list (with a recording form) of one case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bimkemas.cases.selectors import case_display_name, case_get_for
from bimkemas.core.access import bapas_lead_required, bapas_staff_required
from bimkemas.violations.forms import ViolationForm
from bimkemas.violations.models import ViolationKind
from bimkemas.violations.selectors import violations_of_bapas, violations_of_case
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
        "form": form,
    }
    return render(request, "violations/case_violations.html", context, status=400 if bound else 200)
