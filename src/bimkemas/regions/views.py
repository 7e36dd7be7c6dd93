from django.shortcuts import render

from bimkemas.core.access import bapas_staff_required
from bimkemas.regions.selectors import region_search


@bapas_staff_required
def region_search_view(request):
    """htmx partial: <option>s of villages matching the search text (name or part of it)."""
    q = request.GET.get("q", "")
    results = list(region_search(query=q, within=request.GET.get("within", "")))
    return render(request, "regions/_options.html", {"results": results, "q": q})
