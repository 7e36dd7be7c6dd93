"""The database side of the mobile-counselling site planner: clients' home points, candidate
kelurahan and the Bapas office, read for the actor's Bapas; the optimisation itself is `sites.py`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.selectors import case_scope
from bimkemas.org.models import Unit, User
from bimkemas.partners.sites import SitePlan, haversine_km, plan_sites
from bimkemas.regions.models import Region

MAX_SITES = 20


@dataclass(frozen=True)
class Office:
    lat: float
    lng: float
    label: str
    exact: bool  # True: the office's own kelurahan; False: a stand-in (city or working-area centroid)


def _area_prefixes(bapas: Unit) -> list[str]:
    return [f"{code}." for code in bapas.area.values_list("code", flat=True)]


def _within(prefixes: list[str], field: str = "code") -> Q:
    q = Q()
    for p in prefixes:
        q |= Q(**{f"{field}__startswith": p})
    return q


def office_location(bapas: Unit) -> Office | None:
    """Where the Bapas office is: its `office_village`; else the regency (or district) named by its city,
    within its working area or province; else the centre of its working area."""
    village = bapas.office_village
    if village is not None and village.lat is not None:
        return Office(village.lat, village.lng, village.name, True)
    city = (bapas.city or "").strip()
    if city:
        regions = Region.objects.filter(lat__isnull=False)
        area = list(bapas.area.values_list("code", flat=True))
        provinces = sorted({c[:2] for c in area}) or (
            [bapas.parent.province_id] if bapas.parent_id and bapas.parent.province_id else []
        )
        names = [f"Kota {city}", f"Kabupaten {city}", city]
        in_area = _within([f"{c}." for c in area])
        in_province = _within([f"{p}." for p in provinces])
        tries = [(Region.Level.REGENCY, Q(code__in=area), bool(area)),
                 (Region.Level.REGENCY, in_province, bool(provinces)),
                 (Region.Level.DISTRICT, in_area, bool(area)),
                 (Region.Level.DISTRICT, in_province, bool(provinces))]  # fmt: skip
        for level, where, usable in tries:
            if not usable:
                continue
            found = {r.name.lower(): r for r in regions.filter(where, level=level, name__in=names)}
            for name in names:
                if (r := found.get(name.lower())) is not None:
                    return Office(r.lat, r.lng, r.name, False)
    centres = list(
        Region.objects.filter(code__in=bapas.area.all(), lat__isnull=False).values_list("lat", "lng")
    )
    if centres:
        lat, lng = np.mean(np.array(centres), axis=0)
        return Office(float(lat), float(lng), _("pusat wilayah kerja"), False)
    return None


def active_client_cases(actor: User) -> QuerySet[Case]:
    return case_scope(actor).filter(status__in=ACTIVE_STATUSES)


def _client_points(actor: User) -> tuple[np.ndarray, list[str], int]:
    """Home points (village centroids) of the actor's active clients, their village codes, and how many
    active clients have no usable village."""
    rows = list(active_client_cases(actor).values_list("person__village_id", "person__village__lat",
                                                       "person__village__lng"))  # fmt: skip
    located = [(code, lat, lng) for code, lat, lng in rows if code and lat is not None and lng is not None]
    points = np.array([(lat, lng) for _c, lat, lng in located], dtype=float).reshape(-1, 2)
    return points, [c for c, _a, _b in located], len(rows) - len(located)


def candidate_villages(bapas: Unit, mode: str, client_villages: list[str]) -> list[Region]:
    prefixes = _area_prefixes(bapas)
    qs = Region.objects.filter(level=Region.Level.VILLAGE, lat__isnull=False).select_related("parent__parent")
    if mode == "area":
        if not prefixes:
            return []
        qs = qs.filter(_within(prefixes))
    else:
        qs = qs.filter(code__in=set(client_villages))
        if prefixes:
            qs = qs.filter(_within(prefixes))
    return list(qs.order_by("code"))


@dataclass
class SiteRow:
    region: Region
    clients: int
    mean_km: float
    max_km: float
    office_km: float | None  # mean distance of the same clients to the office


@dataclass
class Proposal:
    plan: SitePlan | None
    rows: list[SiteRow]
    office: Office | None
    clients: int  # active clients with a usable home village
    unlocated: int  # active clients without one
    candidates: int


def site_proposal(*, actor: User, k: int, mode: str = "clients") -> Proposal:
    """Propose `k` mobile-counselling sites for the actor's Bapas."""
    bapas = actor.bapas
    office = office_location(bapas)
    points, villages, unlocated = _client_points(actor)
    candidates = candidate_villages(bapas, mode, villages)
    if not len(points) or not candidates:
        return Proposal(None, [], office, len(points), unlocated, len(candidates))
    cand = np.array([(r.lat, r.lng) for r in candidates], dtype=float)
    office_point = (office.lat, office.lng) if office else None
    plan = plan_sites(points, cand, min(k, MAX_SITES), office=office_point)
    office_dist = haversine_km(points, np.array(office_point))[:, 0] if office else None
    rows = []
    for pos, site in enumerate(plan.sites):
        mask = plan.assignment == pos
        office_km = float(office_dist[mask].mean()) if office_dist is not None and mask.any() else None
        rows.append(SiteRow(candidates[site.candidate], site.clients, site.mean_km, site.max_km, office_km))
    return Proposal(plan, rows, office, len(points), unlocated, len(candidates))


