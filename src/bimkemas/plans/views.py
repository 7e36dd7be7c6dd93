"""Pages of the staged guidance: a case's plans and evaluations per phase, the plan editor and its print
view, the evaluation form, and the coverage report (page and Excel) for the Kasi."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bimkemas.activities.models import Activity
from bimkemas.assessments.selectors import needs_summary
from bimkemas.audit.services import audit_record
from bimkemas.cases.phases import PHASE_LABELS
from bimkemas.cases.selectors import case_display_name, case_get_for
from bimkemas.core.access import bapas_staff_required
from bimkemas.monitoring.exports import workbook_bytes
from bimkemas.monitoring.selectors import report_scope
from bimkemas.partners.models import Field, Partner
from bimkemas.plans import selectors, services
from bimkemas.plans.coverage import coverage_for_scope
from bimkemas.plans.forms import CoverageFilterForm, EvaluationForm, PlanDetailsForm, ReopenForm, goal_formset
from bimkemas.plans.proposal import suggested_partners
from bimkemas.plans.selectors import plan_can_write
from bimkemas.plans.tables import build_tables, period_label, scope_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTIVITY_CHOICES = 30


def _errors_to(exc: ValidationError, request) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _phase_or_404(phase: str) -> str:
    if phase not in PHASE_LABELS:
        raise Http404
    return phase


# --- a case's plans and evaluations ---------------------------------------------------------------------------


@bapas_staff_required
@require_GET
def case_plans(request, case_id: int):
    actor = request.user
    case = case_get_for(actor=actor, case_id=case_id)
    audit_record(actor=actor, action="view", obj=case, context=request.path)
    today = timezone.localdate()
    earlier = selectors.earlier_plans(actor=actor, case=case)
    return render(request, "plans/case_plans.html", {
        "case": case,
        "name": case_display_name(case, actor),
        "rows": selectors.case_plan_rows(case=case, today=today, earlier=selectors.carried_plans(earlier)),
        "earlier": earlier,
        "can_write": plan_can_write(actor=actor, case=case),
        "reporting": selectors.reporting_in_force(case, today),
        "today": today,
    })  # fmt: skip


@bapas_staff_required
@require_POST
def plan_start(request, case_id: int, phase: str):
    """Create the phase's draft plan: proposed from the assessments, or blank (`mode=blank`)."""
    actor = request.user
    case = case_get_for(actor=actor, case_id=case_id, for_update=True)
    phase = _phase_or_404(phase)
    try:
        plan = services.plan_create(
            actor=actor, case=case, phase=phase, proposed=request.POST.get("mode") != "blank"
        )
    except ValidationError as exc:
        _errors_to(exc, request)
        return redirect("case_plans", case_id=case.id)
    messages.success(request, _("Draf rencana dibuat. Periksa dan ubah sasarannya, lalu tetapkan."))
    return redirect("plan_edit", plan_id=plan.id)


def _activity_choices(plan, fields: list[str]):
    """Upcoming activities of the Bapas in the plan's fields (then in any field), and those already linked."""
    now = timezone.now()
    linked = list(plan.activities.values_list("id", flat=True))
    upcoming = Activity.objects.filter(bapas_id=plan.case.bapas_id, cancelled=False, starts_at__gte=now)
    ids = list(
        upcoming.filter(field__in=fields)
        .order_by("starts_at")
        .values_list("id", flat=True)[:ACTIVITY_CHOICES]
    )
    if len(ids) < ACTIVITY_CHOICES:
        ids += list(upcoming.exclude(id__in=ids).order_by("starts_at")
                    .values_list("id", flat=True)[: ACTIVITY_CHOICES - len(ids)])  # fmt: skip
    rows = Activity.objects.filter(Q(id__in=ids) | Q(id__in=linked)).select_related("partner", "bapas")
    labels = dict(Field.choices)
    out = []
    for a in rows.order_by("starts_at", "id"):
        when = formats.date_format(timezone.localtime(a.starts_at), "j M Y H:i")
        out.append((a, f"{a.topic} · {labels.get(a.field, a.field)} · {when} · {a.organiser_name}"))
    return out


def _partner_choices(plan):
    today = timezone.localdate()
    linked = list(plan.partners.values_list("id", flat=True))
    suggested = [
        p.id for p in suggested_partners(plan.case.bapas_id, list(Field.values), today=today, limit=50)
    ]
    rows = Partner.objects.filter(Q(id__in=suggested) | Q(id__in=linked)).order_by("name", "id")
    return [(p, f"{p.name} · {', '.join(p.field_labels)}") for p in rows]


