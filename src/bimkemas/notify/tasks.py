"""huey tasks: thin wrappers around notify.services.

The database is the source of truth for retries: after a failed attempt `message_deliver` sets the
message `failed` with `send_after` = when to try again (NOTIFY_RETRY_DELAY × 2^(attempt-1) s), and
`message_send` schedules itself for that moment, up to NOTIFY_MAX_ATTEMPTS attempts. huey's own
`retries` cover the task crashing (database unavailable and the like).
"""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from bimkemas.notify.models import SENDABLE_STATUSES
from bimkemas.notify.services import message_deliver, message_requeue_due


@db_task(retries=5, retry_delay=60)
def message_send(message_id: int) -> str | None:
    """One delivery attempt; when the message is to be tried again later, schedule the next one."""
    message = message_deliver(message_id=message_id)
    if message is None:
        return None
    if message.status in SENDABLE_STATUSES and message.send_after > timezone.now():
        message_send.schedule(args=(message_id,), eta=message.send_after)
    return message.status


@db_periodic_task(crontab(minute="*/5"))
def message_requeue() -> int:
    """Every 5 minutes: send what is due but was missed (worker down, lost schedule, interrupted send)."""
    ids = message_requeue_due()
    for message_id in ids:
        message_send(message_id)
    return len(ids)
