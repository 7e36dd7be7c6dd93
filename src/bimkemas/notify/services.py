"""Queueing and delivering messages. Every message is logged (`Message`) with its delivery status.

The lead's reminder rules call `message_queue(...)`; the huey task `tasks.message_send` calls
`message_deliver(...)` (one delivery attempt) and retries on failure; `tasks.message_requeue`
periodically re-queues what is due, so nothing is lost when the worker was down.
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bimkemas.notify.backends import DeliveryError, backend_for
from bimkemas.notify.models import SENDABLE_STATUSES, Channel, Message, MessageStatus
from bimkemas.notify.texts import text_render

logger = logging.getLogger("bimkemas.notify")

DEFAULT_TIMEZONE = "Asia/Jakarta"


def _setting(name: str, default):
    return getattr(settings, name, default)


def max_attempts() -> int:
    """Delivery attempts before a message is given up: the first one plus the task's retries."""
    return int(_setting("NOTIFY_MAX_ATTEMPTS", 6))


def retry_delay(attempt: int) -> dt.timedelta:
    """Wait after failed attempt number `attempt` (1-based): NOTIFY_RETRY_DELAY × 2^(attempt-1) seconds."""
    return dt.timedelta(seconds=int(_setting("NOTIFY_RETRY_DELAY", 60)) * 2 ** max(attempt - 1, 0))


def quiet_hours_end(*, when: dt.datetime, timezone_name: str = DEFAULT_TIMEZONE) -> dt.datetime | None:
    """End of the quiet hours `when` falls in (in the Bapas's time zone), or None outside them.

    `NOTIFY_QUIET_HOURS = (21, 6)`: no SMS/WhatsApp from 21.00 until 06.00 local time; None disables.
    """
    hours = _setting("NOTIFY_QUIET_HOURS", (21, 6))
    if not hours:
        return None
    start, end = (int(h) for h in hours)
    if start == end:
        return None
    tz = ZoneInfo(timezone_name or DEFAULT_TIMEZONE)
    local = when.astimezone(tz)
    wraps_midnight = start > end
    quiet = (local.hour >= start or local.hour < end) if wraps_midnight else (start <= local.hour < end)
    if not quiet:
        return None
    day = local.date() + dt.timedelta(days=1) if wraps_midnight and local.hour >= start else local.date()
    return dt.datetime.combine(day, dt.time(end), tzinfo=tz)


def _quiet_channels() -> tuple[str, ...]:
    return tuple(_setting("NOTIFY_QUIET_HOURS_CHANNELS", (Channel.SMS, Channel.WHATSAPP)))


def recipient_normalize(channel: str, to: str) -> str:
    """E.164 for phones (default region ID), lower-cased address for e-mail; ValidationError if invalid."""
    to = (to or "").strip()
    if not to:
        raise ValidationError(_("Tidak ada alamat tujuan."))
    if channel == Channel.EMAIL:
        validate_email(to)
        return to.lower()
    try:
        number = phonenumbers.parse(to, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Nomor telepon tidak valid: %(to)s") % {"to": to}) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Nomor telepon tidak valid: %(to)s") % {"to": to})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _schedule(message_id: int, due: dt.datetime) -> None:
    from bimkemas.notify import tasks

    if due > timezone.now():
        tasks.message_send.schedule(args=(message_id,), eta=due)
    else:
        tasks.message_send(message_id)


