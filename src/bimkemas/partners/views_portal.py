"""The partner portal (Pokmas Lipas users): only their own partner's agreements and activities."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bimkemas.activities.selectors import activity_list
from bimkemas.partners import selectors


@require_GET
@login_required
def partner_home(request):
    partner = selectors.partner_for_member(request.user)
    if partner is None:
        return render(request, "partners/portal_unlinked.html", status=403)
    context = {
        "partner": partner,
        "agreements": selectors.partner_agreements(partner=partner),
        "activities": list(activity_list(actor=request.user, when="upcoming")[:20]),
        "past_activities": list(activity_list(actor=request.user, when="past")[:20]),
    }
    return render(request, "partners/portal_home.html", context)
