"""Caseload, case page, penerimaan + pendaftaran, PK assignment, restriction and pengakhiran."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bimkemas.audit.services import audit_record
from bimkemas.cases import selectors
from bimkemas.cases.forms import CaseForm, EndCaseForm, RestrictForm
from bimkemas.cases.models import ACTIVE_STATUSES, Case, ClientGroup, Programme, Status
from bimkemas.cases.phases import phase_on, phase_schedule
from bimkemas.cases.presenters import describe
from bimkemas.cases.services import (
    case_assign,
    case_end,
    case_receive,
    case_register,
    case_restrict,
    case_update,
)
from bimkemas.clients.forms import PersonForm, RegistrationPhotoForm, apply_service_errors
from bimkemas.clients.models import Person
from bimkemas.clients.services import (
    person_create,
    person_duplicates,
    person_photo_set,
    photo_held_discard,
    photo_hold,
)
from bimkemas.core.access import bapas_lead_required, bapas_staff_required
from bimkemas.org.models import BAPAS_LEAD_ROLES, Role, User, role_q
from bimkemas.org.selectors import staff_secondments, staff_supervisors


def _next_obligations(cases, today) -> dict:
    from bimkemas.contacts.selectors import next_obligation  # contacts builds on cases

    return next_obligation([c.id for c in cases], today=today)


def _rows(cases, actor, today):
    rows = []
    obligations = _next_obligations(cases, today)
    for case in cases:
        restricted = case.restricted and selectors.case_restricted_for(case, actor)
        rows.append({
            "case": case,
            "name": selectors.case_display_name(case, actor, restricted=restricted),
            "restricted": restricted,
            **describe(case, today, obligations.get(case.id)),
        })  # fmt: skip
    return rows


def _timeline(case, limit: int = 200) -> list:
    """Case events and contacts (calls, visits, check-ins, attendance) in one list, newest first."""
    from bimkemas.contacts.selectors import case_contacts

    events = list(selectors.case_timeline(case=case)[:limit])
    contacts = list(case_contacts(case)[:limit])
    for contact in contacts:
        contact.at = contact.occurred_at
    return sorted(events + contacts, key=lambda item: item.at, reverse=True)[:limit]


@bapas_staff_required
def caseload(request):
    actor = request.user
    today = timezone.localdate()
    params = request.GET
    pk_id = params.get("pk") if actor.is_bapas_lead else None
    qs = selectors.caseload_list(
        actor=actor,
        query=params.get("q", ""),
        programme=params.get("programme", ""),
        status=params.get("status", "active"),
        client_group=params.get("group", ""),
        pk_id=int(pk_id) if pk_id and pk_id.isdigit() else None,
        unassigned=params.get("pk") == "none",
    )
    page = Paginator(qs, 25).get_page(params.get("page"))
    context = {
        "page": page,
        "rows": _rows(page.object_list, actor, today),
        "programmes": Programme.choices,
        "groups": ClientGroup.choices,
        "statuses": Status.choices,
        "supervisors": staff_supervisors(bapas=actor.bapas, today=today) if actor.is_bapas_lead else [],
        "filters": params,
        "querystring": "&".join(f"{k}={v}" for k, v in params.items() if k != "page"),
    }
    template = "cases/_caseload_table.html" if request.htmx else "cases/caseload.html"
    return render(request, template, context)


@bapas_staff_required
def case_detail(request, case_id: int):
    actor = request.user
    case = selectors.case_get_for(actor=actor, case_id=case_id)
    today = timezone.localdate()
    audit_record(actor=actor, action="view", obj=case, context=request.path)
    audit_record(actor=actor, action="view", obj=case.person, context=request.path)
    in_team = selectors.case_in_team(case, actor)
    masked = case.is_child and not in_team
    other_cases = [
        c for c in selectors.person_cases(actor=actor, person_id=case.person_id) if c.id != case.id
    ]
    context = {
        "case": case,
        "person": case.person,
        "name": selectors.case_display_name(case, actor),
        "masked": masked,
        "in_team": in_team,
        "phases": phase_schedule(case.period_start, case.period_end, case.after_care_end),
        "current_phase": phase_on(case.period_start, case.period_end, today) if case.is_active else None,
        "info": describe(case, today, _next_obligations([case], today).get(case.id)),
        "timeline": _timeline(case),
        "assignments": case.assignments.select_related("officer", "assigned_by"),
        "other_cases": other_cases,
        "previous_case": case.previous_case,
        "can_manage": actor.is_bapas_lead and actor.unit_id == case.bapas_id,
        "supervisors": staff_supervisors(bapas=case.bapas, today=today) if actor.is_bapas_lead else [],
        "can_end": case.is_active
        and ((actor.is_bapas_lead and actor.unit_id == case.bapas_id) or case.officer_id == actor.id),
        "can_restrict": actor.is_kepala and actor.unit_id == case.bapas_id,
        "can_edit": case.is_active and not masked,
    }
    return render(request, "cases/case_detail.html", context)


def _duplicates_for(form: PersonForm):
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    return person_duplicates(
        nik=data.get("nik"), name=data.get("name", ""), birth_date=data.get("birth_date")
    )


def _existing_chosen(value: str, form: PersonForm) -> Person | None:
    """The person picked as "the same person": only one of the possible duplicates of the data entered
    (never any person id sent by hand)."""
    if not value.isdigit() or not form.is_valid():
        return None
    return next((p for p in _duplicates_for(form) if p.id == int(value)), None)


@bapas_staff_required
def case_receive_view(request):
    """Penerimaan + pendaftaran in one form, with the duplicate check before a new person is created. An
    optional photo is checked with the rest, kept across re-displays, and attached last in the same
    transaction."""
    actor = request.user
    posted = request.method == "POST"
    person_form = PersonForm(request.POST or None, prefix="p")
    case_form = CaseForm(request.POST or None, prefix="c", initial={"handover_date": timezone.localdate()})
    photo_form = RegistrationPhotoForm(
        request.POST if posted else None, request.FILES or None, prefix="f", actor=actor
    )
    duplicates = []
    existing = None
    if posted:
        existing_id = request.POST.get("existing_person")
        if existing_id:
            existing = _existing_chosen(existing_id, person_form)
            if existing is None:
                person_form.add_error(None, _("Klien yang dipilih tidak termasuk kemungkinan data ganda untuk "
                                              "data yang diisi. Periksa data lalu pilih lagi."))  # fmt: skip
        person_ok = existing is not None or (person_form.is_valid() and not existing_id)
        if all([case_form.is_valid(), person_ok, photo_form.is_valid()]):
            if existing is None:
                duplicates = _duplicates_for(person_form)
            if duplicates and not request.POST.get("confirm_new"):
                messages.warning(request, _("Periksa dulu: mungkin orang ini sudah terdaftar."))
            else:
                try:
                    with transaction.atomic():
                        person = existing or person_create(actor=actor, data=person_form.to_data())
                        case = case_receive(actor=actor, person=person, data=case_form.to_data())
                        case_register(actor=actor, case=case)
                        photo = photo_form.photo_for_save()
                        if photo is not None:
                            person_photo_set(actor=actor, person=person, photo=photo)
                        if photo_form.held is not None:
                            held = photo_form.held
                            transaction.on_commit(lambda: photo_held_discard(held))
                except ValidationError as exc:
                    _split_errors(exc, person_form, case_form, photo_form)
                else:
                    messages.success(
                        request,
                        _("Klien diterima dengan nomor register %(reg)s.") % {"reg": case.register_number},
                    )
                    return redirect("case_detail", case_id=case.id)
    context = {
        "person_form": person_form,
        "case_form": case_form,
        "photo_form": photo_form,
        "photo_held": _photo_kept(photo_form, actor),
        "duplicates": [_dup_row(p, actor) for p in duplicates],
        "existing": existing,
    }
    return render(request, "cases/receive.html", context, status=200)


def _photo_kept(photo_form: RegistrationPhotoForm, actor: User):
    """The form is shown again: keep a valid new upload server-side (replacing a held one), drop a held photo
    the user removed, and return the held photo to carry on (or None)."""
    if not photo_form.is_bound:
        return None
    data = getattr(photo_form, "cleaned_data", {})
    held = photo_form.held
    if data.get("photo") and not photo_form.has_error("photo"):
        if held is not None:
            photo_held_discard(held)
        return photo_hold(actor=actor, photo=data["photo"])
    if held is not None and data.get("photo_discard"):
        photo_held_discard(held)
        return None
    return held


def _split_errors(
    exc: ValidationError, person_form: PersonForm, case_form: CaseForm, photo_form: RegistrationPhotoForm
) -> None:
    """Service errors go to the form holding the field; the rest to the case form's top."""
    for field, msgs in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        if field == "photo":
            form = photo_form
        else:
            form = person_form if field in person_form.fields else case_form
        for m in msgs:
            form.add_error(field if field in form.fields else None, m)


