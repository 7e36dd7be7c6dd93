"""Reminders before a due date and after a miss, e-mail to the Kasi on escalation — each sent once."""

import datetime as dt
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from bimkemas.cases.services import case_assign
from bimkemas.contacts.models import FollowUpTask
from bimkemas.contacts.reminders import reminders_send
from bimkemas.contacts.services import CheckInAnswers, checkin_review, checkin_submit, obligations_sweep
from bimkemas.notify.models import Message
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db


def supervised(kasi, pk, *, days_ago, programme="ASIM"):
    start = timezone.localdate() - dt.timedelta(days=days_ago)
    case = receive_client(
        kasi, "Joko Susilo", programme=programme, start=start, person_kw={"phones": ["081234567890"]}
    )
    case_assign(actor=kasi, cases=[case], pk=pk)
    case.refresh_from_db()
    return case


def test_reminder_the_day_before_in_indonesian_once(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, days_ago=5)  # weekly window ends tomorrow

    first = reminders_send()
    again = reminders_send()

    message = Message.objects.get(template="reminder_before")
    assert first["before"] == 1 and again["before"] == 1 and Message.objects.count() == 1
    assert message.recipient == "+6281234567890" and message.case == case
    assert "Joko Susilo" in message.body and "wajib lapor" in message.body and "Andi Pratama" in message.body


def test_missed_reminder_and_escalation_email(kasi_budi, pk_andi):
    kasi_budi.email = "budi@bapas.example.go.id"
    kasi_budi.save()
    case = supervised(kasi_budi, pk_andi, days_ago=20)
    obligations_sweep()
    task = FollowUpTask.objects.get(case=case)
    obligations_sweep(now=task.created_at + dt.timedelta(days=4))

    reminders_send(now=task.created_at + dt.timedelta(days=4))

    missed = Message.objects.filter(template="reminder_missed", case=case)
    assert missed.count() >= 1 and all("belum tercatat" in m.body for m in missed)
    email = Message.objects.get(template="staff_followup")
    assert email.channel == "email" and email.recipient == "budi@bapas.example.go.id"
    assert case.register_number in email.body


def test_pk_asking_for_more_tells_the_client(kasi_budi, pk_andi):
    case = supervised(kasi_budi, pk_andi, days_ago=2)
    checkin, _ = checkin_submit(case=case, key=uuid.uuid4(), answers=CheckInAnswers(address_same=True))
    checkin_review(actor=pk_andi, checkin=checkin, decision="more", note="Kirim foto tempat kerja")
    message = Message.objects.get(template="checkin_more_requested")
    assert message.case == case and "keterangan tambahan" in message.body


def test_sweep_command_prints_its_figures(kasi_budi, pk_andi, capsys):
    supervised(kasi_budi, pk_andi, days_ago=20)
    call_command("sweep")
    out = capsys.readouterr().out
    assert "missed=3" in out  # first contact and two weekly reports and "tasks=1" in out and "before=" in out
