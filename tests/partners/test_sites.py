"""The site planner (k-median on great-circle distances): hand-checkable cases and properties."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bimkemas.partners.sites import _cost, _greedy, _local_search, haversine_km, plan_sites

YOGYA = (-7.8013, 110.3647)
WONOSARI = (-7.9658, 110.6008)


def test_haversine_known_distance():
    # Tugu Yogyakarta to Wonosari town: about 32 km as the crow flies.
    d = haversine_km(np.array([YOGYA]), np.array([WONOSARI]))[0, 0]
    assert 31 < d < 34
    assert haversine_km(np.array([YOGYA]), np.array([YOGYA]))[0, 0] == pytest.approx(0, abs=1e-9)


def _cluster(centre, n, spread=0.01, seed=0):
    rng = np.random.default_rng(seed)
    return np.array(centre) + rng.uniform(-spread, spread, size=(n, 2))


def test_two_clusters_two_sites_one_in_each():
    clients = np.vstack([_cluster(YOGYA, 30, seed=1), _cluster(WONOSARI, 12, seed=2)])
    candidates = np.array([YOGYA, (-7.80, 110.37), WONOSARI, (-7.97, 110.60), (-7.88, 110.48)])
    plan = plan_sites(clients, candidates, 2, office=YOGYA)
    assert sorted(plan.chosen) in ([0, 2], [0, 3], [1, 2], [1, 3])
    assert [s.clients for s in plan.sites] == [30, 12]  # most clients first
    yk, wns = plan.sites
    assert tuple(candidates[yk.candidate]) in (YOGYA, (-7.80, 110.37))
    assert plan.mean_km < 3
    assert plan.office_mean_km > 8  # the Wonosari cluster pays ~32 km to the office
    assert set(plan.assignment[:30]) == {0} and set(plan.assignment[30:]) == {1}


def test_heuristic_path_finds_the_clusters_too():
    clients = np.vstack(
        [_cluster(YOGYA, 50, seed=3), _cluster(WONOSARI, 20, seed=4), _cluster((-7.70, 110.35), 25, seed=5)]
    )
    rng = np.random.default_rng(9)
    candidates = np.vstack(
        [rng.uniform([-8.1, 110.2], [-7.6, 110.7], size=(60, 2)), [YOGYA, WONOSARI, (-7.70, 110.35)]]
    )
    plan = plan_sites(clients, candidates, 3, exact_limit=0)
    assert not plan.exact
    assert sorted(plan.chosen) == [60, 61, 62]
    assert sorted(s.clients for s in plan.sites) == [20, 25, 50]


def test_weights_and_duplicate_points_count_as_clients():
    clients = np.array([YOGYA, YOGYA, YOGYA, WONOSARI])
    plan = plan_sites(clients, np.array([YOGYA, WONOSARI]), 1)
    assert plan.chosen == [0] and plan.sites[0].clients == 4
    heavy = plan_sites(clients, np.array([YOGYA, WONOSARI]), 1, weights=[1, 1, 1, 10])
    assert heavy.chosen == [1]


def test_edge_cases():
    cands = np.array([YOGYA, WONOSARI])
    assert plan_sites(np.zeros((0, 2)), cands, 2).sites == []
    assert plan_sites(np.array([YOGYA]), np.zeros((0, 2)), 2).sites == []
    everything = plan_sites(np.array([YOGYA]), cands, 5)  # k > candidates: every candidate
    assert sorted(everything.chosen) == [0, 1] and everything.mean_km == pytest.approx(0, abs=1e-9)
    assert [s.clients for s in everything.sites] == [1, 0]
    with pytest.raises(ValueError):
        plan_sites(np.array([YOGYA]), cands, 0)
    with pytest.raises(ValueError):
        plan_sites(np.array([(np.nan, 110.0)]), cands, 1)


def _brute_force(clients, candidates, k):
    dist = haversine_km(clients, candidates)
    return min(dist[:, list(c)].min(axis=1).sum() for c in itertools.combinations(range(len(candidates)), k))


point = st.tuples(st.floats(-8.2, -7.6), st.floats(110.0, 110.8))
small_problem = st.tuples(
    st.lists(point, min_size=1, max_size=14),
    st.lists(point, min_size=1, max_size=9, unique=True),
    st.integers(1, 4),
)


@settings(max_examples=150, deadline=None)
@given(small_problem)
def test_plan_is_no_worse_than_the_brute_force_optimum(problem):
    clients, candidates, k = (np.array(problem[0]), np.array(problem[1]), problem[2])
    k = min(k, len(candidates))
    plan = plan_sites(clients, candidates, k)
    assert len(set(plan.chosen)) == k
    assert plan.total_km <= _brute_force(clients, candidates, k) * (1 + 1e-9) + 1e-9


@settings(max_examples=150, deadline=None)
@given(small_problem)
def test_greedy_and_swap_is_a_swap_local_optimum_near_the_optimum(problem):
    """The heuristic path alone (used when the combinations are too many to enumerate): never worse than
    its greedy start, no single swap improves it, and within the proven factor 5 of the optimum
    (Arya et al. 2004, single-swap local search for k-median)."""
    clients, candidates, k = (np.array(problem[0]), np.array(problem[1]), problem[2])
    k = min(k, len(candidates))
    dist = haversine_km(clients, candidates)
    w = np.ones(len(clients))
    start = _greedy(dist, w, k)
    chosen, _swaps = _local_search(dist, w, start)
    cost = _cost(dist, w, chosen)
    assert cost <= _cost(dist, w, start) + 1e-9
    for pos, j in itertools.product(range(k), range(len(candidates))):
        if j not in chosen:
            other = chosen[:pos] + [j] + chosen[pos + 1 :]
            assert _cost(dist, w, other) >= cost - 1e-6 * max(cost, 1.0)
    assert cost <= 5 * _brute_force(clients, candidates, k) + 1e-9
    heuristic = plan_sites(clients, candidates, k, exact_limit=0)
    assert heuristic.total_km <= cost + 1e-9  # the restarts only ever improve on it


def test_large_instance_is_fast_enough_to_be_interactive():
    """4,000 clients over 500 kelurahan, 500 candidates: checks the answer's shape, not the time."""
    rng = np.random.default_rng(4)
    villages = rng.uniform([-8.2, 110.0], [-7.6, 110.8], size=(500, 2))
    clients = villages[rng.integers(0, 500, 4000)]
    plan = plan_sites(clients, villages, 4, office=YOGYA)
    assert len(plan.sites) == 4 and sum(s.clients for s in plan.sites) == 4000
    assert plan.mean_km < plan.office_mean_km
    assert plan.max_km == pytest.approx(plan.distance_km.max())
