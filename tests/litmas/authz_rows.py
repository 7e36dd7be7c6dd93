"""Authorization matrix rows for the Litmas app (see tests/test_authz_matrix.py)."""

from tests.authz import BAPAS_STAFF_ONLY, CASE_TEAM, DENIED, FORBIDDEN, LOGIN, OTHER_BAPAS, Rule

# Deciding on a Litmas: the Kepala Bapas of the case (or a designated official — none in the world);
# the case team sees the Litmas but may not decide (403); the other Bapas does not learn it exists.
DECIDE = Rule(
    allow=frozenset({"kepala_dewi"}),
    deny={
        "pk_andi": FORBIDDEN,
        "pk_rina": FORBIDDEN,
        "kasi_budi": FORBIDDEN,
        "kasubsi_eko": FORBIDDEN,
        **OTHER_BAPAS,
    },  # fmt: skip
    otherwise=DENIED,
)

ROWS = {
    "case_litmas": CASE_TEAM,
    "litmas_create": CASE_TEAM,
    "litmas_detail": CASE_TEAM,
    "litmas_edit": CASE_TEAM,
    "litmas_autosave": CASE_TEAM,  # POST only
    "litmas_submit": CASE_TEAM,  # POST only
    "litmas_return": DECIDE,  # POST only
    "litmas_approve": DECIDE,  # POST only
    "litmas_version": CASE_TEAM,
    "litmas_pdf": CASE_TEAM,
    "litmas_list": BAPAS_STAFF_ONLY,
    # Kepala Bapas and Kasi (of either Bapas) manage their own Bapas's approvers.
    "litmas_approvers": Rule(
        allow=frozenset({"kepala_dewi", "kasi_budi", "kasi_wati"}), deny={"anonymous": LOGIN}
    ),
}


def _litmas(world) -> int:
    from bimkemas.litmas.services import litmas_create

    return litmas_create(actor=world.users["pk_andi"], case=world.case, kind="pembimbingan").id


KWARGS = {
    "litmas_id": _litmas,
    "version_number": lambda world: 1,
}
