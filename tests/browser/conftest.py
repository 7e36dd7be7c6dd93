"""Browser journeys: a real server (gunicorn, demo data) driven by Playwright in Debian's Chromium.

The server runs in its own process against its own database — PostgreSQL when DATABASE_URL points at
one (the test command starts a throwaway server), otherwise a temporary SQLite file.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "bimkemas-demo"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"],
    }  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp: Path) -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'browser.sqlite3'}", lambda: None
    import psycopg

    name = f"bimkemas_browser_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.rsplit("/", 1)[0] + "/" + name, drop


SERVER_ENV: dict = {}  # the server's environment, for `manage`


@pytest.fixture
def manage(server_url):
    """Run a `bimkemas` command against the server's database (to arrange a state, or to run the hourly
    job now); returns its output."""

    def _run(*args: str) -> str:
        env = {**SERVER_ENV, "PYTHONPATH": str(ROOT)}  # `tests.*` factories importable in `shell -c`
        done = subprocess.run(
            [str(BIN / "bimkemas"), *args], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    return _run


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("server")
    db_url, drop = _database_url(tmp)
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "BIMKEMAS_DATA_DIR": str(tmp),
        "BIMKEMAS_DEMO": "1",
        "BIMKEMAS_REGIONS_PROVINCES": os.environ.get("BIMKEMAS_REGIONS_PROVINCES", "34") + ",34",
        "HUEY_IMMEDIATE": "1",
        "DJANGO_SETTINGS_MODULE": "bimkemas.settings",
    }
    subprocess.run([str(BIN / "bimkemas"), "demo", "--load-only"], env=env, check=True, cwd=ROOT)
    SERVER_ENV.update(env)
    port = _free_port()
    log = open(tmp / "server.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "bimkemas.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--timeout", "60"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError((tmp / "server.log").read_text()) from None
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()
    drop()


@pytest.fixture
def login(page, server_url):
    def _login(username: str, password: str = DEMO_PASSWORD):
        page.context.clear_cookies()
        page.goto(server_url + "/masuk/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
        assert "/masuk/" not in page.url, f"login failed for {username}"

    return _login


@pytest.fixture
def axe(page):
    """Run axe-core on the current page; fail on serious or critical violations."""

    def _check(context: str = ""):
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run()).violations")
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in bad
        )
        assert not bad, f"accessibility violations on {context or page.url}:\n{details}"

    return _check
