from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from bimkemas.org.models import Role


@login_required
def home(request):
    user = request.user
    if user.is_supervisor or user.is_bapas_lead:
        return redirect("today")
    if user.has_role(Role.KANWIL, Role.DITJENPAS):
        return redirect("overview")
    if user.has_role(Role.MITRA):
        return redirect("partner_home")
    if user.has_role(Role.ADMIN) or user.is_superuser:
        return redirect("admin:index")
    return render(request, "core/no_role.html", status=403)


@login_required
def overview(request):
    """Aggregates for Kanwil / Ditjenpas (and Bapas leads for their own unit): counts only, no names."""
    from bimkemas.cases.selectors_stats import overview_rows

    user = request.user
    if not (user.has_role(Role.KANWIL, Role.DITJENPAS) or user.is_bapas_lead):
        raise PermissionDenied
    rows = overview_rows(actor=user)
    return render(request, "core/overview.html", {"rows": rows})


@require_GET
def healthz(request):
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return JsonResponse({"ok": True})