@transaction.atomic
def message_queue(
    *,
    channel: str,
    to: str,
    template: str,
    context: dict,
    dedupe_key: str,
    person=None,
    case=None,
    bapas=None,
    send_after: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Message:
    """Log a message and schedule its delivery (after the transaction commits). Idempotent by `dedupe_key`.

    The same `dedupe_key` returns the message already logged and schedules nothing. `to` is a phone number
    (any Indonesian notation; stored as E.164) or an e-mail address. A recipient that cannot be used (no
    number, invalid number) is logged as given up, with the reason, and never sent. SMS/WhatsApp falling
    in the quiet hours of the Bapas (default: that of the case) are deferred to their end.
    Raises ValueError for an unknown channel or template, or a context missing a template's field.
    """
    existing = Message.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if case is not None:
        bapas = bapas or case.bapas
        person = person or case.person
    timezone_name = getattr(bapas, "timezone", "") or DEFAULT_TIMEZONE
    rendered = text_render(
        code=template, context=context, timezone_name=timezone_name, sms=channel == Channel.SMS
    )
    now = now or timezone.now()
    due = max(send_after or now, now)
    status, error = MessageStatus.QUEUED, ""
    try:
        recipient = recipient_normalize(channel, to)
    except ValidationError as exc:
        with translation.override("id"):
            recipient, status, error = (to or "")[:254], MessageStatus.GAVE_UP, " ".join(exc.messages)
    if status == MessageStatus.QUEUED and channel in _quiet_channels():
        quiet_end = quiet_hours_end(when=due, timezone_name=timezone_name)
        if quiet_end is not None:
            status, due = MessageStatus.DEFERRED, quiet_end
    try:
        with transaction.atomic():
            message = Message.objects.create(
                channel=channel,
                recipient=recipient,
                person=person,
                case=case,
                bapas=bapas,
                template=template,
                subject=rendered.subject[:200],
                body=rendered.body,
                dedupe_key=dedupe_key,
                status=status,
                last_error=error,
                created_at=now,
                updated_at=now,
                send_after=due,
            )
    except IntegrityError:  # the same dedupe_key committed meanwhile by another transaction
        return Message.objects.get(dedupe_key=dedupe_key)
    if status != MessageStatus.GAVE_UP:
        transaction.on_commit(lambda: _schedule(message.id, due))
    return message


def message_deliver(*, message_id: int, now: dt.datetime | None = None) -> Message | None:
    """One delivery attempt; returns the message as it now stands (None if it no longer exists).

    Deliberately not one transaction: the provider is called outside any lock. A worker first claims the
    message with a conditional UPDATE (sendable and due → `sending`); only the worker whose UPDATE
    changed the row sends, so two workers (or a retry racing the periodic re-queue) never send it twice,
    and a message already sent or given up is never sent again. Outcomes: `sent` (with the provider's
    id), `failed` (to be tried again after `retry_delay`), `gave_up` after `max_attempts()` attempts,
    or `deferred` when it is due inside the quiet hours.
    """
    now = now or timezone.now()
    message = Message.objects.select_related("bapas").filter(id=message_id).first()
    if message is None or message.status not in SENDABLE_STATUSES or message.send_after > now:
        return message
    timezone_name = getattr(message.bapas, "timezone", "") or DEFAULT_TIMEZONE
    if message.channel in _quiet_channels():
        quiet_end = quiet_hours_end(when=now, timezone_name=timezone_name)
        if quiet_end is not None:
            Message.objects.filter(id=message_id, status__in=SENDABLE_STATUSES).update(
                status=MessageStatus.DEFERRED, send_after=quiet_end, updated_at=now
            )
            message.refresh_from_db()
            return message
    claimed = Message.objects.filter(id=message_id, status__in=SENDABLE_STATUSES, send_after__lte=now).update(
        status=MessageStatus.SENDING, attempts=F("attempts") + 1, updated_at=now
    )
    message.refresh_from_db()
    if not claimed:
        return message

    try:
        provider_id = backend_for(message.channel).send(message)
    except Exception as exc:
        if not isinstance(exc, DeliveryError):
            logger.exception("notify backend crashed on message %s", message_id)
        error = str(exc)[:1000] or type(exc).__name__
        if message.attempts >= max_attempts():
            changes = {"status": MessageStatus.GAVE_UP}
        else:
            changes = {"status": MessageStatus.FAILED, "send_after": now + retry_delay(message.attempts)}
        Message.objects.filter(id=message_id, status=MessageStatus.SENDING).update(
            last_error=error, updated_at=now, **changes
        )
        logger.warning("notify: message %s attempt %s failed: %s", message_id, message.attempts, error)
    else:
        Message.objects.filter(id=message_id, status=MessageStatus.SENDING).update(
            status=MessageStatus.SENT, provider_message_id=provider_id[:200], sent_at=now, updated_at=now
        )
    message.refresh_from_db()
    return message


def message_withdraw(
    *, template: str, dedupe_key_prefix: str, reason: str, now: dt.datetime | None = None
) -> int:
    """Withdraw the messages not sent yet (queued, held for the quiet hours, or waiting for a retry) of
    `template` whose dedupe key starts with `dedupe_key_prefix`: what they announce no longer holds (a
    session moved or cancelled). They are never sent; the log keeps them with the reason. Returns how many."""
    now = now or timezone.now()
    # The key is set aside (suffixed) so that the same announcement made again later — a session moved back
    # to its first date — is a new message, not this withdrawn one.
    return Message.objects.filter(
        template=template, dedupe_key__startswith=dedupe_key_prefix, status__in=SENDABLE_STATUSES
    ).update(
        status=MessageStatus.WITHDRAWN,
        last_error=reason[:1000],
        updated_at=now,
        dedupe_key=Concat(F("dedupe_key"), Value(f":withdrawn:{now.timestamp():.0f}")),
    )


def message_requeue_due(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of messages due for a delivery attempt that no scheduled task may be coming for.

    Queued, deferred and failed messages due for longer than `NOTIFY_REQUEUE_GRACE` seconds (their own
    scheduled task would have run by then, unless the worker was down), oldest first, at most
    `NOTIFY_REQUEUE_BATCH`. A message left `sending` longer than `NOTIFY_SENDING_STALE` seconds (its
    worker died mid-send) is marked failed first and comes back with them; the gateway receives the same
    `Idempotency-Key` again, as after a timeout.
    """
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=int(_setting("NOTIFY_SENDING_STALE", 900)))
    with translation.override("id"):
        retry_text = _("Pengiriman terputus (pekerja berhenti); dicoba lagi.")
        final_text = _("Pengiriman terputus (pekerja berhenti).")
    Message.objects.filter(
        status=MessageStatus.SENDING, updated_at__lt=stale, attempts__lt=max_attempts()
    ).update(status=MessageStatus.FAILED, last_error=retry_text, send_after=now, updated_at=now)
    Message.objects.filter(status=MessageStatus.SENDING, updated_at__lt=stale).update(
        status=MessageStatus.GAVE_UP, last_error=final_text, updated_at=now
    )
    due = now - dt.timedelta(seconds=int(_setting("NOTIFY_REQUEUE_GRACE", 120)))
    batch = int(_setting("NOTIFY_REQUEUE_BATCH", 500))
    return list(
        Message.objects.filter(status__in=SENDABLE_STATUSES, send_after__lte=due)
        .order_by("send_after", "id")
        .values_list("id", flat=True)[:batch]
    )
