"""Authorization rows of the activities app (see tests/test_authz_matrix.py)."""

from tests.authz import BAPAS_STAFF_ONLY, FORBIDDEN, LEADS_A, NOT_FOUND, OTHER_BAPAS, Rule

STAFF_A = frozenset({"pk_andi", "pk_rina"}) | LEADS_A

ROWS = {
    "activity_list": BAPAS_STAFF_ONLY,
    "activity_create": BAPAS_STAFF_ONLY,
    # An activity of Bapas A: its staff; nobody else learns it exists (a partner's own users are covered
    # in tests/activities/test_partner_portal.py — mitra_ani is linked to no partner).
    "activity_detail": Rule(allow=STAFF_A, otherwise=NOT_FOUND),
    "activity_rollcall": Rule(allow=STAFF_A, otherwise=NOT_FOUND),
    "activity_sheet": Rule(allow=STAFF_A, otherwise=NOT_FOUND),
    # Change and cancel: the Bapas's staff (and the partner's own users, in tests/activities/test_change_cancel.py).
    "activity_edit": Rule(allow=STAFF_A, otherwise=NOT_FOUND),
    "activity_cancel": Rule(allow=STAFF_A, otherwise=NOT_FOUND),
    # The child-identity grant (POST only): the leads of the Bapas; other staff 403, Bapas B's lead 404.
    "activity_identity_grant": Rule(allow=LEADS_A, deny={"kasi_wati": NOT_FOUND}),
    "activity_identity_revoke": Rule(allow=LEADS_A, deny={"kasi_wati": NOT_FOUND}),
    # POST only; the staff check comes first (403 outside a Bapas), then the activity's scope.
    "activity_enrol": Rule(allow=STAFF_A, deny=OTHER_BAPAS, otherwise=FORBIDDEN),
}


def _activity(world):
    from tests.activities.factories import make_activity

    return make_activity(world.users["kasi_budi"])


KWARGS = {"activity_id": lambda world: _activity(world).id}
