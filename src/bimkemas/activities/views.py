"""Activity pages: Bapas staff (list, create, detail with enrolment, the identity grant for a partner's
activity) and, for both staff and a partner's users, change and cancel, the roll-call and the printable
sign-in sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bimkemas.activities import selectors, services
from bimkemas.activities.forms import ActivityEditForm, ActivityForm, CancelForm, EnrolForm, IdentityGrantForm
from bimkemas.cases.selectors import case_display_name
from bimkemas.clients.forms import apply_service_errors
from bimkemas.core.access import bapas_lead_required, bapas_staff_required
from bimkemas.core.pdf import pdf_response, render_pdf, safe_filename
from bimkemas.plans.selectors import plan_fields_for_cases


def _enrol_form(request, activity, data=None) -> EnrolForm:
    """The PK's candidates; those whose plan (or needs assessment) calls for the activity's field first,
    marked as suggested."""
    candidates = list(selectors.enrol_candidates(actor=request.user, activity=activity))
    fields = plan_fields_for_cases(candidates, timezone.localdate())
    suggested = {c.id for c in candidates if activity.field in fields.get(c.id, [])}
    candidates.sort(key=lambda c: c.id not in suggested)  # stable: by name within each group
    mark = _("disarankan dari rencana program")
    pairs = [
        (
            c,
            f"{case_display_name(c, request.user)} · {c.register_number}"
            + (f" — {mark}" if c.id in suggested else ""),
        )
        for c in candidates
    ]
    form = EnrolForm(data, candidates=pairs)
    form.suggested_count = len(suggested)
    return form


@require_GET
@bapas_staff_required
def activity_list(request):
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    qs = selectors.activity_list(actor=request.user, when=when)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "activities/activity_list.html", {"page": page, "when": when})


@bapas_staff_required
def activity_create(request):
    actor = request.user
    form = ActivityForm(request.POST or None, bapas=actor.bapas)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.activity_create(actor=actor, data=form.to_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Kegiatan dibuat (%(n)s pertemuan).") % {"n": len(created)})
            return redirect("activity_detail", activity_id=created[0].id)
    return render(request, "activities/activity_form.html", {"form": form})


def _detail_context(request, activity, **extra) -> dict:
    actor = request.user
    staff = services.is_bapas_staff_of(actor, activity.bapas_id)
    rows = selectors.participants(actor=actor, activity=activity)
    may_grant = services.may_grant_identity(actor, activity) and activity.partner_id is not None
    context = {
        "activity": activity, "rows": rows, "staff": staff,
        "enrol_form": _enrol_form(request, activity) if staff and not activity.cancelled else None,
        "left": max(activity.capacity - len(rows), 0),
        "may_manage": services.may_manage(actor, activity) and not activity.cancelled,
        "may_grant": may_grant,
        "grant": selectors.identity_grant_current(activity) if may_grant or not staff else None,
        "grants": selectors.identity_grants(activity) if may_grant else [],
        "grant_form": IdentityGrantForm() if may_grant else None,
    }  # fmt: skip
    context.update(extra)
    return context


@require_GET
@login_required
def activity_detail(request, activity_id: int):
    activity = selectors.activity_get_for(actor=request.user, activity_id=activity_id)
    return render(request, "activities/activity_detail.html", _detail_context(request, activity))


@require_POST
@bapas_staff_required
def activity_enrol(request, activity_id: int):
    actor = request.user
    activity = selectors.activity_get_for(actor=actor, activity_id=activity_id)
    form = _enrol_form(request, activity, request.POST)
    if form.is_valid():
        try:
            done = services.enrol(actor=actor, activity=activity, cases=form.selected())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(n)s klien didaftarkan.") % {"n": len(done)})
            return redirect("activity_detail", activity_id=activity.id)
    context = _detail_context(request, activity, enrol_form=form)
    return render(request, "activities/activity_detail.html", context, status=400)


@login_required
def activity_edit(request, activity_id: int):
    actor = request.user
    activity = selectors.activity_get_for(actor=actor, activity_id=activity_id)
    if not services.may_manage(actor, activity):
        raise PermissionDenied
    if activity.cancelled:
        messages.error(request, _("Kegiatan ini dibatalkan: tidak dapat diubah."))
        return redirect("activity_detail", activity_id=activity.id)
    initial = ActivityEditForm.initial_for(activity)
    form = ActivityEditForm(request.POST or None, bapas=activity.bapas, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=actor, activity=activity, data=form.to_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Perubahan kegiatan disimpan; peserta diberi tahu bila jadwal atau tempat berubah."),
            )
            return redirect("activity_detail", activity_id=activity.id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "activities/activity_edit.html", {"form": form, "activity": activity}, status=status
    )


@login_required
def activity_cancel(request, activity_id: int):
    actor = request.user
    activity = selectors.activity_get_for(actor=actor, activity_id=activity_id)
    if not services.may_manage(actor, activity):
        raise PermissionDenied
    if activity.cancelled:
        messages.info(request, _("Kegiatan ini sudah dibatalkan."))
        return redirect("activity_detail", activity_id=activity.id)
    form = CancelForm(request.POST or None, series=bool(activity.series_key))
    if request.method == "POST" and form.is_valid():
        try:
            done = services.activity_cancel(actor=actor, activity=activity, reason=form.cleaned_data["reason"],
                                            scope=form.cleaned_data.get("scope") or services.CANCEL_ONE)  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(n)s pertemuan dibatalkan; peserta diberi tahu.") % {"n": len(done)}
            )
            return redirect("activity_detail", activity_id=activity.id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "activities/activity_cancel.html", {"form": form, "activity": activity}, status=status
    )


@require_POST
@bapas_lead_required
def activity_identity_grant(request, activity_id: int):
    actor = request.user
    activity = selectors.activity_get_for(actor=actor, activity_id=activity_id)
    form = IdentityGrantForm(request.POST)
    if form.is_valid():
        try:
            services.identity_grant(actor=actor, activity=activity, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Mitra kini melihat nama peserta anak pada kegiatan ini saja."))
            return redirect("activity_detail", activity_id=activity.id)
    context = _detail_context(request, activity, grant_form=form)
    return render(request, "activities/activity_detail.html", context, status=400)


@require_POST
@bapas_lead_required
def activity_identity_revoke(request, activity_id: int):
    actor = request.user
    activity = selectors.activity_get_for(actor=actor, activity_id=activity_id)
    try:
        services.identity_revoke(actor=actor, activity=activity)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Izin dicabut: identitas peserta anak kembali dirahasiakan bagi mitra."))
    return redirect("activity_detail", activity_id=activity.id)


@login_required
def activity_rollcall(request, activity_id: int):
    actor = request.user
    activity = selectors.activity_get_for(actor=actor, activity_id=activity_id)
    errors: list[str] = []
    if request.method == "POST":
        marks = {}
        for key, value in request.POST.items():
            if key.startswith("e") and key[1:].isdigit() and value in ("1", "0"):
                marks[int(key[1:])] = value == "1"
        try:
            recorded = services.attendance_record(actor=actor, activity=activity, marks=marks)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Kehadiran %(n)s peserta dicatat.") % {"n": len(recorded)})
            return redirect("activity_rollcall", activity_id=activity.id)
    rows = selectors.participants(actor=actor, activity=activity)
    context = {
        "activity": activity, "rows": rows, "errors": errors,
        "open": any(r.attendance is None for r in rows), "started": activity.starts_at <= timezone.now(),
        "staff": services.is_bapas_staff_of(actor, activity.bapas_id),
    }  # fmt: skip
    return render(request, "activities/rollcall.html", context, status=400 if errors else 200)


@require_GET
@login_required
def activity_sheet(request, activity_id: int):
    actor = request.user
    activity = selectors.activity_get_for(actor=actor, activity_id=activity_id)
    rows = selectors.participants(actor=actor, activity=activity)
    content = render_pdf(
        "activities/pdf/sign_in_sheet.html", {"activity": activity, "rows": rows, "unit": activity.bapas}
    )
    filename = f"daftar-hadir-{activity.starts_at:%Y%m%d}-{safe_filename(activity.topic)[:40]}.pdf"
    return pdf_response(content, filename=filename)
