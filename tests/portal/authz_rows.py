"""Portal rows of the authorization matrix.

The matrix personas are staff (and anonymous). The portal does not know staff logins: for a staff
persona every client-only portal page behaves exactly as for anonymous — a redirect to the *portal*
login page (/p/masuk/), which is not the staff login page the matrix recognises — and every portal API
route answers 401. The client-only pages are therefore skipped here and checked persona by persona in
tests/portal/test_access.py; the API routes are real rows (401 for everyone: no persona is a client).
"""

from dataclasses import replace

from tests.authz import CASE_TEAM, FORBIDDEN, PUBLIC, UNAUTHORIZED, Rule

CLIENT_ONLY = (
    "hanya untuk klien yang masuk portal (NIK + PIN): staf dan anonim dialihkan ke halaman masuk portal "
    "/p/masuk/ — lihat tests/portal/test_access.py"
)
# No persona holds a portal session: anonymous and staff alike get 401.
PORTAL_API = Rule(allow=frozenset(), api=True, otherwise=UNAUTHORIZED)

ROWS = {
    "portal_login": PUBLIC,
    "portal_manifest": PUBLIC,
    "portal_sw": PUBLIC,
    "portal_home": Rule(allow=frozenset(), skip=CLIENT_ONLY),
    "portal_checkin": Rule(allow=frozenset(), skip=CLIENT_ONLY),
    "portal_logout": Rule(allow=frozenset(), skip=CLIENT_ONLY + " (POST, ends only the portal session)"),
    # The PIN is set by the case team proper (case_in_team): the PK, the Kasi and the Kepala. The Kasubsi
    # sees the case but is not on its team, so they are refused like the APK of the same Bapas.
    "client_pin": replace(
        CASE_TEAM,
        allow=CASE_TEAM.allow - {"kasubsi_eko"},
        deny={**CASE_TEAM.deny, "kasubsi_eko": FORBIDDEN},
    ),
    "api/v1/portal/ping": PORTAL_API,
    "api/v1/portal/me": PORTAL_API,
    "api/v1/portal/checkins": PORTAL_API,
    "api/v1/portal/checkins/open": PORTAL_API,
}
