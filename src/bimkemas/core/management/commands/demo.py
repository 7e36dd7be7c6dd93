"""`bimkemas demo`: migrate, load the demo data once, then serve the site and run the huey consumer.

The web server (gunicorn) and the consumer (`bimkemas run_huey`) run as child processes with
BIMKEMAS_DEMO=1 and DEBUG off; Ctrl-C or SIGTERM stops both. `--load-only` stops after loading
(browser tests use it), `--reset` starts from an empty SQLite file.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

STOP_TIMEOUT = 10  # seconds a child gets to stop before it is killed


def _sqlite_path() -> Path | None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return None
    return Path(db["NAME"])


def _gunicorn_has(setting: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(s.name == setting for s in KNOWN_SETTINGS)


class Command(BaseCommand):
    help = "Demo: migrate, load demo data, serve http://127.0.0.1:8000 and run the background worker."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Port on 127.0.0.1 (default 8000).")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the huey consumer.")
        parser.add_argument("--load-only", action="store_true", help="Migrate and load data, then exit.")
        parser.add_argument("--reset", action="store_true", help="Delete the SQLite database file first.")

    def handle(self, *args, port: int, no_worker: bool, load_only: bool, reset: bool, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
        if reset:
            self._reset()
        path = _sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.stdout.write(_("Menyiapkan basis data (migrasi; pemuatan data wilayah pertama kali ±10 detik)…"))
        call_command("migrate", interactive=False, verbosity=0)
        self._load()
        self._print_logins(port)
        if load_only:
            return
        self._serve(port=port, worker=not no_worker)

    def _reset(self) -> None:
        path = _sqlite_path()
        if path is None:
            raise CommandError(_("--reset hanya untuk basis data SQLite; basis data lain tidak dihapus."))
        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            candidate = Path(f"{path}{suffix}")
            if candidate.exists():
                candidate.unlink()
        self.stdout.write(_("Basis data %(path)s dihapus.") % {"path": path})

    def _load(self) -> None:
        from bimkemas.core.demo_data import demo_load

        self.stdout.write(_("Memuat data demo…"))
        result = demo_load()
        if result["created"]:
            msg = _(
                "Data demo dimuat: %(clients)d klien, %(cases)d kasus (%(active)d aktif) dalam %(s)s detik."
            )
            self.stdout.write(self.style.SUCCESS(msg % {**result, "s": result["seconds"]}))
        else:
            msg = _("Data demo sudah ada: %(clients)d klien, %(cases)d kasus (%(active)d aktif).")
            self.stdout.write(msg % result)

    def _print_logins(self, port: int) -> None:
        from bimkemas.core.demo_data import DEMO_LOGINS, DEMO_PASSWORD

        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(_("Akun demo (kata sandi: %(pw)s)") % {"pw": DEMO_PASSWORD})
        )
        for username, label in DEMO_LOGINS:
            self.stdout.write(f"  {username:<11} {label}")
        from bimkemas.portal.demo import DEMO_PIN, demo_client

        client = demo_client()
        if client is not None:
            self.stdout.write("")
            self.stdout.write(
                _("Portal klien /p/: NIK %(nik)s, PIN %(pin)s (%(name)s, klien pk1)")
                % {"nik": client.person.nik, "pin": DEMO_PIN, "name": client.person.name}
            )
        self.stdout.write("")
        self.stdout.write(_("Buka http://127.0.0.1:%(port)d/ — hentikan dengan Ctrl-C.") % {"port": port})

    def _serve(self, *, port: int, worker: bool) -> None:
        # DEMO_MODE is read when settings load, so the children get it through their environment.
        env = {**os.environ, "BIMKEMAS_DEMO": "1", "DEBUG": "0", "PYTHONUNBUFFERED": "1"}
        env.setdefault("DJANGO_SETTINGS_MODULE", "bimkemas.settings")
        web = [sys.executable, "-m", "gunicorn", "bimkemas.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "2", "--threads", "4", "--access-logfile", "-", "--graceful-timeout", "5"]  # fmt: skip
        if _gunicorn_has("control_socket_disable"):  # gunicorn ≥ 24 opens a control socket in $HOME
            web.append("--no-control-socket")
        children: list[tuple[str, subprocess.Popen]] = [("web", subprocess.Popen(web, env=env))]  # noqa: S603
        if worker:
            consumer = [sys.executable, "-m", "bimkemas.cli", "run_huey"]
            children.append(("worker", subprocess.Popen(consumer, env=env)))  # noqa: S603

        stopping = {"signal": None}

        def on_signal(signum, frame):
            stopping["signal"] = signum

        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        exit_code = 0
        try:
            while stopping["signal"] is None:
                dead = [(name, p) for name, p in children if p.poll() is not None]
                if dead:
                    name, proc = dead[0]
                    self.stderr.write(
                        _("Proses %(name)s berhenti (kode %(code)s); menghentikan yang lain.")
                        % {"name": name, "code": proc.returncode}
                    )
                    exit_code = proc.returncode or 1
                    break
                time.sleep(0.2)
        finally:
            self._stop(children)
            for s, handler in previous.items():
                signal.signal(s, handler)
        self.stdout.write(_("Demo dihentikan."))
        if exit_code:
            raise SystemExit(exit_code)

    def _stop(self, children) -> None:
        for _name, proc in children:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for _name, proc in children:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
