"""Region look-ups (public reference data: no actor scoping needed)."""

from django.db.models import QuerySet

from bimkemas.regions.models import Region


def region_search(
    *, query: str, level: int | None = Region.Level.VILLAGE, within: str = "", limit: int = 20
) -> QuerySet[Region]:
    """Villages (or another level) whose name starts with — or, failing that, contains — `query`."""
    q = query.strip().lower()
    qs = Region.objects.all()
    if level:
        qs = qs.filter(level=level)
    if within:
        qs = qs.filter(code__startswith=within)
    if len(q) < 2:
        return qs.none()
    prefix = qs.filter(search_text__startswith=q).order_by("search_text", "code")[:limit]
    if len(prefix) >= limit:
        return prefix
    return qs.filter(search_text__contains=q).order_by("search_text", "code")[:limit]


def region_get(code: str) -> Region | None:
    return Region.objects.select_related("parent__parent__parent").filter(code=code).first()
