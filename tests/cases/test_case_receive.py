import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from bimkemas.cases.models import CaseEvent, Status
from bimkemas.cases.services import case_receive
from bimkemas.clients.services import person_create
from tests.cases.factories import case_data, person_data, receive_client

pytestmark = pytest.mark.django_db


def test_received_client_gets_register_number_in_programme_register(kasi_budi):
    first = receive_client(kasi_budi, "Rudi Hartono", programme="PB", group="D")
    second = receive_client(kasi_budi, "Joko Susilo", programme="PB", group="D")
    child = receive_client(
        kasi_budi, "Ahmad Fauzi", programme="ASIM", group="A", person_kw={"birth": dt.date(2010, 3, 3)}
    )
    assert first.register_number == "BPS-YK/PB.D/0001/2026"
    assert second.register_number == "BPS-YK/PB.D/0002/2026"
    assert child.register_number == "BPS-YK/ASIM.A/0001/2026"
    assert first.status == Status.RECEIVED
    assert first.events.filter(code=CaseEvent.Code.RECEIVED).exists()


def test_first_contact_due_skips_weekend_and_holidays(kasi_budi):
    # Friday 2026-03-13 + 2 working days: Mon 16, Tue 17 — but 18–20 March 2026 are Nyepi/Idul Fitri
    # days; the plain weekend case gives Tuesday the 17th.
    case = receive_client(kasi_budi, start=dt.date(2026, 3, 13))
    assert case.first_contact_due == dt.date(2026, 3, 17)
    # Tuesday 2026-03-17: the next working days are after the Nyepi / Lebaran holidays.
    case2 = receive_client(kasi_budi, "Joko Susilo", start=dt.date(2026, 3, 17))
    assert case2.first_contact_due > dt.date(2026, 3, 24)


def test_end_before_start_is_refused_and_nothing_saved(kasi_budi):
    person = person_create(actor=kasi_budi, data=person_data())
    data = case_data()
    data.period_end = data.period_start - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        case_receive(actor=kasi_budi, person=person, data=data)
    assert "period_end" in exc.value.message_dict
    assert person.cases.count() == 0


def test_person_with_active_case_cannot_be_received_again(kasi_budi):
    case = receive_client(kasi_budi)
    with pytest.raises(ValidationError) as exc:
        case_receive(actor=kasi_budi, person=case.person, data=case_data())
    assert "masih memiliki kasus aktif" in str(exc.value)
