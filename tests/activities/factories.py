"""Activities made through the real services."""

import datetime as dt

from django.utils import timezone

from bimkemas.activities.services import ActivityData, activity_create


def at_local(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_activity(actor, *, partner=None, day: dt.date | None = None, capacity: int = 10, sessions: int = 1,
                  topic: str = "Pelatihan budidaya lele", field: str = "kemandirian", hour: int = 9):  # fmt: skip
    day = day or timezone.localdate()
    data = ActivityData(
        field=field, topic=topic, place="Balai Kelurahan Sinduadi", starts_at=at_local(day, hour),
        ends_at=at_local(day, hour + 2), capacity=capacity, partner=partner, sessions=sessions,
    )  # fmt: skip
    return activity_create(actor=actor, data=data)[0]
