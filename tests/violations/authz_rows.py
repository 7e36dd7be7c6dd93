"""Authorization matrix rows of the violations app (see tests/test_authz_matrix.py)."""

import datetime as dt

from tests.authz import BAPAS_LEADS_ONLY, CASE_TEAM, LEADS, OFFICES, Rule

ROWS = {
    "violation_list": BAPAS_LEADS_ONLY,  # the leads' list of their own Bapas
    "case_violations": CASE_TEAM,  # POST records a violation
    "revocation_new": CASE_TEAM,  # PK of the case or the Bapas leads report a revocation
    "revocation_detail": CASE_TEAM,  # POST takes the next step (its role checked by the service)
    "revocation_pdf": CASE_TEAM,
    "revocation_list": BAPAS_LEADS_ONLY,
    "violation_statistics": Rule(allow=OFFICES | LEADS),  # counts only; PKs refused
}


def _revocation(world) -> int:
    from bimkemas.violations.services import revocation_report, violation_record

    kasi = world.users["kasi_budi"]
    violation = violation_record(actor=kasi, case=world.case, kind="public_unrest", source="police",
                                 evidence="Laporan Polsek", occurred_on=dt.date(2026, 3, 2))  # fmt: skip
    return revocation_report(
        actor=kasi, case=world.case, violations=[violation], reported_on=dt.date(2026, 3, 3)
    ).id


KWARGS = {"revocation_id": _revocation}
