from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bimkemas.cases.selectors import case_get_for, case_in_team
from bimkemas.clients.forms import PersonForm, apply_service_errors
from bimkemas.clients.nik import nik_check
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
    form = PersonForm(request.POST or None, prefix="p", initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            person_update(actor=actor, person=person, data=form.to_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Data klien disimpan."))
            return redirect("case_detail", case_id=case.id)
    return render(request, "clients/person_edit.html", {"form": form, "case": case, "person": person})


@bapas_staff_required
def nik_feedback(request):
    """htmx partial: the NIK structure check as the user types."""
    raw = request.GET.get("p-nik", "")
    result = nik_check(raw) if raw.strip() else None
    return render(request, "clients/_nik_feedback.html", {"result": result})
