"""The demo rows for the message log."""

import datetime as dt
import random

import pytest

from bimkemas.cases.services import case_assign
from bimkemas.notify.demo import populate
from bimkemas.notify.models import Message, MessageStatus
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db


def test_demo_messages_for_the_demo_bapas(kasi_budi, pk_andi, capsys):
    cases = [
        receive_client(kasi_budi, name, person_kw={"phones": [f"0812 2233 44{i:02d}"]})
        for i, name in enumerate(["Rudi Hartono", "Joko Susilo", "Slamet Riyadi"])
    ]
    case_assign(actor=kasi_budi, cases=cases, pk=pk_andi)

    counts = populate(rng=random.Random(3), today=dt.date(2026, 3, 16))

    assert sum(counts.values()) == Message.objects.count() == 3
    assert set(Message.objects.values_list("case_id", flat=True)) == {c.id for c in cases}
    assert all(m.body.startswith("Yth. ") for m in Message.objects.all())
    assert Message.objects.exclude(status=MessageStatus.QUEUED).exists()
    again = populate(rng=random.Random(3), today=dt.date(2026, 3, 16))  # idempotent by dedupe key
    assert Message.objects.count() == 3 and sum(again.values()) == 3
