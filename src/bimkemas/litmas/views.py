"""Litmas pages: a case's Litmas, create, write (autosave), read with history, the workflow actions, the
PDF, the Bapas list and the approving officials."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bimkemas.audit.services import audit_record
from bimkemas.cases.selectors import case_display_name, case_get_for
from bimkemas.core.access import bapas_staff_required
from bimkemas.core.pdf import pdf_response
from bimkemas.litmas import documents, selectors, services
from bimkemas.litmas.forms import (
    ApproverForm,
    CreateForm,
    ReturnForm,
    input_name,
    sections_for_form,
    values_from_post,
)
from bimkemas.litmas.kinds import catalogue, localized
from bimkemas.litmas.models import Litmas, LitmasApprover


def _errors_of(exc: ValidationError) -> tuple[dict, list[str]]:
    """Field errors (by field key) and general ones of a service's ValidationError."""
    if hasattr(exc, "error_dict"):
        fields = exc.message_dict
        return {k: v for k, v in fields.items() if k != "__all__"}, fields.get("__all__", [])
    return {}, exc.messages


def _local_time(litmas: Litmas, value) -> str:
    try:
        zone = ZoneInfo(litmas.bapas.timezone)
    except (ValueError, KeyError):
        zone = None
    return timezone.localtime(value, zone).strftime("%H:%M") if value else ""


def _context(request, litmas: Litmas, **extra) -> dict:
    actor = request.user
    return {
        "litmas": litmas,
        "case": litmas.case,
        "name": case_display_name(litmas.case, actor),
        "can_write": litmas.is_editable and services.may_write(actor, litmas.case),
        "can_approve": litmas.status == Litmas.Status.SUBMITTED and services.may_approve(actor, litmas),
        "saved_time": _local_time(litmas, litmas.saved_at),
        **extra,
    }


@bapas_staff_required
def case_litmas(request, case_id: int):
    actor = request.user
    case = case_get_for(actor=actor, case_id=case_id)
    audit_record(actor=actor, action="view", obj=case, context=request.path)
    page = Paginator(selectors.case_litmas(case=case), 20).get_page(request.GET.get("page"))
    return render(request, "litmas/case_litmas.html", {
        "case": case, "name": case_display_name(case, actor), "page": page,
        "can_write": services.may_write(actor, case),
    })  # fmt: skip


