"""A real HTTP server on 127.0.0.1 standing in for the SMS/WhatsApp gateway, and huey in immediate mode:
fixtures for the tests of every app that sends messages (imported by their conftest)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Gateway:
    """Answers each POST with the next scripted reply: an int status, "hang" (never answers in time) or
    "ok" (200 with a provider id). When the script runs out every request gets "ok"."""

    def __init__(self):
        self.script: list = []
        self.requests: list[dict] = []  # every request received, with the reply given
        self.release = threading.Event()  # lets hanging handlers finish at teardown
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with gateway.lock:
                    reply = gateway.script.pop(0) if gateway.script else "ok"
                    entry = {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "json": json.loads(raw or b"{}"),
                        "reply": reply,
                    }
                    gateway.requests.append(entry)
                    provider_id = f"gw-{len(gateway.requests)}"
                if reply == "hang":
                    gateway.release.wait(10)
                    return
                status = 200 if reply == "ok" else int(reply)
                body = json.dumps(
                    {"id": provider_id} if status == 200 else {"error": "gateway down"}
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def delivered(self, reference: str) -> int:
        """How many requests for this reference the gateway accepted (answered 200)."""
        return sum(1 for r in self.requests if r["json"].get("reference") == reference and r["reply"] == "ok")

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    gw = Gateway()
    settings.NOTIFY_SMS_BACKEND = "bimkemas.notify.backends.SmsGatewayBackend"
    settings.NOTIFY_SMS_URL = gw.url
    settings.NOTIFY_SMS_TOKEN = "rahasia-sms"
    settings.NOTIFY_WHATSAPP_BACKEND = "bimkemas.notify.backends.WhatsAppGatewayBackend"
    settings.NOTIFY_WHATSAPP_URL = gw.url.replace("/send", "/wa")
    settings.NOTIFY_WHATSAPP_TOKEN = "rahasia-wa"
    settings.NOTIFY_HTTP_TIMEOUT = 5
    yield gw
    gw.close()


@pytest.fixture
def huey_immediate():
    """Run huey tasks inline. (The root conftest's settings.HUEY change comes after djhuey built its
    instance at start-up, so it does not reach the tasks: switch the instance itself.)"""
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before
