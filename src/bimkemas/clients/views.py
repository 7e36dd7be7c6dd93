from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bimkemas.audit.services import audit_record
from bimkemas.cases.selectors import case_get_for, case_in_team
from bimkemas.clients.forms import PersonForm, PersonPhotoForm, apply_service_errors
from bimkemas.clients.nik import nik_check
from bimkemas.clients.photos import photo_content_type
from bimkemas.clients.selectors import person_photo_get_for
from bimkemas.clients.services import person_update
from bimkemas.core.access import bapas_staff_required


@bapas_staff_required
def person_edit(request, case_id: int):
    """Edit the person of a case (pendaftaran data). Ended cases are read-only."""
    actor = request.user
    case = case_get_for(actor=actor, case_id=case_id, for_update=True)
    if not case.is_active:
        messages.info(request, _("Kasus sudah berakhir dan hanya dapat dibaca."))
        return redirect("case_detail", case_id=case.id)
    if case.is_child and not case_in_team(case, actor):
        raise PermissionDenied
    person = case.person
    posted = request.method == "POST"
    form = PersonForm(request.POST if posted else None, prefix="p", initial=PersonForm.initial_for(person))
    photo_form = PersonPhotoForm(request.POST if posted else None, request.FILES or None, prefix="f")
    if posted and all([form.is_valid(), photo_form.is_valid()]):
        try:
            person_update(actor=actor, person=person, data=form.to_data(),
                          photo=photo_form.cleaned_data["photo"], photo_clear=photo_form.cleaned_data["photo_clear"])  # fmt: skip
        except ValidationError as exc:
            _show_errors(form, photo_form, exc)
        else:
            messages.success(request, _("Data klien disimpan."))
            return redirect("case_detail", case_id=case.id)
    context = {"form": form, "photo_form": photo_form, "case": case, "person": person}
    return render(request, "clients/person_edit.html", context)


def _show_errors(form: PersonForm, photo_form: PersonPhotoForm, exc: ValidationError) -> None:
    """A service error on the photo goes to the photo field, the others to the person form."""
    if not hasattr(exc, "error_dict"):
        apply_service_errors(form, exc)
        return
    errors = exc.message_dict
    for message in errors.pop("photo", []):
        photo_form.add_error("photo", message)
    if errors:
        apply_service_errors(form, ValidationError(errors))


@bapas_staff_required
def nik_feedback(request):
    """htmx partial: the NIK structure check as the user types."""
    raw = request.GET.get("p-nik", "")
    result = nik_check(raw) if raw.strip() else None
    return render(request, "clients/_nik_feedback.html", {"result": result})


@require_GET
@login_required
def person_photo(request, person_id: int):
    """The client's photo, streamed only to those who may see the client's name (clients.selectors); 404 for
    anyone else. Never public media. A partner's viewing is audited."""
    actor = request.user
    record = person_photo_get_for(actor=actor, person_id=person_id)
    try:
        handle = record.image.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    if actor.is_partner:
        audit_record(actor=actor, action="view", obj=record.person, context="person_photo")
    response = FileResponse(handle, content_type=photo_content_type(record.image.name))
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
