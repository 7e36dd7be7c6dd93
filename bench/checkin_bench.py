"""Client check-in benchmark: a real server (gunicorn) on PostgreSQL over loopback.

Seeds --clients active clients (core.seed), gives each a portal account and a logged-in portal session
(made directly in the session store: logging in is not what is measured), extends their reporting
obligations as the daily job does, then starts gunicorn and measures, in the same run:

1. throughput with wrk (--connections, --seconds each): the baseline (GET /healthz, the most trivial
   JSON endpoint of the stack) and check-ins (POST /api/v1/portal/checkins, each with a new
   idempotency key, rotating over the clients) in --rounds alternating runs, so that a machine whose
   speed drifts during the run weighs on both alike; then the portal ping (GET /api/v1/portal/ping:
   the session and account lookup of the portal pages, no work) for reference;
2. latency at a fixed rate (--rate check-ins per second for --rate-seconds, paced by a small Python
   load generator with keep-alive connections; latency counted from the scheduled send time, so a
   slow server is not hidden by a waiting generator): p50 and p99.

    bash scripts/with-postgres.sh .venv/bin/python bench/checkin_bench.py [--clients 3000]

A check-in is stored as `received` in one statement and judged by the huey consumer a moment later. In
production the consumer runs on worker machines; here it shares the two cores, so it is started only
after the request measurements (the inbox fills as in a Monday burst) and its drain rate is measured on
its own: `judged N in S s`. The bench then checks that every accepted check-in became exactly one
check-in with one contact.

Needs DATABASE_URL pointing at PostgreSQL (with-postgres.sh exports one) and `wrk` on PATH. The bench
creates its own database (--database, dropped first) and checks at the end that every check-in it
sent with a 2xx answer exists exactly once. Last line:
    checkin_rps=<r> baseline_rps=<r> ratio=<checkin/baseline> p50_ms=<ms> p99_ms=<ms>
"""

import argparse
import http.client
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
import warnings
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caseload_bench import _database_url  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHECKIN_PATH = "/api/v1/portal/checkins"
PING_PATH = "/api/v1/portal/ping"
BASELINE_PATH = "/healthz"
CONSUMER_WORKERS = 2  # processes: one per core of this machine
ANSWERS = '"address_same":true,"working":true,"workplace":"Bengkel Las Maju, Sleman","problem":""'

WRK_SCRIPT = r"""
local sessions = {}
local n = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  for line in io.lines("__SESSIONS__") do table.insert(sessions, line) end
  n = 0
end
function request()
  n = n + 1
  local s = sessions[((n - 1) * __STRIDE__ + tid) % #sessions + 1]
  local sid, tok, portal = s:match("(%S+) (%S+) (%S+)")
  local headers = {["Cookie"] = "sessionid=" .. sid .. "; csrftoken=" .. tok .. "; bimkemas_portal=" .. portal}
  if "__METHOD__" == "GET" then
    return wrk.format("GET", "__PATH__", headers)
  end
  headers["Content-Type"] = "application/json"
  headers["X-CSRFToken"] = tok
  local key = string.format("__RUN__-%04x-4000-8000-%012x", tid, n)
  return wrk.format("POST", "__PATH__", headers, '{"key":"' .. key .. '",__ANSWERS__}')
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _prepare(clients: int) -> list[tuple[str, str, str]]:
    """Seed clients, give each an account and a portal session: [(session key, CSRF secret, check-in
    token)] — what a login through the portal gives a browser."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from bimkemas.cases.models import ACTIVE_STATUSES, Case
    from bimkemas.contacts.services import obligations_extend_all
    from bimkemas.core.seed import seed_national
    from bimkemas.portal.auth import SESSION_HASH, SESSION_PERSON, token_make
    from bimkemas.portal.models import ClientAccount
    from bimkemas.portal.services import session_hash

    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.monotonic() - t0:.1f} s", flush=True)
    t0 = time.monotonic()
    seed_national(clients=clients, ended_share=0.0, seed=11)
    obligations = obligations_extend_all()
    print(f"seed: {clients} clients, {obligations} obligations: {time.monotonic() - t0:.1f} s", flush=True)

    t0 = time.monotonic()
    pin_hash = make_password("135790")  # one real (slow) hash, shared: the PIN is not what is measured
    now = timezone.now()
    person_ids = list(
        Case.objects.filter(status__in=ACTIVE_STATUSES, person__nik__isnull=False)
        .order_by("id")
        .values_list("person_id", flat=True)
    )
    ClientAccount.objects.bulk_create(
        [ClientAccount(person_id=p, pin_hash=pin_hash, pin_set_at=now) for p in person_ids], batch_size=2000
    )
    sessions = []
    for account in ClientAccount.objects.order_by("id").iterator():
        store = SessionStore()
        store[SESSION_PERSON] = account.person_id
        store[SESSION_HASH] = session_hash(account)
        store.set_expiry(24 * 3600)
        store.create()
        sessions.append((store.session_key, get_random_string(32), token_make(account)))
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"accounts and sessions: {len(sessions)} in {time.monotonic() - t0:.1f} s", flush=True)
    connection.close()
    return sessions


