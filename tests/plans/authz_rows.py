"""Authorization matrix rows of the plans app (see tests/test_authz_matrix.py)."""

from tests.authz import BAPAS_STAFF, CASE_TEAM, OFFICES, Rule

# The coverage report: a PK sees their own caseload, Bapas leads their Bapas, Kanwil/Ditjenpas their
# region; partners and administrators without an office role are refused (403).
REPORT = Rule(allow=BAPAS_STAFF | OFFICES)

ROWS = {
    "case_plans": CASE_TEAM,
    "plan_start": CASE_TEAM,  # POST only
    "plan_detail": CASE_TEAM,
    "plan_edit": CASE_TEAM,
    "plan_reopen": CASE_TEAM,  # POST only
    "evaluation_start": CASE_TEAM,  # POST only
    "evaluation_form": CASE_TEAM,
    "plans_coverage": REPORT,
    "plans_coverage_xlsx": REPORT,
}


def _plan(world) -> int:
    from bimkemas.plans.services import plan_create

    return plan_create(actor=world.users["pk_andi"], case=world.case, phase="akhir").id


def _evaluation(world) -> int:
    from bimkemas.plans.services import evaluation_start

    return evaluation_start(actor=world.users["pk_andi"], case=world.case, phase="awal").id


KWARGS = {
    "phase": lambda world: "lanjutan",
    "plan_id": _plan,
    "evaluation_id": _evaluation,
}
