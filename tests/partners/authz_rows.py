"""Authorization rows of the partners app (see tests/test_authz_matrix.py)."""

from tests.authz import BAPAS_LEADS_ONLY, LEADS_A, NOT_FOUND, Rule

# A partner (and its agreement) of Bapas A: its leads only; Bapas B's Kasi does not learn it exists.
PARTNER_OF_A = Rule(allow=LEADS_A, deny={"kasi_wati": NOT_FOUND})

ROWS = {
    "partner_list": BAPAS_LEADS_ONLY,
    "partner_create": BAPAS_LEADS_ONLY,
    "partner_agreements_expiring": BAPAS_LEADS_ONLY,
    "site_planner": BAPAS_LEADS_ONLY,
    "site_planner_clients": BAPAS_LEADS_ONLY,
    "site_invite": BAPAS_LEADS_ONLY,  # POST only
    # The confirmation of a Bapas A invitation run: its leads; Bapas B's Kasi does not learn it exists.
    "site_invitations": Rule(allow=LEADS_A, deny={"kasi_wati": NOT_FOUND}),
    "partner_detail": PARTNER_OF_A,
    "partner_edit": PARTNER_OF_A,
    "agreement_create": PARTNER_OF_A,
    "partner_user_create": PARTNER_OF_A,
    # The signed document: Bapas A's leads (and the partner's own users, tested in tests/partners); 404 for
    # everyone else, the persona mitra_ani included (a partner user of no partner).
    "agreement_document": Rule(allow=LEADS_A, otherwise=NOT_FOUND),
    # The partner portal: only users linked to a partner (none among the personas: mitra_ani has no
    # partner and is told so with a 403; tests/partners/test_portal.py covers a linked user).
    "partner_home": Rule(allow=frozenset()),
}


def _partner(world):
    from tests.partners.factories import make_partner

    return make_partner(world.users["kasi_budi"], "Yayasan Matriks Akses")


def _agreement(world):
    from tests.partners.factories import make_agreement

    return make_agreement(world.users["kasi_budi"], _partner(world))


def _batch(world):
    import datetime as dt

    from django.utils import timezone

    from bimkemas.activities.services import MobileRoundsData, mobile_counselling_invite
    from tests.cases.factories import receive_client

    kasi = world.users["kasi_budi"]
    receive_client(kasi, "Klien Keliling", person_kw={"village_id": "34.71.01.1001"})
    data = MobileRoundsData(sites=["34.71.01.1001"], date=timezone.localdate() + dt.timedelta(days=7),
                            start_time=dt.time(9), end_time=dt.time(11))  # fmt: skip
    return mobile_counselling_invite(actor=kasi, data=data)[0]


KWARGS = {
    "batch_key": _batch,
    "partner_id": lambda world: _partner(world).id,
    "agreement_id": lambda world: _agreement(world).id,
}
