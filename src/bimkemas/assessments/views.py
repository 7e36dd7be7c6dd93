"""A case's risk and needs assessments: list, start, fill (draft → final), result; the instruments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.assessments import selectors
from bimkemas.assessments.definition import GUIDANCE_FIELD_LABELS
from bimkemas.assessments.forms import ITEM_PREFIX, AnswersForm, StartForm
from bimkemas.assessments.models import Instrument
from bimkemas.assessments.presenters import fill_sections, instrument_sections, result_context
from bimkemas.assessments.scoring import bands_of
from bimkemas.assessments.services import assessment_finalise, assessment_save, assessment_start
from bimkemas.audit.services import audit_record
from bimkemas.cases.phases import phase_on
from bimkemas.cases.selectors import case_display_name, case_get_for
from bimkemas.core.access import bapas_staff_required


@bapas_staff_required
def case_assessments(request, case_id: int):
    actor = request.user
    case = case_get_for(actor=actor, case_id=case_id)
    audit_record(actor=actor, action="view", obj=case, context=request.path)
    page = Paginator(selectors.case_assessments(case=case), 20).get_page(request.GET.get("page"))
    return render(request, "assessments/case_assessments.html", {
        "case": case,
        "name": case_display_name(case, actor),
        "page": page,
        "can_write": selectors.assessment_can_write(actor=actor, case=case),
    })  # fmt: skip


@bapas_staff_required
def assessment_start_view(request, case_id: int):
    actor = request.user
    case = case_get_for(actor=actor, case_id=case_id, for_update=request.method == "POST")
    if not selectors.assessment_can_write(actor=actor, case=case):
        messages.warning(request, _("Kasus sudah berakhir dan hanya dapat dibaca."))
        return redirect("case_assessments", case_id=case.id)
    instruments = selectors.instruments_active()
    today = timezone.localdate()
    initial = {"phase": phase_on(case.period_start, case.period_end, today) or "awal"}
    form = StartForm(
        request.POST if request.method == "POST" else None, instruments=instruments, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_start(actor=actor, case=case, instrument=form.cleaned_data["instrument"],
                                          phase=form.cleaned_data["phase"])  # fmt: skip
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return redirect("assessment_fill", assessment_id=assessment.id)
    drafts = selectors.case_assessments(case=case).filter(status="draft", case=case)
    return render(request, "assessments/start.html", {
        "case": case, "name": case_display_name(case, actor), "form": form, "instruments": instruments,
        "drafts": drafts,
    })  # fmt: skip


@bapas_staff_required
def assessment_fill(request, assessment_id: int):
    actor = request.user
    assessment = selectors.assessment_get_for(
        actor=actor, assessment_id=assessment_id, for_update=request.method == "POST"
    )
    if assessment.is_final:
        messages.info(request, _("Asesmen ini sudah final dan hanya dapat dibaca."))
        return redirect("assessment_detail", assessment_id=assessment.id)
    can_write = selectors.assessment_can_write(actor=actor, case=assessment.case)
    definition = assessment.instrument.definition
    initial = AnswersForm.initial_for(assessment.answers, assessment.notes)
    form = AnswersForm(definition, request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and can_write and form.is_valid():
        finalise = request.POST.get("action") == "finalise"
        try:
            assessment = assessment_save(actor=actor, assessment=assessment, answers=form.answers(),
                                         notes=form.cleaned_data["notes"])  # fmt: skip
            if not finalise:
                result = assessment.result()
                messages.success(request, _("Draf disimpan: %(done)d dari %(total)d butir dijawab.")
                                 % {"done": result.answered, "total": len(result.items)})  # fmt: skip
                return redirect("assessment_fill", assessment_id=assessment.id)
            if not form.cleaned_data["confirm"]:
                form.add_error("confirm", _("Centang pernyataan ini untuk memfinalkan asesmen."))
            else:
                assessment_finalise(actor=actor, assessment=assessment)
                messages.success(request, _("Asesmen difinalkan."))
                return redirect("assessment_detail", assessment_id=assessment.id)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = ITEM_PREFIX + field if ITEM_PREFIX + field in form.fields else field
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
            if finalise:
                form.add_error(
                    None, _("Jawaban disimpan sebagai draf, tetapi asesmen belum dapat difinalkan.")
                )
    elif request.method == "GET":
        audit_record(actor=actor, action="view", obj=assessment, context=request.path)
    result = assessment.result()
    return render(request, "assessments/fill.html", {
        "assessment": assessment,
        "case": assessment.case,
        "name": case_display_name(assessment.case, actor),
        "form": form,
        "sections": fill_sections(definition, form),
        "result": result,
        "can_write": can_write,
    })  # fmt: skip


@bapas_staff_required
def assessment_detail(request, assessment_id: int):
    actor = request.user
    assessment = selectors.assessment_get_for(actor=actor, assessment_id=assessment_id)
    audit_record(actor=actor, action="view", obj=assessment, context=request.path)
    if assessment.is_final:
        previous = assessment.previous
    else:
        previous = selectors.previous_final(case=assessment.case, instrument=assessment.instrument,
                                            exclude_id=assessment.id)  # fmt: skip
    return render(request, "assessments/detail.html", {
        "assessment": assessment,
        "case": assessment.case,
        "name": case_display_name(assessment.case, actor),
        "can_write": selectors.assessment_can_write(actor=actor, case=assessment.case),
        **result_context(assessment, previous),
    })  # fmt: skip


@bapas_staff_required
def instrument_list(request):
    return render(request, "assessments/instrument_list.html", {"instruments": selectors.instruments_all()})


@bapas_staff_required
def instrument_detail(request, instrument_id: int):
    instrument = Instrument.objects.filter(id=instrument_id).first()
    if instrument is None:
        raise Http404
    return render(request, "assessments/instrument_detail.html", {
        "instrument": instrument,
        "sections": instrument_sections(instrument.definition),
        "bands": bands_of(instrument.definition["bands"], instrument.definition["max_score"]),
        "guidance_labels": GUIDANCE_FIELD_LABELS,
    })  # fmt: skip
