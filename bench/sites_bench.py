"""Mobile-counselling site proposal benchmark (bimbingan keliling, issue 5).

Reads the region centroids shipped with the project (src/bimkemas/regions/data/wilayah_centroids.csv.gz;
no database), takes 500 real candidate kelurahan — every village of DI Yogyakarta (province 34) and the
nearest Central Java villages to make up the number — places 4,000 synthetic clients in those villages
(unevenly, as in a real caseload: more in the towns), and times `bimkemas.partners.sites.plan_sites`
choosing k = 4 sites. The office is Bapas Kelas I Yogyakarta, taken at the centroid of Kota Yogyakarta
(what the planner page uses when the Bapas has no office kelurahan recorded).

    .venv/bin/python bench/sites_bench.py [--clients 4000] [--candidates 500] [--k 4] [--repeat 3]

The last line is machine-readable:
    seconds=<s> mean_km=<km to nearest proposed site> office_km=<km to the Bapas office>
(seconds: the fastest of --repeat runs; the distances are means over the clients.) With --distinct
every client is a separate point instead of sharing the village centroid (the solver's worst case).
"""

import argparse
import csv
import gzip
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bimkemas.partners.sites import haversine_km, plan_sites  # noqa: E402

CENTROIDS = ROOT / "src" / "bimkemas" / "regions" / "data" / "wilayah_centroids.csv.gz"
OFFICE_REGION = "34.71"  # Kota Yogyakarta


def load_centroids() -> dict[str, tuple[str, float, float]]:
    with gzip.open(CENTROIDS, "rt", encoding="utf-8") as fh:
        return {
            row["kode"]: (row["nama"], float(row["lat"]), float(row["lng"])) for row in csv.DictReader(fh)
        }


def candidate_villages(regions: dict, office: tuple[float, float], count: int) -> list[str]:
    villages = [code for code in regions if code.count(".") == 3]
    diy = sorted(c for c in villages if c.startswith("34."))
    if len(diy) >= count:
        return diy[:count]
    java = [c for c in villages if c.startswith("33.")]  # Jawa Tengah, nearest first
    points = np.array([regions[c][1:] for c in java])
    near = np.argsort(haversine_km(np.array([office]), points)[0])
    return diy + [java[i] for i in near[: count - len(diy)]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=4000)
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260301)
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="scatter each client up to ~1 km around the village centroid (every client a distinct "
        "point: the planner's worst case, as if home coordinates were known)",
    )
    args = parser.parse_args()

    regions = load_centroids()
    office = regions[OFFICE_REGION][1:]
    codes = candidate_villages(regions, office, args.candidates)
    candidates = np.array([regions[c][1:] for c in codes])
    rng = np.random.default_rng(args.seed)
    # Uneven caseload: each village gets a gamma-distributed weight, towns (Kota, kelurahan) more.
    weight = rng.gamma(0.8, 1.0, size=len(codes)) * np.array([3.0 if c[3] == "7" else 1.0 for c in codes])
    homes = rng.choice(len(codes), size=args.clients, p=weight / weight.sum())
    clients = candidates[homes]
    if args.distinct:
        clients = clients + rng.uniform(-0.009, 0.009, size=clients.shape)
    print(
        f"clients={args.clients} in {len(set(homes.tolist()))} villages; candidates={len(codes)}; k={args.k}"
    )

    best, plan = float("inf"), None
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        plan = plan_sites(clients, candidates, args.k, office=office)
        best = min(best, time.perf_counter() - t0)
    for site in plan.sites:
        code = codes[site.candidate]
        district = regions.get(code.rsplit(".", 1)[0], ("?",))[0]
        print(f"  {code} {regions[code][0]} (Kec. {district}): {site.clients} clients, "
              f"mean {site.mean_km:.1f} km, max {site.max_km:.1f} km")  # fmt: skip
    print(f"exact={plan.exact} swaps={plan.iterations} max_km={plan.max_km:.2f}")
    print(f"seconds={best:.3f} mean_km={plan.mean_km:.2f} office_km={plan.office_mean_km:.2f}")


if __name__ == "__main__":
    main()
