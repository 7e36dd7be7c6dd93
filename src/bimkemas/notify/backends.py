"""Delivery backends, chosen per channel by settings (dotted paths).

- `NOTIFY_SMS_BACKEND`, `NOTIFY_WHATSAPP_BACKEND`: default `ConsoleBackend` (logs and prints).
  For a real gateway set them to `bimkemas.notify.backends.SmsGatewayBackend` /
  `WhatsAppGatewayBackend` and set `NOTIFY_SMS_URL` + `NOTIFY_SMS_TOKEN` (resp. `NOTIFY_WHATSAPP_*`).
- `NOTIFY_EMAIL_BACKEND`: default `EmailBackend` (Django's e-mail framework, `EMAIL_BACKEND` etc.).

A backend's `send(message)` returns the provider's message id, or raises `DeliveryError`.
"""

import json
import logging
import sys
import urllib.error
import urllib.request
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

logger = logging.getLogger("bimkemas.notify")

DEFAULT_BACKENDS = {
    "sms": "bimkemas.notify.backends.ConsoleBackend",
    "whatsapp": "bimkemas.notify.backends.ConsoleBackend",
    "email": "bimkemas.notify.backends.EmailBackend",
}


class DeliveryError(Exception):
    """The message was not delivered to the provider; it may be tried again."""


def backend_for(channel: str):
    path = getattr(settings, f"NOTIFY_{channel.upper()}_BACKEND", None) or DEFAULT_BACKENDS[channel]
    return import_string(path)()


class ConsoleBackend:
    """Writes the message to the log and standard output instead of sending it (the default)."""

    def send(self, message) -> str:
        line = f"[{message.channel}] to {message.recipient} ({message.template}): {message.body}"
        logger.info("notify console: %s", line)
        print(line, file=sys.stdout, flush=True)  # noqa: T201 - the console backend's whole job
        return f"console-{message.pk}"


class HttpGatewayBackend:
    """POSTs the message as JSON to an HTTP gateway; any non-2xx answer, timeout or network error fails.

    Request: `Authorization: Bearer <token>`, `Idempotency-Key: <dedupe_key>` (a gateway that honours it
    will not send twice when a timed-out request is repeated), body
    `{"to": "+62…", "body": "…", "reference": "<dedupe_key>", "channel": "sms"}`.
    Response: JSON with the provider's id in `id` or `message_id` (optional).
    """

    prefix = ""  # NOTIFY_SMS / NOTIFY_WHATSAPP

    def __init__(self):
        self.url = getattr(settings, f"{self.prefix}_URL", "")
        self.token = getattr(settings, f"{self.prefix}_TOKEN", "")
        self.timeout = float(getattr(settings, "NOTIFY_HTTP_TIMEOUT", 10))

    def send(self, message) -> str:
        if not self.url.startswith(("http://", "https://")):
            raise DeliveryError(f"{self.prefix}_URL is not set to an http(s) URL")
        payload = {
            "to": message.recipient,
            "body": message.body,
            "reference": message.dedupe_key,
            "channel": message.channel,
        }
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            self.url,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": message.dedupe_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
                raw = response.read(64 * 1024)
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode(errors="replace") if exc.fp else ""
            raise DeliveryError(f"HTTP {exc.code} {detail}".strip()) from exc
        except TimeoutError as exc:
            raise DeliveryError(f"timeout after {self.timeout:g} s") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise DeliveryError(f"timeout after {self.timeout:g} s") from exc
            raise DeliveryError(f"network error: {reason}") from exc
        if not 200 <= status < 300:
            raise DeliveryError(f"HTTP {status}")
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            data = {}
        provider_id = (data.get("id") or data.get("message_id")) if isinstance(data, dict) else None
        return str(provider_id or "")


class SmsGatewayBackend(HttpGatewayBackend):
    prefix = "NOTIFY_SMS"


class WhatsAppGatewayBackend(HttpGatewayBackend):
    prefix = "NOTIFY_WHATSAPP"


class EmailBackend:
    """E-mail for staff through Django's e-mail framework (`EMAIL_BACKEND`, `DEFAULT_FROM_EMAIL`)."""

    def send(self, message) -> str:
        message_id = make_msgid(domain=getattr(settings, "NOTIFY_EMAIL_DOMAIN", "bimkemas.local"))
        email = EmailMessage(
            subject=message.subject or "Bimkemas",
            body=message.body,
            from_email=getattr(settings, "NOTIFY_EMAIL_FROM", None),  # None: DEFAULT_FROM_EMAIL
            to=[message.recipient],
            headers={"Message-ID": message_id},
        )
        try:
            email.send(fail_silently=False)
        except Exception as exc:  # SMTP errors, refused connections, …
            raise DeliveryError(f"e-mail: {exc}") from exc
        return message_id
