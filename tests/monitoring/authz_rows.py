"""Authorization rows of the monitoring app (see tests/authz.py and tests/test_authz_matrix.py).

The wajib lapor report: Bapas staff (PKs see only their own caseload's figures, leads their Bapas),
Kanwil (their Bapas) and Ditjenpas (all). A partner user and an administrator without an office role
are refused (403); anonymous goes to the login page."""

from tests.authz import BAPAS_STAFF, OFFICES, Rule

REPORT = Rule(allow=BAPAS_STAFF | OFFICES)

ROWS = {
    "reporting_report": REPORT,
    "reporting_report_xlsx": REPORT,
}

# The SIMONAS partner report: same audience as the wajib lapor report.
ROWS["partner_report"] = REPORT
ROWS["partner_report_xlsx"] = REPORT
