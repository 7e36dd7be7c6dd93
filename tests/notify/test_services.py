"""Queueing and delivering through a real local HTTP gateway: success, failure then recovery, timeouts,
quiet hours, dedupe, the console default, e-mail, and the periodic re-queue."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection

from bimkemas.notify import tasks
from bimkemas.notify.models import Message, MessageStatus
from bimkemas.notify.services import message_deliver, message_queue, message_requeue_due, quiet_hours_end
from tests.notify.helpers import JKT, MORNING, queue, reminder_context

pytestmark = pytest.mark.django_db


def test_sent_through_the_gateway_records_provider_id(gateway, client_rudi):
    message = queue(case=client_rudi)
    assert message.status == MessageStatus.QUEUED
    assert message.recipient == "+6281222334455"
    assert message.bapas == client_rudi.bapas and message.person == client_rudi.person

    message = message_deliver(message_id=message.id, now=MORNING)

    assert message.status == MessageStatus.SENT
    assert message.provider_message_id == "gw-1"
    assert message.attempts == 1 and message.sent_at == MORNING and message.last_error == ""
    [request] = gateway.requests
    assert request["path"] == "/send"
    assert request["headers"]["Authorization"] == "Bearer rahasia-sms"
    assert request["headers"]["Idempotency-Key"] == "obligation-1:before:sms"
    assert request["json"]["to"] == "+6281222334455"
    assert request["json"]["body"].startswith("Yth. Rudi Hartono, Anda wajib lapor")


def test_whatsapp_goes_to_its_own_gateway_with_its_own_token(gateway, client_rudi):
    message = queue(case=client_rudi, channel="whatsapp", key="wa-1")
    message = message_deliver(message_id=message.id, now=MORNING)
    assert message.status == MessageStatus.SENT
    [request] = gateway.requests
    assert request["path"] == "/wa"
    assert request["headers"]["Authorization"] == "Bearer rahasia-wa"


def test_gateway_failing_then_recovering_is_retried_and_sent_exactly_once(gateway, client_rudi):
    gateway.script = [500, 503]
    message = queue(case=client_rudi)

    message = message_deliver(message_id=message.id, now=MORNING)
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1 and "HTTP 500" in message.last_error
    assert message.send_after == MORNING + dt.timedelta(seconds=60)

    # Too early for the retry (e.g. the periodic sweep running meanwhile): nothing is sent.
    message_deliver(message_id=message.id, now=MORNING + dt.timedelta(seconds=30))
    assert len(gateway.requests) == 1

    message = message_deliver(message_id=message.id, now=MORNING + dt.timedelta(seconds=60))
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 2 and "HTTP 503" in message.last_error
    assert message.send_after == MORNING + dt.timedelta(seconds=60 + 120)  # backoff doubles

    message = message_deliver(message_id=message.id, now=MORNING + dt.timedelta(minutes=3))
    assert message.status == MessageStatus.SENT
    assert message.attempts == 3 and message.provider_message_id == "gw-3"

    # Later attempts (a late retry, a second worker) never send it again.
    for minutes in (4, 10, 60):
        message_deliver(message_id=message.id, now=MORNING + dt.timedelta(minutes=minutes))
    assert len(gateway.requests) == 3
    assert gateway.delivered("obligation-1:before:sms") == 1


def test_gives_up_after_the_last_attempt(gateway, client_rudi, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    gateway.script = [500] * 10
    message = queue(case=client_rudi)
    now = MORNING
    for _ in range(5):
        message = message_deliver(message_id=message.id, now=now)
        now += dt.timedelta(hours=1)
    assert message.status == MessageStatus.GAVE_UP
    assert message.attempts == 3
    assert len(gateway.requests) == 3
    assert message_requeue_due(now=now + dt.timedelta(days=1)) == []


def test_timeout_is_a_failure_and_retried(gateway, client_rudi, settings):
    settings.NOTIFY_HTTP_TIMEOUT = 0.3
    gateway.script = ["hang"]
    message = queue(case=client_rudi)

    message = message_deliver(message_id=message.id, now=MORNING)
    assert message.status == MessageStatus.FAILED
    assert "timeout" in message.last_error

    message = message_deliver(message_id=message.id, now=MORNING + dt.timedelta(minutes=1))
    assert message.status == MessageStatus.SENT
    assert message.attempts == 2


def test_unreachable_gateway_is_a_failure(gateway, client_rudi):
    gateway.close()  # nothing listens on the port any more
    message = queue(case=client_rudi)
    message = message_deliver(message_id=message.id, now=MORNING)
    assert message.status == MessageStatus.FAILED
    assert "network error" in message.last_error


def test_a_message_claimed_by_another_worker_is_not_sent_again(gateway, client_rudi):
    message = queue(case=client_rudi)
    Message.objects.filter(id=message.id).update(status=MessageStatus.SENDING)  # another worker's claim
    message = message_deliver(message_id=message.id, now=MORNING)
    assert message.status == MessageStatus.SENDING
    assert gateway.requests == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_only_once(gateway, kasi_budi, pk_andi):
    """Worker 1 claims the message and is inside the HTTP call; worker 2 tries the same message."""
    from bimkemas.cases.services import case_assign
    from tests.cases.factories import receive_client

    case = receive_client(kasi_budi, "Rudi Hartono")
    case_assign(actor=kasi_budi, cases=[case], pk=pk_andi)
    gateway.script = ["hang"]  # worker 1's request hangs until released
    message = queue(case=case)
    results = {}

    def worker_one():
        try:
            results["one"] = message_deliver(message_id=message.id, now=MORNING)
        finally:
            connection.close()

    thread = threading.Thread(target=worker_one)
    thread.start()
    for _ in range(500):  # wait until the gateway has worker 1's request
        if gateway.requests:
            break
        threading.Event().wait(0.01)
    assert len(gateway.requests) == 1

    second = message_deliver(message_id=message.id, now=MORNING)  # worker 2
    assert second.status == MessageStatus.SENDING
    gateway.release.set()
    thread.join(10)

    assert len(gateway.requests) == 1


def test_dedupe_key_gives_one_message_and_one_request(
    gateway, client_rudi, settings, huey_immediate, django_capture_on_commit_callbacks
):
    settings.NOTIFY_QUIET_HOURS = None  # the task uses the real clock
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(case=client_rudi, now=None)
    with django_capture_on_commit_callbacks(execute=True):
        second = queue(
            case=client_rudi, now=None, context=reminder_context(client_rudi, date=dt.date(2026, 4, 1))
        )

    assert first.id == second.id
    assert Message.objects.count() == 1
    assert len(gateway.requests) == 1
    assert Message.objects.get().status == MessageStatus.SENT


def test_queue_schedules_the_task_after_commit(
    gateway, client_rudi, settings, huey_immediate, django_capture_on_commit_callbacks
):
    settings.NOTIFY_QUIET_HOURS = None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = queue(case=client_rudi, now=None)
    assert gateway.requests == []  # nothing sent before the transaction commits
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(gateway.requests) == 1


def test_console_backend_is_the_default(client_rudi, settings, capsys):
    for name in ("NOTIFY_SMS_BACKEND", "NOTIFY_WHATSAPP_BACKEND"):
        if hasattr(settings, name):
            delattr(settings, name)
    message = queue(case=client_rudi)
    message = message_deliver(message_id=message.id, now=MORNING)
    assert message.status == MessageStatus.SENT
    assert message.provider_message_id == f"console-{message.id}"
    out = capsys.readouterr().out
    assert "+6281222334455" in out and "Yth. Rudi Hartono" in out


def test_quiet_hours_defer_to_the_morning(gateway, client_rudi):
    late = dt.datetime(2026, 3, 2, 22, 30, tzinfo=JKT)
    message = queue(case=client_rudi, now=late)
    assert message.status == MessageStatus.DEFERRED
    assert message.send_after == dt.datetime(2026, 3, 3, 6, 0, tzinfo=JKT)

    message = message_deliver(message_id=message.id, now=late + dt.timedelta(hours=1))
    assert message.status == MessageStatus.DEFERRED and gateway.requests == []

    message = message_deliver(message_id=message.id, now=dt.datetime(2026, 3, 3, 6, 0, tzinfo=JKT))
    assert message.status == MessageStatus.SENT
    assert len(gateway.requests) == 1


def test_quiet_hours_follow_the_bapas_timezone(gateway, client_rudi):
    bapas = client_rudi.bapas
    bapas.timezone = "Asia/Jayapura"  # WIT = WIB + 2
    bapas.save()
    evening_wib = dt.datetime(2026, 3, 2, 19, 30, tzinfo=JKT)  # 21.30 in Jayapura
    message = queue(case=client_rudi, now=evening_wib)
    assert message.status == MessageStatus.DEFERRED
    assert message.send_after == dt.datetime(2026, 3, 3, 6, 0, tzinfo=ZoneInfo("Asia/Jayapura"))


def test_a_retry_falling_in_quiet_hours_is_deferred(gateway, client_rudi):
    gateway.script = [500]
    evening = dt.datetime(2026, 3, 2, 20, 59, 30, tzinfo=JKT)
    message = queue(case=client_rudi, now=evening)
    message = message_deliver(message_id=message.id, now=evening)
    assert message.status == MessageStatus.FAILED
    message = message_deliver(message_id=message.id, now=evening + dt.timedelta(minutes=1))  # 21.00:30
    assert message.status == MessageStatus.DEFERRED
    assert message.send_after == dt.datetime(2026, 3, 3, 6, 0, tzinfo=JKT)
    assert len(gateway.requests) == 1


def test_quiet_hours_end_computation(settings):
    tz = "Asia/Jakarta"
    assert quiet_hours_end(when=dt.datetime(2026, 3, 2, 20, 59, tzinfo=JKT), timezone_name=tz) is None
    assert quiet_hours_end(when=dt.datetime(2026, 3, 2, 21, 0, tzinfo=JKT), timezone_name=tz) == dt.datetime(
        2026, 3, 3, 6, 0, tzinfo=JKT
    )
    assert quiet_hours_end(when=dt.datetime(2026, 3, 3, 5, 59, tzinfo=JKT), timezone_name=tz) == dt.datetime(
        2026, 3, 3, 6, 0, tzinfo=JKT
    )
    assert quiet_hours_end(when=dt.datetime(2026, 3, 3, 6, 0, tzinfo=JKT), timezone_name=tz) is None
    settings.NOTIFY_QUIET_HOURS = (0, 7)  # not wrapping midnight
    assert quiet_hours_end(when=dt.datetime(2026, 3, 3, 23, 0, tzinfo=JKT), timezone_name=tz) is None
    assert quiet_hours_end(when=dt.datetime(2026, 3, 3, 3, 0, tzinfo=JKT), timezone_name=tz) == dt.datetime(
        2026, 3, 3, 7, 0, tzinfo=JKT
    )
    settings.NOTIFY_QUIET_HOURS = None
    assert quiet_hours_end(when=dt.datetime(2026, 3, 3, 23, 0, tzinfo=JKT), timezone_name=tz) is None


def test_staff_email_is_sent_through_django_mail_and_ignores_quiet_hours(client_rudi, pk_andi):
    late = dt.datetime(2026, 3, 2, 23, 0, tzinfo=JKT)
    message = message_queue(
        channel="email",
        to="Andi.Pratama@bapas-yogyakarta.go.id",
        template="staff_followup",
        context={
            "staff": pk_andi.display_name,
            "name": client_rudi.person.name,
            "register": client_rudi.register_number,
            "date": dt.date(2026, 3, 1),
            "link": "https://bimkemas.example/kasus/1/",
        },
        dedupe_key="task-7:email",
        case=client_rudi,
        now=late,
    )
    assert message.status == MessageStatus.QUEUED
    message = message_deliver(message_id=message.id, now=late)
    assert message.status == MessageStatus.SENT
    [email] = mail.outbox
    assert email.to == ["andi.pratama@bapas-yogyakarta.go.id"]
    assert email.subject == "Tindak lanjut wajib lapor: Rudi Hartono"
    assert client_rudi.register_number in email.body
    assert email.extra_headers["Message-ID"] == message.provider_message_id


@pytest.mark.parametrize("to", ["", "12345", "bukan nomor"])
def test_an_unusable_number_is_logged_as_given_up_and_never_sent(gateway, client_rudi, to):
    message = queue(case=client_rudi, to=to)
    assert message.status == MessageStatus.GAVE_UP
    assert message.last_error
    message_deliver(message_id=message.id, now=MORNING)
    assert gateway.requests == []


def test_unknown_template_or_missing_context_is_a_programming_error(client_rudi):
    with pytest.raises(ValueError, match="unknown message template"):
        queue(case=client_rudi, template="tidak_ada")
    with pytest.raises(ValueError, match="pk_phone"):
        queue(case=client_rudi, context={"name": "Rudi", "date": dt.date(2026, 3, 5), "pk": "Andi"})
    assert not Message.objects.exists()


def test_requeue_picks_up_messages_whose_task_never_ran(gateway, client_rudi, settings, huey_immediate):
    settings.NOTIFY_QUIET_HOURS = None
    message = queue(case=client_rudi)  # its on-commit task never runs here: as if the worker were down
    gateway.script = []
    other = queue(case=client_rudi, key="obligation-2:before:sms", now=None)  # just queued: left alone
    assert message_requeue_due(now=MORNING + dt.timedelta(seconds=30)) == []  # within the grace period

    sent = tasks.message_requeue.call_local()

    assert sent == 1
    message.refresh_from_db()
    other.refresh_from_db()
    assert message.status == MessageStatus.SENT and other.status == MessageStatus.QUEUED
    assert gateway.delivered("obligation-1:before:sms") == 1


def test_an_interrupted_send_is_retried_by_the_sweep(gateway, client_rudi):
    message = queue(case=client_rudi)
    Message.objects.filter(id=message.id).update(status=MessageStatus.SENDING, attempts=1, updated_at=MORNING)
    later = MORNING + dt.timedelta(minutes=30)
    assert message_requeue_due(now=later) == []  # marked failed, due now: picked up after the grace
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message_requeue_due(now=later + dt.timedelta(minutes=5)) == [message.id]
    message = message_deliver(message_id=message.id, now=later + dt.timedelta(minutes=5))
    assert message.status == MessageStatus.SENT and message.attempts == 2


def test_task_reschedules_a_failed_message(gateway, client_rudi, settings, huey_immediate):
    settings.NOTIFY_QUIET_HOURS = None
    gateway.script = [500]
    message = queue(case=client_rudi, now=None)
    assert huey_immediate.scheduled_count() == 0
    status = tasks.message_send.call_local(message.id)
    assert status == MessageStatus.FAILED
    [retry] = huey_immediate.scheduled()
    assert retry.args == (message.id,)
