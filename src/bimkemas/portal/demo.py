"""Demo rows for the client portal: one client of pk1 gets a portal account with a known PIN, so the
portal can be tried at /p/ (the lead prints the NIK and PIN with the other demo logins)."""

import datetime as dt
import random

from bimkemas.cases.models import ACTIVE_STATUSES, Case, ClientGroup
from bimkemas.org.models import User
from bimkemas.portal.services import pin_set

DEMO_PIN = "246813"


def demo_client() -> Case | None:
    """The demo client with a portal account: pk1's first active, adult client with a NIK."""
    return (
        Case.objects.filter(
            officer__username="pk1",
            status__in=ACTIVE_STATUSES,
            client_group=ClientGroup.ADULT,
            person__nik__isnull=False,
        )
        .select_related("person")
        .order_by("id")
        .first()
    )


def populate(*, rng: random.Random, today: dt.date) -> dict:
    case = demo_client()
    pk = User.objects.filter(username="pk1").first()
    if case is None or pk is None:
        return {"portal_accounts": 0}
    pin_set(actor=pk, case=case, pin=DEMO_PIN)
    return {"portal_accounts": 1}