def _dup_row(person: Person, actor: User) -> dict:
    visible = list(selectors.person_cases(actor=actor, person_id=person.id)[:5])
    all_cases = list(person.cases.select_related("bapas").order_by("-handover_date")[:5])
    return {
        "person": person,
        "visible_cases": visible,
        "other_bapas": sorted({c.bapas.name for c in all_cases if c not in visible}),
        "active": any(c.status in ACTIVE_STATUSES for c in all_cases),
    }


@bapas_staff_required
def duplicate_check(request):
    """htmx partial: likely existing persons for the NIK / name + birth date being typed."""
    form = PersonForm(request.GET, prefix="p")
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    dups = person_duplicates(
        nik=data.get("nik"), name=data.get("name", ""), birth_date=data.get("birth_date")
    )
    return render(
        request,
        "cases/_duplicates.html",
        {"duplicates": [_dup_row(p, request.user) for p in dups], "live": True},
    )


@bapas_staff_required
def case_edit(request, case_id: int):
    actor = request.user
    case = selectors.case_get_for(actor=actor, case_id=case_id, for_update=True)
    if not (case.officer_id == actor.id or (actor.is_bapas_lead and actor.unit_id == case.bapas_id)):
        raise PermissionDenied
    form = CaseForm(request.POST or None, prefix="c", initial=CaseForm.initial_for(case))
    form.fields["programme"].disabled = True
    form.fields["client_group"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            case_update(actor=actor, case=case, data=form.to_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Data kasus disimpan."))
            return redirect("case_detail", case_id=case.id)
    return render(request, "cases/case_edit.html", {"form": form, "case": case})


@bapas_lead_required
def assignments(request):
    """The Kasi's view: every PK/APK with caseload, rank and BKO status; bulk (re)assignment."""
    actor = request.user
    bapas = actor.bapas
    today = timezone.localdate()
    supervisors = list(staff_supervisors(bapas=bapas, today=today))
    bko = staff_secondments(users=[s.id for s in supervisors], today=today)
    active = Case.objects.filter(bapas=bapas, status__in=ACTIVE_STATUSES).count()
    params = request.GET
    qs = selectors.caseload_list(
        actor=actor,
        query=params.get("q", ""),
        programme=params.get("programme", ""),
        unassigned=params.get("show", "unassigned") == "unassigned",
        pk_id=int(params["pk"]) if params.get("pk", "").isdigit() else None,
    )
    if params.get("import", "").isdigit():
        qs = qs.filter(import_batch_id=int(params["import"]))
    page = Paginator(qs, 50).get_page(params.get("page"))
    context = {
        "supervisors": [{"user": s, "bko": bko.get(s.id)} for s in supervisors],
        "active": active,
        "ratio": round(active / len(supervisors)) if supervisors else None,
        "page": page,
        "rows": _rows(page.object_list, actor, today),
        "filters": params,
        "programmes": Programme.choices,
        "querystring": "&".join(f"{k}={v}" for k, v in params.items() if k != "page"),
    }
    return render(request, "cases/assignments.html", context)


@require_POST
@bapas_lead_required
def assign(request):
    actor = request.user
    ids = [int(i) for i in request.POST.getlist("case") if i.isdigit()]
    pk_id = request.POST.get("officer", "")
    back = request.POST.get("next") or reverse("assignments")
    if not back.startswith("/"):
        back = reverse("assignments")
    if not ids:
        messages.error(request, _("Pilih minimal satu klien."))
        return redirect(back)
    if not pk_id.isdigit():
        messages.error(request, _("Pilih PK yang akan ditugaskan."))
        return redirect(back)
    cases = list(selectors.case_scope(actor).filter(id__in=ids).select_related("bapas"))
    if len(cases) != len(set(ids)):
        raise PermissionDenied
    officer = get_object_or_404(User, id=int(pk_id))
    try:
        changed = case_assign(
            actor=actor, cases=cases, pk=officer, reason=request.POST.get("reason", "")[:200]
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("%(n)d klien ditugaskan kepada %(pk)s.") % {"n": len(changed), "pk": officer.display_name},
        )
    return redirect(back)


@bapas_staff_required
def case_end_view(request, case_id: int):
    actor = request.user
    case = selectors.case_get_for(actor=actor, case_id=case_id, for_update=True)
    if not ((actor.is_bapas_lead and actor.unit_id == case.bapas_id) or case.officer_id == actor.id):
        raise PermissionDenied
    if not case.is_active:
        messages.info(request, _("Kasus sudah berakhir dan hanya dapat dibaca."))
        return redirect("case_detail", case_id=case.id)
    form = EndCaseForm(request.POST or None, bapas=case.bapas, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case_end(
                actor=actor,
                case=case,
                reason=d["reason"],
                end_date=d["end_date"],
                note=d["note"],
                transfer_to=d["transfer_to"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Kasus %(reg)s diakhiri.") % {"reg": case.register_number})
            return redirect("case_detail", case_id=case.id)
    return render(
        request,
        "cases/case_end.html",
        {"form": form, "case": case, "name": selectors.case_display_name(case, actor)},
    )


@bapas_staff_required
def case_restrict_view(request, case_id: int):
    actor = request.user
    case = selectors.case_get_for(actor=actor, case_id=case_id)
    if not (actor.is_kepala and actor.unit_id == case.bapas_id):
        raise PermissionDenied
    staff_qs = (
        User.objects.filter(unit=case.bapas, is_active=True)
        .filter(role_q(Role.PK, Role.APK, *BAPAS_LEAD_ROLES))
        .order_by("full_name")
    )
    form = RestrictForm(request.POST or None, staff_qs=staff_qs, initial={"staff": case.restricted_to.all()})
    if request.method == "POST" and form.is_valid():
        try:
            case_restrict(
                actor=actor,
                case=case,
                staff=list(form.cleaned_data["staff"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Pengaturan akses kasus disimpan."))
            return redirect("case_detail", case_id=case.id)
    return render(request, "cases/case_restrict.html", {"form": form, "case": case})
