"""Bimbingan keliling: the site planner page for the Bapas leads, the list of clients near a site, and the
next step — the rounds at the proposed sites with the clients near each invited — with its confirmation."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bimkemas.activities.selectors import mobile_batch
from bimkemas.activities.services import mobile_counselling_invite
from bimkemas.cases.selectors import case_display_name
from bimkemas.clients.forms import apply_service_errors
from bimkemas.core.access import bapas_lead_required
from bimkemas.partners.forms import MobileInviteForm, SitePlannerForm, next_saturday
from bimkemas.partners.selectors_sites import MAX_SITES, clients_near_site, site_proposal


def _proposal(actor, form: SitePlannerForm):
    if not form.is_bound:
        return site_proposal(actor=actor, k=4, mode="clients")
    if form.is_valid():
        return site_proposal(actor=actor, k=form.cleaned_data["k"], mode=form.cleaned_data["candidates"])
    return None


def _planner_context(actor, form: SitePlannerForm, proposal, invite_form=None) -> dict:
    sites = ",".join(row.region.code for row in proposal.rows) if proposal else ""
    if invite_form is None and proposal and proposal.plan and any(r.clients for r in proposal.rows):
        today = dt.datetime.now(ZoneInfo(actor.bapas.timezone or "Asia/Jakarta")).date()
        k = form.cleaned_data["k"] if form.is_bound else 4
        mode = form.cleaned_data["candidates"] if form.is_bound else "clients"
        invite_form = MobileInviteForm(
            initial={"sites": sites, "k": k, "candidates": mode, "date": next_saturday(today)},
            site_rows=proposal.rows,
        )
    return {
        "form": form,
        "proposal": proposal,
        "sites": sites,
        "max_sites": MAX_SITES,
        "invite_form": invite_form,
    }


@require_GET
@bapas_lead_required
def site_planner(request):
    form = SitePlannerForm(
        request.GET if "k" in request.GET else None, initial={"k": 4, "candidates": "clients"}
    )
    context = _planner_context(request.user, form, _proposal(request.user, form))
    return render(request, "partners/site_planner.html", context)


@require_POST
@bapas_lead_required
def site_invite(request):
    """Create the rounds at the proposed sites, enrol and invite the clients nearest each; all or nothing."""
    actor = request.user
    planner = SitePlannerForm(
        {"k": request.POST.get("k") or "4", "candidates": request.POST.get("candidates")}
    )
    if not planner.is_valid():
        planner = SitePlannerForm({"k": "4", "candidates": "clients"})
    proposal = _proposal(actor, planner)
    form = MobileInviteForm(request.POST, site_rows=proposal.rows)
    if form.is_valid():
        try:
            batch, rows = mobile_counselling_invite(actor=actor, data=form.to_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(sites)s kegiatan bimbingan keliling dibuat; %(n)s klien diundang.")
                % {"sites": len(rows), "n": sum(r.invited for r in rows)},
            )
            return redirect("site_invitations", batch_key=batch)
    context = _planner_context(actor, planner, proposal, invite_form=form)
    return render(request, "partners/site_planner.html", context, status=400)


@require_GET
@bapas_lead_required
def site_invitations(request, batch_key: str):
    """The confirmation: per site, the activity, the clients invited, and those without a phone to call."""
    rows = mobile_batch(actor=request.user, batch_key=batch_key)
    if not rows:
        raise Http404
    context = {"rows": rows, "invited": sum(r.invited for r in rows),
               "without_phone": sum(len(r.without_phone) for r in rows)}  # fmt: skip
    return render(request, "partners/site_invitations.html", context)


@require_GET
@bapas_lead_required
def site_planner_clients(request):
    """Active clients whose nearest proposed site is `site` (names: Bapas leads only, children masked)."""
    actor = request.user
    sites = [c for c in request.GET.get("sites", "").split(",") if c][:MAX_SITES]
    site = request.GET.get("site", "")
    pairs = clients_near_site(actor=actor, sites=sites, site=site) if site in sites else []
    page = Paginator(pairs, 50).get_page(request.GET.get("page"))
    rows = [{"case": case, "name": case_display_name(case, actor), "km": km} for case, km in page.object_list]
    context = {"page": page, "rows": rows, "site": site, "sites": ",".join(sites), "valid": site in sites}
    template = "partners/_site_clients.html" if request.htmx else "partners/site_planner_clients.html"
    return render(request, template, context)