@bapas_staff_required
def plan_edit(request, plan_id: int):
    actor = request.user
    plan = selectors.plan_get_for(actor=actor, plan_id=plan_id, for_update=request.method == "POST")
    if plan.is_agreed or not plan_can_write(actor=actor, case=plan.case):
        if plan.is_agreed:
            messages.info(request, _("Rencana ini sudah ditetapkan dan hanya dapat dibaca."))
        return redirect("plan_detail", plan_id=plan.id)
    goals = list(plan.goals.all())
    initial = [
        {"field": g.field, "text": g.text, "indicator": g.indicator, "domain": g.domain, "goal_id": g.id}
        for g in goals
    ]
    extra = 1 if request.GET.get("tambah") or not goals else 0
    formset = goal_formset(extra=extra)(request.POST or None, initial=initial, prefix="goal")
    carried = {str(g.id) for g in goals if g.carried_over}
    for form in formset:
        form.carried = str(form["goal_id"].value() or "") in carried
    fields = sorted({g.field for g in goals})
    details = PlanDetailsForm(
        request.POST or None,
        activities=_activity_choices(plan, fields),
        partners=_partner_choices(plan),
        initial={
            "activities": [str(i) for i in plan.activities.values_list("id", flat=True)],
            "partners": [str(i) for i in plan.partners.values_list("id", flat=True)],
            "resources_note": plan.resources_note, "intensity_note": plan.intensity_note,
            "reporting_note": plan.reporting_note, "notes": plan.notes,
        },
    )  # fmt: skip
    service_errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if formset.is_valid() and details.is_valid():
            data = services.PlanData(
                goals=formset.goals(), activity_ids=details.ids("activities"), partner_ids=details.ids("partners"),
                **{k: details.cleaned_data[k] for k in ("resources_note", "reporting_note", "intensity_note", "notes")},
            )  # fmt: skip
            try:
                plan = services.plan_save(actor=actor, plan=plan, data=data)
                if action == "agree":
                    services.plan_agree(actor=actor, plan=plan)
                    messages.success(request, _("Rencana program ditetapkan."))
                    return redirect("plan_detail", plan_id=plan.id)
            except ValidationError as exc:
                service_errors = exc.messages
            else:
                if action == "add":
                    return redirect(
                        reverse("plan_edit", kwargs={"plan_id": plan.id}) + "?tambah=1#sasaran-baru"
                    )
                messages.success(request, _("Draf rencana disimpan."))
                return redirect("plan_edit", plan_id=plan.id)
    else:
        audit_record(actor=actor, action="view", obj=plan, context=request.path)
    return render(request, "plans/plan_edit.html", {
        "plan": plan,
        "case": plan.case,
        "name": case_display_name(plan.case, actor),
        "formset": formset,
        "details": details,
        "service_errors": service_errors,
        "needs": _needs_rows(plan),
        "reporting": selectors.reporting_in_force(plan.case, timezone.localdate()),
    })  # fmt: skip


def _needs_rows(plan) -> list[tuple[str, str]]:
    """(domain title, band code) of the needs assessment the plan was proposed from, sedang/tinggi only."""
    a = plan.needs_assessment
    if a is None:
        return []
    titles = {s["code"]: s.get("title", s["code"]) for s in a.instrument.definition["sections"]}
    return [(titles.get(d, d), b) for d, b in needs_summary(a) if b in ("sedang", "tinggi")]


@bapas_staff_required
@require_GET
def plan_detail(request, plan_id: int):
    """The plan as read and printed (the browser's print: navigation and buttons are hidden)."""
    actor = request.user
    plan = selectors.plan_get_for(actor=actor, plan_id=plan_id)
    audit_record(actor=actor, action="view", obj=plan, context=request.path)
    return render(request, "plans/plan_detail.html", {
        "plan": plan,
        "case": plan.case,
        "name": case_display_name(plan.case, actor),
        "phase": selectors.phase_of(plan.case, plan.phase),
        "goals": plan.goals.all(),
        "activities": plan.activities.select_related("partner", "bapas").order_by("starts_at"),
        "partners": plan.partners.order_by("name"),
        "needs": _needs_rows(plan),
        "can_write": plan_can_write(actor=actor, case=plan.case),
        "reopen_form": ReopenForm(),
        "reporting": plan.reporting_in_force or selectors.reporting_in_force(plan.case, timezone.localdate()),
    })  # fmt: skip


