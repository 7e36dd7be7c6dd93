"""Authorization matrix rows of the violations app (see tests/test_authz_matrix.py)."""

from tests.authz import BAPAS_LEADS_ONLY, CASE_TEAM

ROWS = {
    "violation_list": BAPAS_LEADS_ONLY,  # the leads' list of their own Bapas
    "case_violations": CASE_TEAM,  # POST records a violation
}
