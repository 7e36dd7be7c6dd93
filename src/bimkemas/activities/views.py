"""Activity pages: Bapas staff (list, create, detail with enrolment) and, for both staff and a partner's
users, the roll-call and the printable sign-in sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bimkemas.activities import selectors, services
from bimkemas.activities.forms import ActivityForm, EnrolForm
from bimkemas.cases.selectors import case_display_name
from bimkemas.clients.forms import apply_service_errors
from bimkemas.core.access import bapas_staff_required
from bimkemas.core.pdf import pdf_response, render_pdf, safe_filename


def _enrol_form(request, activity, data=None) -> EnrolForm:
    candidates = selectors.enrol_candidates(actor=request.user, activity=activity)
    pairs = [(c, f"{case_display_name(c, request.user)} · {c.register_number}") for c in candidates]
    return EnrolForm(data, candidates=pairs)


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


@require_GET
@login_required
def activity_detail(request, activity_id: int):
    actor = request.user
    activity = selectors.activity_get_for(actor=actor, activity_id=activity_id)
    staff = services.is_bapas_staff_of(actor, activity.bapas_id)
    rows = selectors.participants(actor=actor, activity=activity)
    context = {
        "activity": activity, "rows": rows, "staff": staff,
        "enrol_form": _enrol_form(request, activity) if staff and not activity.cancelled else None,
        "left": max(activity.capacity - len(rows), 0),
    }  # fmt: skip
    return render(request, "activities/activity_detail.html", context)


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
    rows = selectors.participants(actor=actor, activity=activity)
    context = {"activity": activity, "rows": rows, "staff": True, "enrol_form": form,
               "left": max(activity.capacity - len(rows), 0)}  # fmt: skip
    return render(request, "activities/activity_detail.html", context, status=400)


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
