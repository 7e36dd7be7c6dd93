"""Caseload page benchmark on PostgreSQL.

Seeds a national-scale database (default 150,000 clients over ~100 Bapas), picks a PK with a
typical (median) caseload, then times the PK's caseload page (URL name `caseload`, /klien/) and a
name search on it (`?q=<part of a client's name>`), each over --requests requests, with Django's
test Client in this process (the whole middleware stack and a real database session; no network, no
gunicorn). A trivial page (/healthz) timed by the same loop is the baseline: report ratios against
it, so results compare across machines.

    bash scripts/with-postgres.sh .venv/bin/python bench/caseload_bench.py [--clients 150000]

Needs DATABASE_URL pointing at a PostgreSQL server (with-postgres.sh exports one); the bench
creates its own database on that server (--database, dropped first if it exists) and migrates it.
The last line printed is machine-readable:
    seed_seconds=<s> caseload_p50_ms=<ms> caseload_p95_ms=<ms> clients=<n>
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from urllib.parse import urlparse, urlunparse


def _database_url(base: str, name: str) -> str:
    """Create (or re-create) database `name` on the server of `base` and return its URL."""
    import psycopg

    parts = urlparse(base)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


def _percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _timed(client, path: str, requests: int, warmup: int = 10) -> tuple[list[float], dict[int, int]]:
    statuses: dict[int, int] = {}
    for _ in range(warmup):
        client.get(path)
    times = []
    for _ in range(requests):
        t0 = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    return times, statuses


def setup_django(database: str) -> bool:
    """Point Django at a fresh database `database` on the PostgreSQL server of DATABASE_URL and set it
    up; False (with a message) when DATABASE_URL is not PostgreSQL."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL must point at PostgreSQL: run via scripts/with-postgres.sh", file=sys.stderr)
        return False
    os.environ["DATABASE_URL"] = _database_url(base, database)
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimkemas.settings")
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src"))

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collected static here
    django.setup()
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=150_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default="bimkemas_bench")
    args = parser.parse_args()

    if not setup_django(args.database):
        return 2
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from bimkemas.cases.models import ACTIVE_STATUSES, Case
    from bimkemas.core.seed import seed_national
    from bimkemas.org.models import User

    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"migrate (incl. regions): {time.monotonic() - t0:.1f} s")

    # History first (ended cases, 10% of the active count), then exactly --clients active clients.
    t0 = time.monotonic()
    history = args.clients // 10
    if history:
        seed_national(
            clients=history, ended_share=1.0, seed=1, log=lambda msg: print("  history:", msg, flush=True)
        )
    result = seed_national(clients=args.clients, ended_share=0.0, seed=2,
                           log=lambda msg: print("  seed:", msg, flush=True))  # fmt: skip
    seed_seconds = time.monotonic() - t0
    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # what autovacuum would have done on a live server
    active = Case.objects.filter(status__in=ACTIVE_STATUSES).count()
    print(f"seed: {history + result['clients']} clients ({active} active) in {result['bapas']} Bapas, "
          f"{result['supervisors']} PK/APK: {seed_seconds:.1f} s")  # fmt: skip

    loads = list(
        Case.objects.filter(status__in=ACTIVE_STATUSES, officer__isnull=False)
        .values("officer_id")
        .annotate(n=Count("id"))
        .order_by("n", "officer_id")
    )
    typical = loads[len(loads) // 2]
    pk = User.objects.get(id=typical["officer_id"])
    sample = (
        Case.objects.filter(officer=pk, status__in=ACTIVE_STATUSES)
        .select_related("person")
        .order_by("id")
        .first()
    )
    word = max(sample.person.name.replace(".", " ").split(), key=len)
    query = word[: max(4, len(word) - 2)].lower()
    print(f"PK {pk.username} ({pk.unit}): {typical['n']} active clients; caseloads "
          f"{loads[0]['n']}–{loads[-1]['n']}, median {typical['n']}; search q={query!r}")  # fmt: skip

    try:
        caseload = reverse("caseload")
    except NoReverseMatch:
        caseload = "/klien/"
        print("warning: URL name 'caseload' not found; timing /klien/ as it is", file=sys.stderr)
    client = Client()
    client.force_login(pk)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(caseload)
    print(f"{caseload}: status {response.status_code}, {len(response.content)} bytes, {len(queries)} queries")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(caseload, {"q": query})
    print(f"{caseload}?q={query}: status {response.status_code}, {len(queries)} queries, "
          f"name found: {sample.person.name in response.content.decode(errors='replace')}")  # fmt: skip

    rows = []
    for label, path in (("healthz (baseline)", "/healthz"), ("caseload", caseload),
                        ("caseload search", f"{caseload}?q={query}")):  # fmt: skip
        times, statuses = _timed(client, path, args.requests)
        rows.append((label, statistics.median(times), _percentile(times, 95), statuses))
    base_p50 = rows[0][1]
    print(
        f"\n{'page':<20} {'p50 ms':>8} {'p95 ms':>8} {'p50/baseline':>13}  statuses ({args.requests} requests)"
    )
    for label, p50, p95, statuses in rows:
        print(f"{label:<20} {p50:8.2f} {p95:8.2f} {p50 / base_p50:13.1f}  {statuses}")
    if any(set(s) != {200} for *_r, s in rows):
        print("warning: some responses were not 200", file=sys.stderr)
    _label, p50, p95, _s = rows[1]
    print(
        f"seed_seconds={seed_seconds:.1f} caseload_p50_ms={p50:.2f} caseload_p95_ms={p95:.2f} clients={active}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