@bapas_staff_required
@require_POST
def plan_reopen(request, plan_id: int):
    actor = request.user
    plan = selectors.plan_get_for(actor=actor, plan_id=plan_id, for_update=True)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("plan_detail", plan_id=plan.id)
    try:
        services.plan_reopen(actor=actor, plan=plan, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _errors_to(exc, request)
        return redirect("plan_detail", plan_id=plan.id)
    messages.success(request, _("Rencana dibuka kembali sebagai draf; tetapkan lagi setelah diubah."))
    return redirect("plan_edit", plan_id=plan.id)


# --- evaluations ----------------------------------------------------------------------------------------------


@bapas_staff_required
@require_POST
def evaluation_start(request, case_id: int, phase: str):
    actor = request.user
    case = case_get_for(actor=actor, case_id=case_id, for_update=True)
    phase = _phase_or_404(phase)
    try:
        evaluation = services.evaluation_start(actor=actor, case=case, phase=phase)
    except ValidationError as exc:
        _errors_to(exc, request)
        return redirect("case_plans", case_id=case.id)
    return redirect("evaluation_form", evaluation_id=evaluation.id)


@bapas_staff_required
def evaluation_form(request, evaluation_id: int):
    actor = request.user
    evaluation = selectors.evaluation_get_for(
        actor=actor, evaluation_id=evaluation_id, for_update=request.method == "POST"
    )
    today = timezone.localdate()
    can_write = not evaluation.is_final and plan_can_write(actor=actor, case=evaluation.case)
    ratings = list(evaluation.ratings.all())
    form = EvaluationForm(
        request.POST if request.method == "POST" and can_write else None, ratings=ratings,
        initial={"conclusion": evaluation.conclusion, "recommendation": evaluation.recommendation,
                 "recommendation_note": evaluation.recommendation_note},
    )  # fmt: skip
    if request.method == "POST" and can_write and form.is_valid():
        finalise = request.POST.get("action") == "finalise"
        cd = form.cleaned_data
        data = services.EvaluationData(
            ratings=[services.RatingData(r.id, cd.get(f"att_{r.id}") or "", cd.get(f"note_{r.id}") or "")
                     for r in ratings],
            conclusion=cd["conclusion"], recommendation=cd["recommendation"] or "",
            recommendation_note=cd["recommendation_note"],
        )  # fmt: skip
        try:
            evaluation = services.evaluation_save(actor=actor, evaluation=evaluation, data=data)
            if not finalise:
                messages.success(request, _("Draf evaluasi disimpan."))
                return redirect("evaluation_form", evaluation_id=evaluation.id)
            if not cd["confirm"]:
                form.add_error("confirm", _("Centang pernyataan ini untuk memfinalkan evaluasi."))
            else:
                services.evaluation_finalise(actor=actor, evaluation=evaluation)
                messages.success(request, _("Evaluasi difinalkan."))
                return redirect("evaluation_form", evaluation_id=evaluation.id)
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                name = key.replace("rating-", "att_") if key.startswith("rating-") else key
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
            if finalise:
                form.add_error(
                    None, _("Isian disimpan sebagai draf, tetapi evaluasi belum dapat difinalkan.")
                )
    elif request.method == "GET":
        audit_record(actor=actor, action="view", obj=evaluation, context=request.path)
    figures = selectors.evaluation_figures(evaluation, today=today)
    return render(request, "plans/evaluation_form.html", {
        "evaluation": evaluation,
        "case": evaluation.case,
        "name": case_display_name(evaluation.case, actor),
        "phase_label": PHASE_LABELS[evaluation.phase],
        "form": form,
        "figures": figures,
        "can_write": can_write,
    })  # fmt: skip


# --- coverage -------------------------------------------------------------------------------------------------


def _coverage(request):
    actor = request.user
    scope = report_scope(actor=actor)
    form = CoverageFilterForm(request.GET or None, scope=scope)
    f = form.filters()
    units = scope.narrow(kanwil_id=f["kanwil"], bapas_id=f["bapas"])
    report = coverage_for_scope(scope=scope, units=units, today=timezone.localdate())
    return {
        "form": form,
        "report": report,
        "tables": build_tables(report),
        "where": scope_label(report, actor),
        "period": period_label(report),
    }


@login_required
@require_GET
def plans_coverage(request):
    ctx = _coverage(request)
    ctx["query"] = request.GET.urlencode()
    return render(request, "plans/coverage.html", ctx)


@login_required
@require_GET
def plans_coverage_xlsx(request):
    ctx = _coverage(request)
    content = workbook_bytes(ctx["tables"], where=ctx["where"], period=ctx["period"],
                             generated_at=timezone.localtime(), title=_("Cakupan rencana program dan evaluasi"))  # fmt: skip
    units = ctx["report"].units
    slug = re.sub(r"[^A-Za-z0-9_-]", "", units[0].code) if len(units) == 1 else "rekap"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="cakupan-program-{slug}-{ctx["report"].today.isoformat()}.xlsx"'
    )
    return response