def _nearest_sites(actor: User, sites: list[str]) -> tuple[list[str], list[Case], np.ndarray, np.ndarray]:
    """Usable site codes (in the order given), the actor's active located clients, their distances (km)
    to each usable site and the position of each client's nearest site (ties: the earlier site)."""
    regions = {r.code: r for r in Region.objects.filter(code__in=sites, lat__isnull=False)}
    codes = [c for c in dict.fromkeys(sites) if c in regions]
    if not codes:
        return [], [], np.zeros((0, 0)), np.zeros(0, dtype=int)
    cases = list(
        active_client_cases(actor)
        .filter(person__village__lat__isnull=False)
        .select_related("person", "person__village", "officer")
        .order_by("id")
    )
    if not cases:
        return codes, [], np.zeros((0, len(codes))), np.zeros(0, dtype=int)
    homes = np.array([(c.person.village.lat, c.person.village.lng) for c in cases], dtype=float)
    dist = haversine_km(homes, np.array([(regions[c].lat, regions[c].lng) for c in codes], dtype=float))
    return codes, cases, dist, dist.argmin(axis=1)


def clients_near_site(*, actor: User, sites: list[str], site: str) -> list[tuple[Case, float]]:
    """Active clients of the actor whose nearest site among `sites` (village codes) is `site`, nearest first."""
    codes, cases, dist, nearest = _nearest_sites(actor, sites)
    if site not in codes or not cases:
        return []
    target = codes.index(site)
    picked = [(cases[i], float(dist[i, target])) for i in np.flatnonzero(nearest == target)]
    return sorted(picked, key=lambda pair: (pair[1], pair[0].person.name))


def clients_by_site(*, actor: User, sites: list[str]) -> dict[str, list[Case]]:
    """Every active client of the actor's Bapas with a located home, under the site (village code) nearest to
    it among `sites` — the assignment of the site proposal — nearest first. Persons' phones prefetched."""
    codes, cases, dist, nearest = _nearest_sites(actor, sites)
    groups: dict[str, list[tuple[float, str, Case]]] = {c: [] for c in codes}
    for i, case in enumerate(cases):
        if case.bapas_id != actor.unit_id:
            continue
        groups[codes[nearest[i]]].append((float(dist[i, nearest[i]]), case.person.name, case))
    prefetch_related_objects(
        [case for _d, _n, case in (x for g in groups.values() for x in g)], "person__phones"
    )
    return {
        code: [case for _d, _n, case in sorted(rows, key=lambda r: (r[0], r[1]))]
        for code, rows in groups.items()
    }
