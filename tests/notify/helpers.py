import datetime as dt
from zoneinfo import ZoneInfo

from bimkemas.notify.services import message_queue

JKT = ZoneInfo("Asia/Jakarta")
MORNING = dt.datetime(2026, 3, 2, 10, 0, tzinfo=JKT)  # a Monday, 10.00 WIB


def reminder_context(case=None, **over) -> dict:
    ctx = {
        "name": case.person.name if case else "Rudi Hartono",
        "date": dt.date(2026, 3, 5),
        "pk": "Andi Pratama",
        "pk_phone": "0812-2233-4455",
    }
    ctx.update(over)
    return ctx


def queue(*, case=None, key="obligation-1:before:sms", channel="sms", to="0812 2233 4455", now=MORNING, **kw):
    return message_queue(
        channel=channel,
        to=to,
        template=kw.pop("template", "reminder_before"),
        context=kw.pop("context", None) or reminder_context(case),
        dedupe_key=key,
        case=case,
        now=now,
        **kw,
    )
