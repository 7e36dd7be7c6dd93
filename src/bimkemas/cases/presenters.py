"""Derived facts shown for a case: current phase, days left, the next due item."""

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bimkemas.cases.models import Case, Status
from bimkemas.cases.phases import PHASE_LABELS, phase_on, phase_schedule


@dataclass
class NextDue:
    label: str
    date: dt.date
    overdue: bool


def next_due(case: Case, today: dt.date) -> NextDue | None:
    if case.status == Status.ENDED:
        return None
    if case.status in (Status.RECEIVED, Status.REGISTERED) or case.first_contact_due >= today:
        return NextDue(_("Kontak pertama"), case.first_contact_due, case.first_contact_due < today)
    for phase in phase_schedule(case.period_start, case.period_end):
        if phase.start > today:
            return NextDue(_("Mulai %(phase)s") % {"phase": phase.label.lower()}, phase.start, False)
    return NextDue(_("Akhir masa bimbingan"), case.period_end, case.period_end < today)


def phase_label(case: Case, today: dt.date) -> str:
    code = phase_on(case.period_start, case.period_end, today)
    return str(PHASE_LABELS[code]) if code else _("Belum mulai")


def describe(case: Case, today: dt.date, obligation=None) -> dict:
    """`obligation`: the case's earliest open reporting obligation (contacts app), if known."""
    due = next_due(case, today)
    if obligation is not None and case.status != Status.ENDED:
        reported = NextDue(str(obligation.get_requirement_display()), obligation.due, obligation.due < today)
        if due is None or reported.date <= due.date or due.label == _("Kontak pertama"):
            due = reported
    return {
        "phase": phase_label(case, today) if case.status != Status.ENDED else "—",
        "days_left": (case.period_end - today).days,
        "next_due": due,
        "next_due_text": f"{due.label}: {date_format(due.date, 'j M Y')}" if due else "",
    }
