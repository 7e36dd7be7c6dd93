"""Hari ini (the PK's home page) benchmark on PostgreSQL at national scale.

Seeds --clients active clients (core.seed) and their reporting history (contacts.seed: obligations from
the rules, resolved past windows, a recent contact per client, unreachable clients, follow-up tasks,
check-ins waiting), picks a PK with the median caseload and times /hari-ini/ for them with Django's test
Client in this process, next to /healthz timed by the same loop (the baseline).

    bash scripts/with-postgres.sh .venv/bin/python bench/today_bench.py [--clients 150000]

Last line:
    today_p50_ms=<ms> today_p95_ms=<ms> ratio=<p50/healthz p50> clients=<n> obligations=<n>
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from caseload_bench import _percentile, _timed, setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=150_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default="bimkemas_today_bench")
    args = parser.parse_args()

    if not setup_django(args.database):
        return 2
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bimkemas.cases.models import ACTIVE_STATUSES, Case
    from bimkemas.contacts.models import Obligation
    from bimkemas.contacts.seed import seed_reporting
    from bimkemas.core.seed import seed_national
    from bimkemas.org.models import User

    call_command("migrate", verbosity=0)
    t0 = time.monotonic()
    seed_national(
        clients=args.clients, ended_share=0.0, seed=2, log=lambda m: print("  seed:", m, flush=True)
    )
    reporting = seed_reporting(log=lambda m: print("  reporting:", m, flush=True))
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    seed_seconds = time.monotonic() - t0
    obligations = Obligation.objects.count()
    active = Case.objects.filter(status__in=ACTIVE_STATUSES).count()
    print(f"seed: {active} active clients, {obligations} obligations, {reporting['contacts']} contacts: "
          f"{seed_seconds:.1f} s")  # fmt: skip

    loads = list(
        Case.objects.filter(status__in=ACTIVE_STATUSES, officer__isnull=False)
        .values("officer_id")
        .annotate(n=Count("id"))
        .order_by("n", "officer_id")
    )
    typical = loads[len(loads) // 2]
    pk = User.objects.get(id=typical["officer_id"])
    client = Client()
    client.force_login(pk)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/hari-ini/")
    page = response.content.decode()
    sections = [s for s in ("h-due", "h-overdue", "h-first", "h-tasks", "h-visits", "h-unreached", "h-checkins",
                            "h-litmas-due", "h-plans-due")
                if f'id="{s}"' in page]  # fmt: skip
    print(f"PK {pk.username}: {typical['n']} active clients; /hari-ini/ status {response.status_code}, "
          f"{len(response.content)} bytes, {len(queries)} queries, sections {sections}")  # fmt: skip

    rows = []
    for label, path in (("healthz (baseline)", "/healthz"), ("hari ini", "/hari-ini/")):
        times, statuses = _timed(client, path, args.requests)
        rows.append((label, statistics.median(times), _percentile(times, 95), statuses))
    print(f"\n{'page':<20} {'p50 ms':>8} {'p95 ms':>8} {'p50/baseline':>13}  statuses")
    for label, p50, p95, statuses in rows:
        print(f"{label:<20} {p50:8.2f} {p95:8.2f} {p50 / rows[0][1]:13.1f}  {statuses}")
    _l, p50, p95, _s = rows[1]
    print(f"today_p50_ms={p50:.2f} today_p95_ms={p95:.2f} ratio={p50 / rows[0][1]:.1f} clients={active} "
          f"obligations={obligations}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