def _start_server(port: int, workers: int, data_dir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "BIMKEMAS_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "bimkemas.settings",
        "LOG_LEVEL": "ERROR",
    }
    log = open(data_dir / "server.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "bimkemas.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--timeout", "60", "--keep-alive", "30"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{BASELINE_PATH}", timeout=2)
            return proc
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError((data_dir / "server.log").read_text()) from None
            time.sleep(0.2)


def _start_consumer(data_dir: Path) -> subprocess.Popen:
    """The huey consumer that turns received check-ins into contacts."""
    env = {**os.environ, "DEBUG": "0", "BIMKEMAS_DATA_DIR": str(data_dir), "LOG_LEVEL": "ERROR",
           "DJANGO_SETTINGS_MODULE": "bimkemas.settings", "HUEY_WORKERS": str(CONSUMER_WORKERS),
           "HUEY_WORKER_TYPE": "process"}  # fmt: skip
    log = open(data_dir / "consumer.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "bimkemas.cli", "run_huey"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _received_count() -> int:
    from django.db import connection

    from bimkemas.contacts.models import CheckIn

    n = CheckIn.objects.filter(status="received").count()
    connection.close()
    return n


def _drain(started: float, timeout: float = 300) -> dict:
    """Wait until no check-in is left `received`; counts by status and when the last one was judged."""
    from django.db import connection
    from django.db.models import Count

    from bimkemas.contacts.models import CheckIn

    while True:
        left = CheckIn.objects.filter(status="received").count()
        if not left or time.monotonic() - started > timeout:
            break
        time.sleep(0.5)
    counts = dict(CheckIn.objects.values_list("status").annotate(n=Count("id")))
    connection.close()
    return {"left": left, "seconds": time.monotonic() - started, "counts": counts}


def _wrk(url: str, script: Path | None, *, seconds: int, connections: int, threads: int) -> dict:
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)

    def ms(label: str) -> float:
        m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {
        "rps": rps,
        "requests": total,
        "non2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
        "p50": ms("50"),
        "p99": ms("99"),
    }


def _combined(runs: list[dict]) -> dict:
    """Several wrk runs of one endpoint as one: requests over time; the worst p50/p99 of the rounds."""
    seconds = sum(r["requests"] / r["rps"] for r in runs)
    return {
        "rps": sum(r["requests"] for r in runs) / seconds,
        "requests": sum(r["requests"] for r in runs),
        "non2xx": sum(r["non2xx"] for r in runs),
        "socket_errors": "; ".join(r["socket_errors"] for r in runs if r["socket_errors"]),
        "p50": max(r["p50"] for r in runs),
        "p99": max(r["p99"] for r in runs),
    }


def _script(tmp: Path, name: str, *, method: str, path: str, sessions_file: Path, run: str) -> Path:
    text = (
        WRK_SCRIPT.replace("__SESSIONS__", str(sessions_file))
        .replace("__METHOD__", method)
        .replace("__PATH__", path)
        .replace("__RUN__", run)
        .replace("__STRIDE__", "7")
        .replace("__ANSWERS__", ANSWERS)
    )
    script = tmp / name
    script.write_text(text)
    return script


