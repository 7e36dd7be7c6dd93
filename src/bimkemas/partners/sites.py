"""Mobile counselling (bimbingan keliling): propose k sites that minimise clients' travel.

A pure function over coordinates (no database): the k-median problem on great-circle distances.
Clients sharing a home point (the same kelurahan centroid) are merged into one weighted point, so the
work grows with the number of distinct kelurahan, not of clients. The solver is a greedy start (add
the candidate that lowers the total distance most, k times) followed by swap local search (replace
one chosen site by one candidate while that lowers the total; Teitz–Bart / PAM), vectorised with
numpy; small instances (few combinations) are solved exactly by enumeration.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_KM = 6371.0088
# Up to this many site combinations the optimum is found by enumeration instead of local search.
EXACT_LIMIT = 2000
# Random restarts of the local search only while (distinct client points × candidates × k) stays below this.
RESTART_BUDGET = 4_000_000


def haversine_km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) between every point of `a` (n×2 lat/lng degrees) and of `b` (m×2): n×m."""
    a = np.radians(np.asarray(a, dtype=float).reshape(-1, 2))
    b = np.radians(np.asarray(b, dtype=float).reshape(-1, 2))
    lat1, lng1 = a[:, :1], a[:, 1:]
    lat2, lng2 = b[:, 0][None, :], b[:, 1][None, :]
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


@dataclass(frozen=True)
class Site:
    candidate: int  # index into the candidates given
    clients: int  # clients for whom this is the nearest chosen site
    mean_km: float
    max_km: float


@dataclass(frozen=True)
class SitePlan:
    sites: list[Site]  # in order of clients served, most first
    assignment: np.ndarray  # per client: index into `sites` of the nearest chosen site (-1: no sites)
    distance_km: np.ndarray  # per client: distance to the nearest chosen site
    mean_km: float
    max_km: float
    total_km: float
    office_mean_km: float | None  # mean distance of the same clients to the office, for comparison
    exact: bool = False  # True when found by enumeration (the proven optimum)
    iterations: int = 0  # improving swaps made by the local search

    @property
    def chosen(self) -> list[int]:
        return [s.candidate for s in self.sites]


def _cost(dist: np.ndarray, weights: np.ndarray, chosen: list[int]) -> float:
    return float(weights @ dist[:, chosen].min(axis=1))


def _greedy(dist: np.ndarray, weights: np.ndarray, k: int) -> list[int]:
    n, m = dist.shape
    current = np.full(n, np.inf)
    chosen: list[int] = []
    for _ in range(k):
        # Total distance if each candidate were added: Σ_i w_i · min(current_i, d_ij), for all j at once.
        if chosen:
            totals = weights @ np.minimum(current[:, None], dist)
        else:
            totals = weights @ dist
        totals[chosen] = np.inf
        best = int(np.argmin(totals))
        chosen.append(best)
        current = np.minimum(current, dist[:, best])
    return chosen


