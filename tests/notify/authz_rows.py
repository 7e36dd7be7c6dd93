"""Authorization rows for the notify app (see tests/test_authz_matrix.py)."""

from tests.authz import BAPAS_STAFF_ONLY

ROWS = {
    "message_log": BAPAS_STAFF_ONLY,  # PK/APK: own caseload's messages; Kasi/Kasubsi/Kepala: their Bapas
}
