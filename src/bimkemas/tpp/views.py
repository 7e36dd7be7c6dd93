"""Sidang TPP pages: the session list, plan/edit, the session page (agenda, members, attendance, finalise,
cancel), the recommendation form of one agenda item, the minutes PDF and the TPP history of a case."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bimkemas.audit.services import audit_record
from bimkemas.cases.documents import bapas_today
from bimkemas.cases.models import Case
from bimkemas.cases.selectors import case_display_name, case_get_for
from bimkemas.core.access import bapas_lead_required, bapas_staff_required
from bimkemas.core.pdf import pdf_response
from bimkemas.tpp import services
from bimkemas.tpp.forms import CancelForm, ItemAddForm, ItemForm, MemberForm, SearchForm, SessionForm
from bimkemas.tpp.models import BoardRole, Purpose, SessionStatus, TppMember
from bimkemas.tpp.pdf import minutes_filename, render_minutes_pdf
from bimkemas.tpp.selectors import (
    FILLED,
    is_bapas_staff,
    may_view_tpp,
    next_sessions,
    revocation_notes,
    tpp_case_candidates,
    tpp_item_get_for,
    tpp_items_for_case,
    tpp_session_get_for,
    tpp_session_items,
    tpp_sessions_for,
)


def tpp_viewer_required(view):
    """Bapas staff, or Kanwil/Ditjenpas staff (read-only)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_view_tpp(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _session_for_lead(request, tpp_id: int):
    """The session, for a lead of its Bapas (other Bapas: 404; PKs and offices: 403)."""
    session = tpp_session_get_for(actor=request.user, session_id=tpp_id)
    if not services.is_lead_of(request.user, session.bapas_id):
        raise PermissionDenied
    return session


def _today(request):
    bapas = request.user.bapas
    return bapas_today(bapas) if bapas else None


# --- list, create, edit ---------------------------------------------------------------------------------


@tpp_viewer_required
@require_GET
def tpp_list(request):
    from django.utils import timezone

    today = _today(request) or timezone.localdate()
    status = request.GET.get("status", "")
    status = status if status in SessionStatus.values else ""
    when = request.GET.get("when", "")
    when = when if when in ("upcoming", "past") else ""
    query = request.GET.get("q", "").strip()[:100]
    sessions = tpp_sessions_for(actor=request.user, status=status, when=when, query=query, today=today)
    page = Paginator(sessions, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "when": when,
        "q": query,
        "statuses": SessionStatus.choices,
        "upcoming": next_sessions(actor=request.user, today=today) if not (status or when or query) else [],
        "filtered": bool(status or when or query),
        "can_create": bool(request.user.bapas and request.user.is_bapas_lead),
        "show_bapas": not is_bapas_staff(request.user),
        "today": today,
    }
    return render(request, "tpp/session_list.html", context)


def _session_kwargs(data: dict) -> dict:
    return {k: data.get(k) for k in ("date", "time", "place", "chair", "secretary", "notes")}


@bapas_lead_required
@require_http_methods(["GET", "POST"])
def tpp_new(request):
    bapas = request.user.bapas
    bound = request.method == "POST"
    form = SessionForm(request.POST if bound else None, bapas=bapas,
                       initial={"place": _("Ruang Sidang TPP %(unit)s") % {"unit": bapas.name}})  # fmt: skip
    if bound and form.is_valid():
        try:
            session = services.tpp_session_create(actor=request.user, **_session_kwargs(form.cleaned_data))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Sidang TPP %(number)s direncanakan.") % {"number": session.number})
            return redirect("tpp_detail", tpp_id=session.id)
    return render(
        request, "tpp/session_form.html", {"form": form, "session": None}, status=400 if bound else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def tpp_edit(request, tpp_id: int):
    session = _session_for_lead(request, tpp_id)
    if not session.is_planned:
        messages.error(request, _("Sidang ini sudah final atau dibatalkan dan hanya dapat dibaca."))
        return redirect("tpp_detail", tpp_id=session.id)
    bound = request.method == "POST"
    initial = {"date": session.date, "time": session.time, "place": session.place, "chair": session.chair,
               "secretary": session.secretary, "notes": session.notes}  # fmt: skip
    form = SessionForm(request.POST if bound else None, bapas=session.bapas, initial=initial)
    if bound and form.is_valid():
        try:
            services.tpp_session_update(
                actor=request.user, session=session, **_session_kwargs(form.cleaned_data)
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Data sidang disimpan."))
            return redirect("tpp_detail", tpp_id=session.id)
    return render(
        request, "tpp/session_form.html", {"form": form, "session": session}, status=400 if bound else 200
    )


# --- the session page -----------------------------------------------------------------------------------


def _detail_context(request, session, **forms) -> dict:
    actor = request.user
    lead = services.is_lead_of(actor, session.bapas_id)
    editable = lead and session.is_planned
    search = SearchForm(request.GET or None)
    query = search.data.get("q", "").strip() if search.is_bound else ""
    members = list(session.members.select_related("user").order_by("id"))
    order = {BoardRole.CHAIR: 0, BoardRole.SECRETARY: 1}
    members.sort(key=lambda m: (order.get(m.board_role, 2), m.id))
    context = {
        "session": session,
        "rows": tpp_session_items(actor=actor, session=session),
        "members": members,
        "present_count": sum(1 for m in members if m.present),
        "lead": lead,
        "editable": editable,
        "show_names": is_bapas_staff(actor),
        "search": search,
        "query": query,
        "candidates": tpp_case_candidates(actor=actor, session=session, query=query) if editable else [],
        "purpose_choices": ItemAddForm.base_fields["purpose"].choices,
        "member_form": MemberForm(bapas=session.bapas) if editable else None,
        "cancel_form": CancelForm() if editable else None,
        "problems": services.finalise_problems(session, actor=actor) if editable else [],
        "errors": [],
    }
    context.update(forms)
    return context


@tpp_viewer_required
@require_GET
def tpp_detail(request, tpp_id: int):
    session = tpp_session_get_for(actor=request.user, session_id=tpp_id)
    audit_record(actor=request.user, action="view", obj=session, context=request.path)
    context = _detail_context(request, session)
    if request.htmx and request.htmx.target == "case-results":
        return render(request, "tpp/_case_results.html", context)
    return render(request, "tpp/session_detail.html", context)


def _error_list(exc: ValidationError) -> list[str]:
    return exc.messages


def _add_errors(form, exc: ValidationError) -> None:
    """A service's errors on the form: on the field they name when the form has it, else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _rerender(request, session, status=400, **extra):
    return render(
        request, "tpp/session_detail.html", _detail_context(request, session, **extra), status=status
    )


@login_required
@require_POST
def tpp_item_add(request, tpp_id: int):
    session = _session_for_lead(request, tpp_id)
    form = ItemAddForm(request.POST)
    if form.is_valid():
        case = Case.objects.filter(id=form.cleaned_data["case"]).select_related("officer").first()
        if case is None:
            form.add_error("case", _("Klien yang dipilih tidak ditemukan."))
        else:
            try:
                item = services.tpp_item_add(
                    actor=request.user, session=session, case=case, purpose=form.cleaned_data["purpose"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("%(register)s ditambahkan ke agenda (%(purpose)s).")
                                 % {"register": case.register_number, "purpose": item.get_purpose_display()})  # fmt: skip
                if item.purpose == Purpose.REVOCATION:
                    note = revocation_notes(actor=request.user, session=session, items=[item])[item.id]
                    (messages.info if note.ok else messages.warning)(request, note.text)
                return redirect(f"{_detail_url(session)}#item-{item.id}")
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    return _rerender(request, session, errors=errors)


@login_required
@require_POST
def tpp_item_remove(request, tpp_item_id: int):
    item = tpp_item_get_for(actor=request.user, item_id=tpp_item_id)
    if not services.is_lead_of(request.user, item.session.bapas_id):
        raise PermissionDenied
    try:
        services.tpp_item_remove(actor=request.user, item=item)
    except ValidationError as exc:
        return _rerender(request, item.session, errors=_error_list(exc))
    messages.success(
        request, _("%(register)s dihapus dari agenda.") % {"register": item.case.register_number}
    )
    return redirect("tpp_detail", tpp_id=item.session.id)


@login_required
@require_POST
def tpp_item_move(request, tpp_item_id: int):
    item = tpp_item_get_for(actor=request.user, item_id=tpp_item_id)
    if not services.is_lead_of(request.user, item.session.bapas_id):
        raise PermissionDenied
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return _rerender(request, item.session, errors=[_("Pilih arah pemindahan agenda: naik atau turun.")])
    try:
        services.tpp_item_move(actor=request.user, item=item, offset=-1 if direction == "up" else 1)
    except ValidationError as exc:
        return _rerender(request, item.session, errors=_error_list(exc))
    return redirect(f"{_detail_url(item.session)}#item-{item.id}")


def _detail_url(session) -> str:
    from django.urls import reverse

    return reverse("tpp_detail", kwargs={"tpp_id": session.id})


@login_required
@require_http_methods(["GET", "POST"])
def tpp_item_edit(request, tpp_item_id: int):
    item = tpp_item_get_for(actor=request.user, item_id=tpp_item_id)
    session = item.session
    if not services.may_edit_item(request.user, item):
        raise PermissionDenied
    if not session.is_planned:
        messages.error(request, _("Sidang ini sudah final atau dibatalkan dan hanya dapat dibaca."))
        return redirect("tpp_detail", tpp_id=session.id)
    lead = services.is_lead_of(request.user, session.bapas_id)
    bound = request.method == "POST"
    initial = {"purpose": item.purpose, "presenter": item.presenter, "discussion": item.discussion,
               "recommendation": item.recommendation, "decision": item.decision}  # fmt: skip
    form = ItemForm(request.POST if bound else None, bapas=session.bapas, lead=lead, initial=initial)
    if bound and form.is_valid():
        data = form.cleaned_data
        extra = {}
        if lead:
            extra = {"decision": data["decision"], "purpose": data["purpose"], "presenter": data["presenter"],
                     "set_presenter": True}  # fmt: skip
        try:
            services.tpp_item_record(actor=request.user, item=item, discussion=data["discussion"],
                                     recommendation=data["recommendation"], **extra)  # fmt: skip
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Pembahasan dan rekomendasi %(register)s disimpan.")
                             % {"register": item.case.register_number})  # fmt: skip
            return redirect(f"{_detail_url(session)}#item-{item.id}")
    from bimkemas.tpp.selectors import client_name_for

    note = revocation_notes(actor=request.user, session=session, items=[item]).get(item.id)
    context = {"item": item, "session": session, "form": form, "lead": lead,
               "name": client_name_for(item.case, request.user), "revocation": note}  # fmt: skip
    return render(request, "tpp/item_form.html", context, status=400 if bound else 200)


@login_required
@require_POST
def tpp_member_add(request, tpp_id: int):
    session = _session_for_lead(request, tpp_id)
    form = MemberForm(request.POST, bapas=session.bapas)
    if form.is_valid():
        try:
            member = services.tpp_member_add(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s ditambahkan sebagai anggota.") % {"name": member.name})
            return redirect(f"{_detail_url(session)}#members")
    return _rerender(request, session, member_form=form)


@login_required
@require_POST
def tpp_member_remove(request, tpp_member_id: int):
    session_id = TppMember.objects.filter(id=tpp_member_id).values_list("session_id", flat=True).first()
    if session_id is None:
        raise Http404
    session = _session_for_lead(request, session_id)
    member = TppMember.objects.get(id=tpp_member_id)
    try:
        services.tpp_member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        return _rerender(request, session, errors=_error_list(exc))
    messages.success(request, _("%(name)s dihapus dari anggota.") % {"name": member.name})
    return redirect(f"{_detail_url(session)}#members")


@login_required
@require_POST
def tpp_attendance(request, tpp_id: int):
    session = _session_for_lead(request, tpp_id)
    ids = [v for v in request.POST.getlist("present") if v.isdigit()]
    try:
        n = services.tpp_attendance_record(
            actor=request.user, session=session, present_ids=[int(v) for v in ids]
        )
    except ValidationError as exc:
        return _rerender(request, session, errors=_error_list(exc))
    messages.success(request, _("Daftar hadir disimpan: %(n)d anggota hadir.") % {"n": n})
    return redirect(f"{_detail_url(session)}#members")


@login_required
@require_POST
def tpp_finalise(request, tpp_id: int):
    session = _session_for_lead(request, tpp_id)
    try:
        session = services.tpp_session_finalise(actor=request.user, session=session)
    except ValidationError as exc:
        return _rerender(request, session, errors=[_("Berita acara belum dapat difinalkan:"), *exc.messages])
    messages.success(request, _("Berita acara sidang %(number)s final. Rekomendasi dicatat di riwayat klien.")
                     % {"number": session.number})  # fmt: skip
    rows = tpp_session_items(actor=request.user, session=session)
    filled = sum(1 for row in rows if row.revocation and row.revocation.kind == FILLED)
    if filled:
        messages.success(request, ngettext("Langkah TPP diisi pada %(n)d pencabutan.",
                                           "Langkah TPP diisi pada %(n)d pencabutan.", filled) % {"n": filled})  # fmt: skip
    return redirect("tpp_detail", tpp_id=session.id)


@login_required
@require_POST
def tpp_cancel(request, tpp_id: int):
    session = _session_for_lead(request, tpp_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.tpp_session_cancel(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Sidang %(number)s dibatalkan.") % {"number": session.number})
            return redirect("tpp_detail", tpp_id=session.id)
    return _rerender(request, session, cancel_form=form)


@tpp_viewer_required
@require_GET
def tpp_minutes_pdf(request, tpp_id: int):
    session = tpp_session_get_for(actor=request.user, session_id=tpp_id)
    content = render_minutes_pdf(session, request.user)
    audit_record(actor=request.user, action="export", obj=session, context=request.path)
    return pdf_response(content, filename=minutes_filename(session), inline=False)


# --- the case's TPP history -----------------------------------------------------------------------------


@bapas_staff_required
@require_GET
def case_tpp(request, case_id: int):
    case = case_get_for(actor=request.user, case_id=case_id)
    audit_record(actor=request.user, action="view", obj=case, context=request.path)
    items = list(tpp_items_for_case(actor=request.user, case=case)[:200])
    context = {"case": case, "name": case_display_name(case, request.user), "items": items}
    return render(request, "tpp/case_tpp.html", context)
