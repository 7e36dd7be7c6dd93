"""Bimbingan keliling: the site planner page for the Bapas leads and the list of clients near a site."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bimkemas.cases.selectors import case_display_name
from bimkemas.core.access import bapas_lead_required
from bimkemas.partners.forms import SitePlannerForm
from bimkemas.partners.selectors_sites import MAX_SITES, clients_near_site, site_proposal


@require_GET
@bapas_lead_required
def site_planner(request):
    actor = request.user
    form = SitePlannerForm(
        request.GET if "k" in request.GET else None, initial={"k": 4, "candidates": "clients"}
    )
    proposal = None
    if not form.is_bound:
        proposal = site_proposal(actor=actor, k=4, mode="clients")
    elif form.is_valid():
        proposal = site_proposal(actor=actor, k=form.cleaned_data["k"], mode=form.cleaned_data["candidates"])
    sites = ",".join(row.region.code for row in proposal.rows) if proposal else ""
    context = {"form": form, "proposal": proposal, "sites": sites, "max_sites": MAX_SITES}
    return render(request, "partners/site_planner.html", context)


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