def _paced(port: int, sessions: list[tuple[str, str]], *, rate: int, seconds: int, start: int):
    """`rate` check-ins per second for `seconds`: latencies (ms, from the scheduled time), statuses, keys."""
    total = rate * seconds
    jobs: queue.Queue = queue.Queue()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    sent_ok: list[str] = []
    lock = threading.Lock()
    t0 = time.perf_counter() + 0.2
    for i in range(total):
        jobs.put((t0 + i / rate, sessions[(start + i) % len(sessions)]))

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            try:
                due, (sid, token, portal) = jobs.get_nowait()
            except queue.Empty:
                conn.close()
                return
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            key = str(uuid.uuid4())
            body = '{"key":"' + key + '",' + ANSWERS + "}"
            headers = {
                "Content-Type": "application/json",
                "X-CSRFToken": token,
                "Cookie": f"sessionid={sid}; csrftoken={token}; bimkemas_portal={portal}",
            }
            try:
                conn.request("POST", CHECKIN_PATH, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            elapsed = (time.perf_counter() - due) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    sent_ok.append(key)

    threads = [threading.Thread(target=worker) for _ in range(min(32, max(4, rate // 5)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses, sent_ok, time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--seconds", type=int, default=5, help="each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating baseline / check-in wrk runs")
    parser.add_argument("--rate", type=int, default=100, help="check-ins per second in the latency phase")
    parser.add_argument("--rate-seconds", type=int, default=20)
    parser.add_argument("--database", default="bimkemas_checkin_bench")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL must point at PostgreSQL: run via scripts/with-postgres.sh", file=sys.stderr)
        return 2
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    os.environ["DATABASE_URL"] = _database_url(base, args.database)
    os.environ.setdefault("BIMKEMAS_REGIONS_PROVINCES", "34,35,36")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimkemas.settings")
    sys.path.insert(0, str(ROOT / "src"))
    tmp = Path(tempfile.mkdtemp(prefix="checkin-bench-"))
    os.environ["BIMKEMAS_DATA_DIR"] = str(tmp)

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()

    sessions = _prepare(args.clients)
    sessions_file = tmp / "sessions.txt"
    sessions_file.write_text("".join(f"{sid} {tok} {portal}\n" for sid, tok, portal in sessions))
    run = uuid.uuid4().hex[:8]

    port = _free_port()
    server = _start_server(port, args.workers, tmp)
    consumer = None
    url = f"http://127.0.0.1:{port}"
    try:
        # A real login through the stack first: the sessions made above are what it would make.
        from bimkemas.portal.models import ClientAccount

        nik = ClientAccount.objects.select_related("person").order_by("id").first().person.nik
        with urllib.request.urlopen(url + "/p/masuk/") as page:  # the CSRF cookie
            cookie = page.headers["Set-Cookie"].split(";")[0]
            token = cookie.split("=", 1)[1]
        login = urllib.request.Request(
            url + "/p/masuk/",
            data=f"nik={nik}&pin=135790&csrfmiddlewaretoken={token}".encode(),
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **kw):
                return None

        try:
            urllib.request.build_opener(NoRedirect).open(login)
            print("warning: the portal login did not redirect", file=sys.stderr)
        except urllib.error.HTTPError as answer:
            print(f"portal login through the server: {answer.code} → {answer.headers.get('Location')}")

        ping_script = _script(
            tmp, "ping.lua", method="GET", path=PING_PATH, sessions_file=sessions_file, run=run
        )
        warm = {"seconds": 2, "connections": args.connections, "threads": args.threads}
        _wrk(url + BASELINE_PATH, None, **warm)
        _wrk(url + PING_PATH, ping_script, **warm)
        _wrk(url + CHECKIN_PATH, _script(tmp, "warm.lua", method="POST", path=CHECKIN_PATH,
                                         sessions_file=sessions_file, run=run[:4] + "ffff"), **warm)  # fmt: skip

        full = {"seconds": args.seconds, "connections": args.connections, "threads": args.threads}
        # Baseline and check-ins alternate, round after round: a machine that speeds up or slows down
        # during the run (shared hosts do) then weighs on both alike.
        rounds = {"baseline": [], "checkins": []}
        for i in range(args.rounds):
            rounds["baseline"].append(_wrk(url + BASELINE_PATH, None, **full))
            script = _script(
                tmp,
                f"checkin{i}.lua",
                method="POST",
                path=CHECKIN_PATH,
                sessions_file=sessions_file,
                run=f"{run[:6]}{i:02x}",
            )  # new keys each round; fmt: skip
            rounds["checkins"].append(_wrk(url + CHECKIN_PATH, script, **full))
        baseline, checkins = _combined(rounds["baseline"]), _combined(rounds["checkins"])
        ping = _wrk(url + PING_PATH, ping_script, **full)
        print(f"\nthroughput, wrk {args.threads} threads × {args.connections} connections, "
              f"{args.rounds} alternating rounds of {args.seconds} s, gunicorn {args.workers} workers")  # fmt: skip
        for label, key in (("baseline", "baseline"), ("check-ins", "checkins")):
            print(f"  {label} req/s by round: " + ", ".join(f"{r['rps']:.1f}" for r in rounds[key]))
        print(f"{'endpoint':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} {'non-2xx':>8}")
        for label, r in (("GET /healthz (baseline)", baseline), ("GET portal/ping (session only)", ping),
                         ("POST portal/checkins", checkins)):  # fmt: skip
            print(f"{label:<34} {r['rps']:9.1f} {r['p50']:8.2f} {r['p99']:8.2f} {r['requests']:9d} {r['non2xx']:8d}"
                  + (f"  socket errors: {r['socket_errors']}" if r["socket_errors"] else ""))  # fmt: skip

        latencies, statuses, keys, took = _paced(
            port, sessions, rate=args.rate, seconds=args.rate_seconds, start=len(sessions) // 2
        )
        p50, p99 = statistics.median(latencies), _percentile(latencies, 99)
        print(f"\nfixed rate: {args.rate} check-ins/s for {args.rate_seconds} s "
              f"(achieved {len(latencies) / took:.1f}/s): p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
              f"max {max(latencies):.2f} ms; statuses {statuses}")  # fmt: skip
        waiting = _received_count()
        consumer = _start_consumer(tmp)  # the burst is over: the worker catches up
        drained = _drain(time.monotonic())
        print(f"inbox: {waiting} received check-ins judged by one huey consumer ({CONSUMER_WORKERS} processes) in {drained['seconds']:.1f} s "
              f"({waiting / drained['seconds']:.0f}/s, including its start-up); left {drained['left']}; "
              f"by status {drained['counts']}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=20)
        if consumer is not None:
            consumer.terminate()
            consumer.wait(timeout=20)

    from django.db import connection

    from bimkemas.contacts.models import CheckIn, Contact

    recorded = CheckIn.objects.filter(key__in=keys).count()
    contacts = Contact.objects.filter(checkin__key__in=keys).count()
    duplicates = recorded != len(keys) or contacts != len(keys)
    print(f"fixed-rate phase: {len(keys)} accepted, {recorded} check-ins and {contacts} contacts recorded"
          + (" — MISMATCH" if duplicates else ""))  # fmt: skip
    connection.close()
    if checkins["non2xx"] or statuses.keys() - {200, 201}:
        print((tmp / "server.log").read_text()[-3000:], file=sys.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    if checkins["non2xx"] or statuses.keys() - {200, 201}:
        print("warning: some check-ins were not accepted (see the server log)", file=sys.stderr)
    ratio = checkins["rps"] / baseline["rps"]
    print(f"ratio against the portal ping (same session lookup): {checkins['rps'] / ping['rps']:.2f}")
    print(
        f"checkin_rps={checkins['rps']:.1f} baseline_rps={baseline['rps']:.1f} ratio={ratio:.2f} "
        f"p50_ms={p50:.2f} p99_ms={p99:.2f}"
    )
    return 1 if duplicates else 0


if __name__ == "__main__":
    sys.exit(main())
