"""Demo history of reporting: a past of contacts for every active demo case, then the real sweep.

The past is written in bulk (thousands of contacts; per-contact services would take minutes) with the
same rule the services apply — a contact inside a window meets it, inside the grace days it is late —
and then `obligations_sweep` marks the rest missed and opens the follow-up tasks, as it does at night.
Today's part goes through the real services: check-ins waiting for the PK and unreachable clients.
"""

import datetime as dt
import random
import uuid

from django.utils import timezone

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.contacts.models import (
    KIND_CHANNEL,
    Contact,
    FollowUpTask,
    Kind,
    Obligation,
    ObligationStatus,
    Outcome,
)
from bimkemas.contacts.services import (
    CheckInAnswers,
    ContactData,
    checkin_submit,
    contact_record,
    obligations_ensure_many,
    obligations_sweep,
)
from bimkemas.org.models import User

REMOTE_KINDS = [(Kind.PHONE_CALL, 30), (Kind.CHAT, 25), (Kind.VIDEO_CALL, 10), (Kind.SELF_CHECKIN, 35)]
IN_PERSON_KINDS = [(Kind.OFFICE_REPORT, 70), (Kind.HOME_VISIT, 20), (Kind.MOBILE_COUNSELLING, 10)]


def _pick(rng, pairs):
    return rng.choices([k for k, _w in pairs], weights=[w for _k, w in pairs])[0]


def _moment(rng, day: dt.date, now: dt.datetime) -> dt.datetime:
    at = timezone.make_aware(
        dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.choice((0, 15, 30, 45))))
    )
    return min(at, now)


def populate(*, rng: random.Random, today: dt.date) -> dict:
    now = timezone.now()
    cases = list(Case.objects.filter(bapas__code__in=("BPS-YK", "BPS-WNS"), status__in=ACTIVE_STATUSES))
    obligations_ensure_many(cases=cases, today=today)
    reliability = {c.id: rng.choice((0.98, 0.95, 0.9, 0.85, 0.7, 0.5)) for c in cases}
    contacts, met = [], []
    past = Obligation.objects.filter(
        case__in=cases, status=ObligationStatus.OPEN, window_start__lt=today
    ).select_related("case", "case__officer")
    for o in past.order_by("case_id", "window_start"):
        if o.due >= today - dt.timedelta(days=1) and o.requirement != "first_contact":
            continue  # the running windows are for the users to fill
        if rng.random() > reliability[o.case_id]:
            continue  # not reported: the sweep will mark it missed
        late = rng.random() < 0.1 and o.grace_days
        day = (
            o.due + dt.timedelta(days=rng.randint(1, o.grace_days))
            if late
            else o.window_start + dt.timedelta(days=rng.randint(0, max(0, (o.due - o.window_start).days)))
        )
        if day > today:
            continue
        if o.requirement == "in_person":
            kind = _pick(rng, IN_PERSON_KINDS)
        else:
            kind = _pick(rng, REMOTE_KINDS)
            if kind == Kind.SELF_CHECKIN and day < today - dt.timedelta(days=300):
                kind = Kind.PHONE_CALL  # the app came later
        contact = Contact(
            case=o.case, bapas_id=o.case.bapas_id, kind=kind, channel=KIND_CHANNEL[kind], outcome=Outcome.REPORTED,
            occurred_at=_moment(rng, day, now), recorded_by=None if kind == Kind.SELF_CHECKIN else o.case.officer,
            counts_as_report=True,
        )  # fmt: skip
        contacts.append(contact)
        met.append((o, contact, late))
    Contact.objects.bulk_create(contacts, batch_size=1000)
    for o, contact, late in met:
        o.status = ObligationStatus.MET_LATE if late else ObligationStatus.MET
        o.contact = contact
        o.resolved_at = contact.occurred_at
    Obligation.objects.bulk_update(
        [o for o, _c, _l in met], ["status", "contact", "resolved_at"], batch_size=1000
    )

    # Last night's sweep: missed obligations and call tasks; a few tasks were left open for days and the
    # sweep of today hands them to the Kasi.
    obligations_sweep(today=today - dt.timedelta(days=1), now=now - dt.timedelta(days=1))
    stale = list(FollowUpTask.objects.filter(case__in=cases, status="open").order_by("id")[::40][:6])
    FollowUpTask.objects.filter(id__in=[t.id for t in stale]).update(created_at=now - dt.timedelta(days=5))
    counts = obligations_sweep(today=today, now=now)

    # Today: a few clients of pk1 checked in from the app (waiting for review); some could not be reached.
    pk1 = User.objects.filter(username="pk1").first()
    mine = [c for c in cases if pk1 and c.officer_id == pk1.id]
    checkins = 0
    for case in mine[:4]:
        answers = CheckInAnswers(address_same=True, working=rng.random() < 0.7, workplace="Bengkel motor",
                                 problem="" if rng.random() < 0.6 else "Belum dapat pekerjaan tetap.")  # fmt: skip
        checkin_submit(
            case=case,
            key=uuid.uuid4(),
            answers=answers,
            client_time=now - dt.timedelta(hours=rng.randint(1, 20)),
        )
        checkins += 1
    for case in mine[4:7]:
        contact_record(actor=pk1, case=case, data=ContactData(kind=Kind.PHONE_CALL, outcome=Outcome.PHONE_UNREACHABLE,
                                                              occurred_at=now - dt.timedelta(days=1)))  # fmt: skip
    return {"contacts": len(contacts), "checkins": checkins, **counts}
