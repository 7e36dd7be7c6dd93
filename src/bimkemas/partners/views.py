"""Partner pages for the Bapas leads: list, register/edit, agreements with their document, partner users."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bimkemas.clients.forms import apply_service_errors
from bimkemas.core.access import bapas_lead_required
from bimkemas.partners import selectors, services
from bimkemas.partners.forms import AgreementForm, PartnerForm, PartnerUserForm
from bimkemas.partners.models import AgreementStatus, Field, warning_days

FLAGS = [
    (AgreementStatus.EXPIRING, gettext_lazy("Perjanjian akan berakhir")),
    (AgreementStatus.EXPIRED, gettext_lazy("Perjanjian sudah berakhir")),
    ("none", gettext_lazy("Belum ada perjanjian")),
    (AgreementStatus.ACTIVE, gettext_lazy("Perjanjian berlaku")),
    ("inactive", gettext_lazy("Mitra nonaktif")),
]


@require_GET
@bapas_lead_required
def partner_list(request):
    actor, params = request.user, request.GET
    today = timezone.localdate()
    qs = selectors.partner_list(actor=actor, query=params.get("q", ""), field=params.get("field", ""),
                                flag=params.get("flag", ""), today=today)  # fmt: skip
    page = Paginator(qs.annotate(member_count=Count("members", distinct=True)), 25).get_page(
        params.get("page")
    )
    days = warning_days()
    rows = [{"partner": p, "flag": selectors.partner_flag(p.latest_end, p.has_current, today, days)}
            for p in page.object_list]  # fmt: skip
    context = {
        "page": page, "rows": rows, "filters": params, "field_choices": Field.choices, "flags": FLAGS,
        "expiring": selectors.agreements_expiring(actor=actor, today=today)[:5], "days": days,
    }  # fmt: skip
    template = "partners/_partner_table.html" if request.htmx else "partners/partner_list.html"
    return render(request, template, context)


@bapas_lead_required
def partner_create_view(request):
    actor = request.user
    form = PartnerForm(request.POST or None, bapas=actor.bapas, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(actor=actor, bapas=actor.bapas, data=form.to_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Mitra %(name)s terdaftar.") % {"name": partner.name})
            return redirect("partner_detail", partner_id=partner.id)
    return render(request, "partners/partner_form.html", {"form": form, "partner": None})


@bapas_lead_required
def partner_edit(request, partner_id: int):
    actor = request.user
    partner = selectors.partner_get_for(actor=actor, partner_id=partner_id)
    form = PartnerForm(request.POST or None, bapas=actor.bapas, initial=PartnerForm.initial_for(partner))
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(actor=actor, partner=partner, data=form.to_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Data mitra disimpan."))
            return redirect("partner_detail", partner_id=partner.id)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@require_GET
@bapas_lead_required
def partner_detail(request, partner_id: int):
    partner = selectors.partner_get_for(actor=request.user, partner_id=partner_id)
    context = {
        "partner": partner,
        "agreements": selectors.partner_agreements(partner=partner),
        "members": partner.members.select_related("user").order_by("user__username"),
        "area": partner.area.order_by("code"),
    }
    return render(request, "partners/partner_detail.html", context)


@bapas_lead_required
def agreement_create_view(request, partner_id: int):
    actor = request.user
    partner = selectors.partner_get_for(actor=actor, partner_id=partner_id)
    form = AgreementForm(request.POST or None, request.FILES or None, initial={"field_codes": partner.fields})
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(actor=actor, partner=partner, data=form.to_data(),
                                                  document=form.cleaned_data.get("document"))  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Perjanjian %(number)s terdaftar.") % {"number": agreement.number})
            return redirect("partner_detail", partner_id=partner.id)
    if form.errors and request.FILES:
        form.add_error(
            "document", _("Pilih lagi berkas PDF-nya: berkas tidak disimpan karena ada isian yang salah.")
        )
    return render(request, "partners/agreement_form.html", {"form": form, "partner": partner})


@never_cache
@bapas_lead_required
def partner_user_create_view(request, partner_id: int):
    """Create a partner login; the initial password is shown once, in the answer to the POST."""
    actor = request.user
    partner = selectors.partner_get_for(actor=actor, partner_id=partner_id)
    form = PartnerUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, password = services.partner_user_create(
                actor=actor, partner=partner, username=d["username"], full_name=d["full_name"],
                email=d["email"], password=d["password"],
            )  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return render(request, "partners/partner_user_created.html",
                          {"partner": partner, "account": user, "password": password,
                           "generated": not d["password"]})  # fmt: skip
    return render(request, "partners/partner_user_form.html", {"form": form, "partner": partner})


@require_GET
@bapas_lead_required
def agreements_expiring_view(request):
    """Perjanjian akan berakhir: the Kasi's list (an htmx request gets the panel alone, for dashboards)."""
    agreements = selectors.agreements_expiring(actor=request.user)
    context = {"agreements": agreements, "days": warning_days(), "today": timezone.localdate()}
    template = "partners/_expiring_panel.html" if request.htmx else "partners/agreements_expiring.html"
    return render(request, template, context)


@require_GET
@login_required
def agreement_document(request, agreement_id: int):
    """The signed document: for the leads of its Bapas and the partner's own users; 404 for anyone else."""
    agreement = selectors.agreement_get_for(actor=request.user, agreement_id=agreement_id)
    try:
        handle = agreement.document.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    name = agreement.document_name or f"{agreement.number}.pdf"
    response = FileResponse(handle, content_type="application/pdf", filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
