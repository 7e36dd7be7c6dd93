"""Hari ini (the PK's day), recording contacts, a case's reporting page, check-in review, rules."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bimkemas.cases.selectors import case_get_for
from bimkemas.clients.forms import apply_service_errors
from bimkemas.contacts import selectors, services
from bimkemas.contacts.compliance import compliance
from bimkemas.contacts.forms import (
    QUICK_KINDS,
    ContactForm,
    ExcuseForm,
    ReviewForm,
    RuleForm,
    ScheduleForm,
    TaskCloseForm,
)
from bimkemas.contacts.models import Obligation, Outcome, ReportingRule
from bimkemas.core.access import bapas_lead_required, bapas_staff_required
from bimkemas.litmas.selectors import litmas_due_for
from bimkemas.plans.selectors import plans_due_for


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


TODAY_LIST_LIMIT = 25  # plans/evaluations shown on Hari ini; the rest counted ("dan N lainnya")


@bapas_staff_required
def today(request):
    day = timezone.localdate()
    data = selectors.today_for(actor=request.user, today=day)
    litmas_due = litmas_due_for(actor=request.user, today=day)
    plans_due = plans_due_for(actor=request.user, today=day, limit=TODAY_LIST_LIMIT)
    return render(
        request,
        "contacts/today.html",
        {
            "day": day,
            "t": data,
            "quick_kinds": QUICK_KINDS,
            "outcomes": Outcome,
            "litmas_due": litmas_due,
            "plans_due": plans_due,
            "empty": data.empty and not litmas_due and not plans_due,
        },
    )


@bapas_staff_required
def contact_record(request, case_id: int):
    """GET: the full form (or, for htmx, the quick form of one row); POST: record the contact."""
    case = case_get_for(actor=request.user, case_id=case_id)
    if not services.may_act(case, request.user):
        raise PermissionDenied
    quick = request.GET.get("quick") or request.POST.get("quick")
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.ContactData(
            kind=d["kind"],
            outcome=d["outcome"],
            occurred_at=d["occurred_at"],
            notes=d["notes"],
            latitude=d["latitude"],
            longitude=d["longitude"],
            address_changed=d["address_changed"],
            new_address=d["new_address"],
        )
        try:
            contact = services.contact_record(actor=request.user, case=case, data=data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if request.htmx and quick:
                return render(request, "contacts/_recorded.html", {"contact": contact, "case": case})
            messages.success(request, _("Kontak dicatat: %(kind)s, %(outcome)s.") % {
                "kind": contact.get_kind_display(), "outcome": contact.get_outcome_display()})  # fmt: skip
            return redirect(_next(request, reverse("case_reporting", args=[case.id])))
    template = "contacts/_quick.html" if (request.htmx and quick) else "contacts/contact_form.html"
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        template,
        {
            "case": case,
            "form": form,
            "quick_kinds": QUICK_KINDS,
            "next": _next(request, ""),
            "outcomes": Outcome,
        },
        status=status,
    )


@bapas_staff_required
def case_reporting(request, case_id: int):
    case = case_get_for(actor=request.user, case_id=case_id)
    day = timezone.localdate()
    obligations = selectors.case_obligations(case, today=day)
    page = Paginator(selectors.case_contacts(case), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "contacts/case_reporting.html",
        {
            "case": case,
            "day": day,
            "team": services.may_act(case, request.user),
            "compliance": compliance(Obligation.objects.filter(case=case), today=day),
            "obligations": obligations[:60],
            "contacts": page,
            "checkins": selectors.case_checkins(case)[:20],
            "overrides": case.schedule_overrides.select_related("created_by"),
            "schedule_form": ScheduleForm(initial={"valid_from": day}),
            "excuse_form": ExcuseForm(),
        },
    )


@require_POST
@bapas_staff_required
def schedule_override(request, case_id: int):
    case = case_get_for(actor=request.user, case_id=case_id)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_override(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Jadwal wajib lapor klien diubah."))
            return redirect("case_reporting", case_id=case.id)
    for field, errors in form.errors.items():
        for error in errors:
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("case_reporting", case_id=case.id)


@require_POST
@bapas_staff_required
def obligation_excuse(request, obligation_id: int):
    obligation = selectors.obligation_get_for(actor=request.user, obligation_id=obligation_id)
    form = ExcuseForm(request.POST)
    if form.is_valid():
        try:
            services.obligation_excuse(
                actor=request.user, obligation=obligation, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Kewajiban lapor dimaafkan."))
    else:
        messages.error(request, _("Tulis alasan (minimal 5 huruf)."))
    return redirect(_next(request, reverse("case_reporting", args=[obligation.case_id])))


@require_POST
@bapas_staff_required
def task_close(request, task_id: int):
    task = selectors.task_get_for(actor=request.user, task_id=task_id)
    form = TaskCloseForm(request.POST)
    if form.is_valid():
        try:
            services.task_close(actor=request.user, task=task, note=form.cleaned_data["note"])
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Tugas ditutup."))
    else:
        messages.error(request, _("Tulis catatan penutupan tugas."))
    return redirect(_next(request, reverse("today")))


@bapas_staff_required
def checkin_review(request, checkin_id: int):
    checkin = selectors.checkin_get_for(actor=request.user, checkin_id=checkin_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_review(actor=request.user, checkin=checkin, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Laporan mandiri ditinjau: %(status)s.") % {"status": checkin.get_status_display()}
            )
            return redirect(_next(request, reverse("today")))
    return render(
        request,
        "contacts/checkin_review.html",
        {
            "checkin": checkin,
            "case": checkin.case,
            "form": form,
            "team": services.may_act(checkin.case, request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@bapas_lead_required
def reporting_rules(request):
    bapas = request.user.bapas
    form = RuleForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_change(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Aturan wajib lapor disimpan; jadwal klien menyesuaikan mulai tanggal berlaku.")
            )
            return redirect("reporting_rules")
    day = timezone.localdate()
    rules = ReportingRule.objects.filter(bapas__isnull=True) | ReportingRule.objects.filter(bapas=bapas)
    rules = rules.select_related("created_by", "bapas").order_by(
        "bapas_id", "programme", "phase", "requirement", "-valid_from"
    )
    return render(
        request,
        "contacts/rules.html",
        {"form": form, "rules": rules, "day": day, "bapas": bapas},
        status=400 if request.method == "POST" else 200,
    )