def _nearest_two(dist: np.ndarray, chosen: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per client: position (in `chosen`) of the nearest site, its distance, and the second distance."""
    sub = dist[:, chosen]
    if len(chosen) == 1:
        return np.zeros(len(sub), dtype=int), sub[:, 0], np.full(len(sub), np.inf)
    order = np.argpartition(sub, 1, axis=1)[:, :2]
    rows = np.arange(len(sub))
    d_a, d_b = sub[rows, order[:, 0]], sub[rows, order[:, 1]]
    swap = d_b < d_a
    first = np.where(swap, order[:, 1], order[:, 0])
    return first, np.minimum(d_a, d_b), np.maximum(d_a, d_b)


def _local_search(
    dist: np.ndarray, weights: np.ndarray, chosen: list[int], max_rounds: int = 1000
) -> tuple[list[int], int]:
    """Best-improvement single swaps until none lowers the total distance."""
    chosen = list(chosen)
    cost = _cost(dist, weights, chosen)
    swaps = 0
    for _ in range(max_rounds):
        nearest, d1, d2 = _nearest_two(dist, chosen)
        best_gain, best_move = 1e-9 * max(cost, 1.0), None
        for pos in range(len(chosen)):
            # Without site `pos`, each client goes to its nearest remaining site...
            base = np.where(nearest == pos, d2, d1)
            # ...and, with candidate j added, to min(base, d_ij): totals for every j in one product.
            totals = weights @ np.minimum(base[:, None], dist)
            totals[chosen] = np.inf
            j = int(np.argmin(totals))
            gain = cost - float(totals[j])
            if gain > best_gain:
                best_gain, best_move = gain, (pos, j)
        if best_move is None:
            break
        chosen[best_move[0]] = best_move[1]
        cost = _cost(dist, weights, chosen)
        swaps += 1
    return chosen, swaps


def _exact(dist: np.ndarray, weights: np.ndarray, k: int) -> list[int]:
    best, best_cost = None, math.inf
    for combo in itertools.combinations(range(dist.shape[1]), k):
        c = _cost(dist, weights, list(combo))
        if c < best_cost - 1e-12:
            best, best_cost = list(combo), c
    return best or []


def _merge_points(points: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct points, their summed weights, and for each input row the index of its distinct point."""
    unique, inverse = np.unique(points, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    merged = np.bincount(inverse, weights=weights, minlength=len(unique))
    return unique, merged, inverse


def plan_sites(
    clients,
    candidates,
    k: int,
    *,
    office=None,
    weights=None,
    exact_limit: int = EXACT_LIMIT,
    restarts: int = 3,
    seed: int = 0,
) -> SitePlan:
    """Choose `k` of `candidates` minimising the mean distance from each client to the nearest chosen one.

    `clients`: n×2 (lat, lng) home points; `candidates`: m×2 (lat, lng) possible sites; `office`:
    (lat, lng) of the Bapas office or None; `weights`: per client (default 1). With k ≥ m every
    candidate is chosen. Sites serving no client are still returned (with 0 clients) so that k sites
    come back whenever k ≤ m.
    """
    clients = np.asarray(clients, dtype=float).reshape(-1, 2)
    candidates = np.asarray(candidates, dtype=float).reshape(-1, 2)
    if k < 1:
        raise ValueError("k must be at least 1")
    if not np.isfinite(clients).all() or not np.isfinite(candidates).all():
        raise ValueError("coordinates must be finite numbers")
    w = np.ones(len(clients)) if weights is None else np.asarray(weights, dtype=float).reshape(-1)
    if len(w) != len(clients) or (w < 0).any():
        raise ValueError("weights must be one non-negative number per client")
    office_mean = None
    if office is not None and len(clients) and w.sum() > 0:
        office_mean = float(w @ haversine_km(clients, np.asarray(office, dtype=float))[:, 0] / w.sum())
    m = len(candidates)
    if m == 0 or len(clients) == 0:
        return SitePlan(
            sites=[], assignment=np.full(len(clients), -1, dtype=int), distance_km=np.full(len(clients), np.nan),
            mean_km=0.0, max_km=0.0, total_km=0.0, office_mean_km=office_mean,
        )  # fmt: skip
    k = min(k, m)
    points, point_w, inverse = _merge_points(clients, w)
    dist = haversine_km(points, candidates)
    exact = math.comb(m, k) <= exact_limit
    swaps = 0
    if k == m:
        chosen = list(range(m))
        exact = True
    elif exact:
        chosen = _exact(dist, point_w, k)
    else:
        chosen, swaps = _local_search(dist, point_w, _greedy(dist, point_w, k))
        # A few more local searches from random starts (fixed seed: the same input gives the same plan).
        rng = np.random.default_rng(seed)
        best_cost = _cost(dist, point_w, chosen)
        for _ in range(restarts if dist.size * k <= RESTART_BUDGET else 0):
            start = [int(j) for j in rng.choice(m, size=k, replace=False)]
            other, more = _local_search(dist, point_w, start)
            swaps += more
            other_cost = _cost(dist, point_w, other)
            if other_cost < best_cost - 1e-9 * max(best_cost, 1.0):
                chosen, best_cost = other, other_cost
    return _describe(dist, w, inverse, chosen, office_mean, exact=exact, swaps=swaps)


def _describe(dist, w, inverse, chosen, office_mean, *, exact: bool, swaps: int) -> SitePlan:
    sub = dist[:, chosen]
    point_site = sub.argmin(axis=1)
    point_dist = sub[np.arange(len(sub)), point_site]
    client_site = point_site[inverse]
    client_dist = point_dist[inverse]
    total_w = w.sum()
    stats = []
    for pos, cand in enumerate(chosen):
        mask = client_site == pos
        count = float(w[mask].sum())
        mean = float(w[mask] @ client_dist[mask] / count) if count else 0.0
        stats.append((pos, Site(candidate=int(cand), clients=round(count), mean_km=mean,
                                max_km=float(client_dist[mask].max()) if mask.any() else 0.0)))  # fmt: skip
    stats.sort(key=lambda pair: (-pair[1].clients, pair[1].mean_km))
    remap = np.empty(len(chosen), dtype=int)
    for new, (old, _site) in enumerate(stats):
        remap[old] = new
    return SitePlan(
        sites=[s for _pos, s in stats],
        assignment=remap[client_site],
        distance_km=client_dist,
        mean_km=float(w @ client_dist / total_w) if total_w else 0.0,
        max_km=float(client_dist.max()) if len(client_dist) else 0.0,
        total_km=float(w @ client_dist),
        office_mean_km=office_mean,
        exact=exact,
        iterations=swaps,
    )
