"""Reporting history at national scale, for benchmarks (`bench/today_bench.py`): obligations for every
active case from the real generator, past ones resolved (most met, some late or missed), a recent
contact per client, some unreachable clients, follow-up tasks and check-ins waiting for review."""

import datetime as dt
import random
import time
import uuid
from collections.abc import Callable

from django.db.models import F
from django.utils import timezone

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.contacts.models import (
    KIND_CHANNEL,
    CheckIn,
    CheckInStatus,
    Contact,
    FollowUpTask,
    Kind,
    Obligation,
    ObligationStatus,
    Outcome,
    TaskKind,
)
from bimkemas.contacts.services import obligations_ensure_many


def seed_reporting(
    *, today: dt.date | None = None, seed: int = 3, chunk: int = 2000, log: Callable[[str], None] = print
) -> dict:
    started = time.monotonic()
    today = today or timezone.localdate()
    now = timezone.now()
    rng = random.Random(seed)
    ids = list(
        Case.objects.filter(status__in=ACTIVE_STATUSES, officer__isnull=False).values_list("id", flat=True)
    )
    created = 0
    for i in range(0, len(ids), chunk):
        cases = list(Case.objects.filter(id__in=ids[i : i + chunk]))
        created += obligations_ensure_many(cases=cases, today=today)
        contacts, checkins, tasks = [], [], []
        for case in cases:
            when = now - dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
            kind = rng.choice((Kind.PHONE_CALL, Kind.CHAT, Kind.OFFICE_REPORT, Kind.SELF_CHECKIN))
            contacts.append(Contact(case=case, bapas_id=case.bapas_id, kind=kind, channel=KIND_CHANNEL[kind],
                                    outcome=Outcome.REPORTED, occurred_at=when, recorded_by_id=case.officer_id))  # fmt: skip
            roll = rng.random()
            if roll < 0.04:  # the latest contact did not reach the client
                contacts.append(Contact(case=case, bapas_id=case.bapas_id, kind=Kind.PHONE_CALL,
                                        channel=KIND_CHANNEL[Kind.PHONE_CALL], outcome=Outcome.NOT_REACHED,
                                        occurred_at=now - dt.timedelta(hours=rng.randint(1, 20)),
                                        recorded_by_id=case.officer_id, counts_as_report=False))  # fmt: skip
            elif roll < 0.07:
                kind = TaskKind.HOME_VISIT if roll < 0.05 else TaskKind.CALL
                tasks.append(FollowUpTask(case=case, kind=kind, assigned_to_id=case.officer_id, due=today,
                                          created_at=now - dt.timedelta(days=1)))  # fmt: skip
            elif roll < 0.08:
                checkins.append(CheckIn(case=case, key=uuid.uuid4(), status=CheckInStatus.SUBMITTED,
                                        opened_at=now, deadline=now + dt.timedelta(days=3), client_time=now,
                                        received_at=now, answers={"address_same": True}))  # fmt: skip
        Contact.objects.bulk_create(contacts, batch_size=chunk)
        FollowUpTask.objects.bulk_create(tasks, batch_size=chunk)
        CheckIn.objects.bulk_create(checkins, batch_size=chunk)
        log(f"{min(i + chunk, len(ids))} / {len(ids)} kasus ({time.monotonic() - started:.1f} s)")
    # Past windows resolved: most met, one in 10 late, one in 8 missed (by id, so it is the same on any DB).
    past = Obligation.objects.filter(status=ObligationStatus.OPEN, due__lt=today - dt.timedelta(days=3))
    past.update(status=ObligationStatus.MET, resolved_at=now)
    resolved = Obligation.objects.filter(status=ObligationStatus.MET, due__lt=today - dt.timedelta(days=3))
    resolved.annotate(m=F("id") % 10).filter(m=1).update(status=ObligationStatus.MET_LATE)
    resolved.annotate(m=F("id") % 8).filter(m=2).update(status=ObligationStatus.MISSED)
    return {
        "cases": len(ids),
        "obligations": created,
        "contacts": Contact.objects.count(),
        "seconds": round(time.monotonic() - started, 1),
    }