@bapas_staff_required
def litmas_create(request, case_id: int):
    actor = request.user
    case = case_get_for(actor=actor, case_id=case_id, for_update=request.method == "POST")
    if not services.may_write(actor, case):
        messages.warning(request, _("Anda tidak dapat membuat Litmas untuk kasus ini (kasus berakhir)."))
        return redirect("case_litmas", case_id=case.id)
    kinds = catalogue().kinds_for(case.client_group)
    form = CreateForm(request.POST or None, kinds=kinds, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            litmas = services.litmas_create(actor=actor, case=case, kind=d["kind"], requested_by=d["requested_by"],
                                            purpose=d["purpose"], due_date=d["due_date"])  # fmt: skip
        except ValidationError as exc:
            fields, general = _errors_of(exc)
            for field, errors in fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            for error in general:
                form.add_error(None, error)
        else:
            messages.success(request, _("Draf Litmas %(number)s dibuat dan diisi dari data klien; lengkapi bagian "
                                        "lainnya.") % {"number": litmas.register_number})  # fmt: skip
            return redirect("litmas_edit", litmas_id=litmas.id)
    return render(request, "litmas/create.html", {
        "case": case, "name": case_display_name(case, actor), "form": form,
        "kinds": [{"label": localized(k, "label"), "sections": [localized(catalogue().sections[s], "title")
                                                              for s in k["sections"]]} for k in kinds],
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


@bapas_staff_required
def litmas_edit(request, litmas_id: int):
    actor = request.user
    litmas = selectors.litmas_get_for(actor=actor, litmas_id=litmas_id, for_update=request.method == "POST")
    if not (litmas.is_editable and services.may_write(actor, litmas.case)):
        if litmas.is_editable:
            messages.info(request, _("Anda hanya dapat membaca Litmas ini."))
        else:
            messages.info(request, _("Litmas berstatus %(status)s dan tidak dapat diubah.")
                          % {"status": litmas.get_status_display()})  # fmt: skip
        return redirect("litmas_detail", litmas_id=litmas.id)
    errors: dict = {}
    general: list[str] = []
    values = litmas.values
    if request.method == "POST":
        posted = values_from_post(litmas.definition, request.POST)
        try:
            litmas, errors = services.litmas_save(actor=actor, litmas=litmas, values=posted)
            if not errors and request.POST.get("action") == "submit":
                services.litmas_submit(actor=actor, litmas=litmas)
                messages.success(request, _("Litmas %(number)s diajukan untuk disetujui.")
                                 % {"number": litmas.register_number})  # fmt: skip
                return redirect("litmas_detail", litmas_id=litmas.id)
            if not errors:
                messages.success(
                    request,
                    _("Draf disimpan pukul %(time)s.") % {"time": _local_time(litmas, litmas.saved_at)},
                )
                return redirect("litmas_edit", litmas_id=litmas.id)
        except ValidationError as exc:
            errors, general = _errors_of(exc)
            if request.POST.get("action") == "submit":
                general = [_("Draf disimpan, tetapi Litmas belum dapat diajukan:"), *general]
        values = {**litmas.values, **posted}
    else:
        audit_record(actor=actor, action="view", obj=litmas, context=request.path)
    sections = sections_for_form(litmas.definition, values, errors)
    error_links = [{"anchor": f"f-{input_name(k)}", "text": m} for k, msgs in errors.items() for m in msgs]
    return render(request, "litmas/edit.html", _context(
        request, litmas, sections=sections, errors=error_links, general_errors=general,
    ), status=400 if errors or general else 200)  # fmt: skip


@require_POST
@bapas_staff_required
def litmas_autosave(request, litmas_id: int):
    """Save the posted fields of a draft (the page posts after a pause, on leaving a field and when closed)."""
    actor = request.user
    litmas = selectors.litmas_get_for(actor=actor, litmas_id=litmas_id, for_update=True)
    if not services.may_write(actor, litmas.case):
        raise PermissionDenied
    posted = values_from_post(litmas.definition, request.POST)
    try:
        litmas, errors = services.litmas_save(actor=actor, litmas=litmas, values=posted)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "message": " ".join(exc.messages)}, status=409)
    time = _local_time(litmas, litmas.saved_at)
    return JsonResponse({
        "ok": not errors,
        "saved_at": time,
        "message": _("Tersimpan %(time)s") % {"time": time},
        "errors": {input_name(k): v for k, v in errors.items()},
    })  # fmt: skip


def _detail(request, litmas: Litmas, *, return_form=None, status: int = 200):
    history = selectors.litmas_history(litmas=litmas)
    sections = sections_for_form(litmas.definition, litmas.values)
    return render(request, "litmas/detail.html", _context(
        request, litmas, sections=sections, history=history,
        return_form=return_form or ReturnForm(),
        missing=services.missing_required(litmas) if litmas.is_editable else {},
    ), status=status)  # fmt: skip


@bapas_staff_required
def litmas_detail(request, litmas_id: int):
    litmas = selectors.litmas_get_for(actor=request.user, litmas_id=litmas_id)
    audit_record(actor=request.user, action="view", obj=litmas, context=request.path)
    return _detail(request, litmas)


@require_POST
@bapas_staff_required
def litmas_submit(request, litmas_id: int):
    actor = request.user
    litmas = selectors.litmas_get_for(actor=actor, litmas_id=litmas_id, for_update=True)
    try:
        services.litmas_submit(actor=actor, litmas=litmas)
    except ValidationError as exc:
        fields, general = _errors_of(exc)
        messages.error(
            request,
            " ".join([_("Litmas belum dapat diajukan."), *general, *[m for v in fields.values() for m in v]]),
        )
        return redirect("litmas_edit" if litmas.is_editable else "litmas_detail", litmas_id=litmas.id)
    messages.success(
        request, _("Litmas %(number)s diajukan untuk disetujui.") % {"number": litmas.register_number}
    )
    return redirect("litmas_detail", litmas_id=litmas.id)


@require_POST
@bapas_staff_required
def litmas_return(request, litmas_id: int):
    actor = request.user
    litmas = selectors.litmas_get_for(actor=actor, litmas_id=litmas_id, for_update=True)
    if not services.is_approver(actor, litmas.bapas):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.litmas_return(actor=actor, litmas=litmas, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            fields, general = _errors_of(exc)
            for error in [*general, *fields.get("comment", [])]:
                form.add_error(None if error in general else "comment", error)
        else:
            messages.success(request, _("Litmas %(number)s dikembalikan kepada PK untuk diperbaiki.")
                             % {"number": litmas.register_number})  # fmt: skip
            return redirect("litmas_detail", litmas_id=litmas.id)
    litmas.refresh_from_db()
    return _detail(request, litmas, return_form=form, status=400)


@require_POST
@bapas_staff_required
def litmas_approve(request, litmas_id: int):
    actor = request.user
    litmas = selectors.litmas_get_for(actor=actor, litmas_id=litmas_id, for_update=True)
    if not services.is_approver(actor, litmas.bapas):
        raise PermissionDenied
    try:
        services.litmas_approve(actor=actor, litmas=litmas)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Litmas %(number)s disetujui.") % {"number": litmas.register_number})
    return redirect("litmas_detail", litmas_id=litmas.id)


@require_GET
@bapas_staff_required
def litmas_version(request, litmas_id: int, version_number: int):
    litmas = selectors.litmas_get_for(actor=request.user, litmas_id=litmas_id)
    version, previous = selectors.version_get(litmas=litmas, number=version_number)
    audit_record(actor=request.user, action="view", obj=litmas, context=request.path)
    changes = selectors.diff_values(litmas.definition, previous.values if previous else {}, version.values)
    return render(request, "litmas/version.html", _context(
        request, litmas, version=version, previous=previous, changes=changes,
    ))  # fmt: skip


@require_GET
@bapas_staff_required
def litmas_pdf(request, litmas_id: int):
    litmas = selectors.litmas_get_for(actor=request.user, litmas_id=litmas_id)
    content = documents.render_litmas_pdf(litmas)
    with transaction.atomic():
        audit_record(actor=request.user, action="export", obj=litmas, context="litmas_pdf")
    return pdf_response(content, filename=documents.litmas_filename(litmas), inline=False)


@bapas_staff_required
def litmas_list(request):
    actor = request.user
    g = request.GET
    try:
        author_id = int(g.get("pk") or 0) or None
    except ValueError:
        author_id = None
    qs = selectors.litmas_list(actor=actor, status=g.get("status", ""), kind=g.get("kind", ""),
                               author_id=author_id, query=g.get("q", ""))  # fmt: skip
    page = Paginator(qs, 25).get_page(g.get("page"))
    rows = [{"litmas": li, "name": case_display_name(li.case, actor)} for li in page.object_list]
    return render(request, "litmas/list.html", {
        "page": page, "rows": rows, "statuses": Litmas.Status.choices,
        "kinds": [(k["code"], localized(k, "label")) for k in catalogue().kinds.values()],
        "authors": selectors.authors_of(actor=actor), "f": {"status": g.get("status", ""),
        "kind": g.get("kind", ""), "pk": str(author_id or ""), "q": g.get("q", "")},
        "waiting": selectors.waiting_count(actor=actor), "filtered": any(g.get(k) for k in ("status", "kind", "pk", "q")),
    })  # fmt: skip


@login_required
def litmas_approvers(request):
    actor = request.user
    if not services.may_manage_approvers(actor):
        raise PermissionDenied
    bapas = actor.bapas
    form = ApproverForm(
        request.POST if request.POST.get("action") == "add" else None,
        candidates=selectors.approver_candidates(bapas=bapas),
    )
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            row = LitmasApprover.objects.filter(bapas=bapas, id=request.POST.get("approver") or 0).first()
            if row is not None:
                services.approver_revoke(actor=actor, approver=row)
                messages.success(request, _("Penunjukan %(name)s dicabut.") % {"name": row.user.display_name})
                return redirect("litmas_approvers")
            messages.error(request, _("Penunjukan tidak ditemukan."))
        elif form.is_bound and form.is_valid():
            try:
                row = services.approver_designate(actor=actor, user=form.cleaned_data["user"],
                                                  note=form.cleaned_data["note"])  # fmt: skip
            except ValidationError as exc:
                fields, general = _errors_of(exc)
                for error in [*general, *fields.get("user", [])]:
                    form.add_error("user", error)
            else:
                messages.success(
                    request,
                    _("%(name)s ditunjuk sebagai penyetuju Litmas.") % {"name": row.user.display_name},
                )
                return redirect("litmas_approvers")
        elif not form.is_bound:
            messages.error(request, _("Pilih tindakan: tunjuk atau cabut."))
    return render(request, "litmas/approvers.html", {
        "form": form, "approvers": selectors.approvers_of(bapas=bapas), "bapas": bapas,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip
