"""Revocations ready for a Sidang TPP and agenda items, for the tpp tests."""

import datetime as dt

from bimkemas.tpp.services import tpp_item_add, tpp_item_record
from bimkemas.violations.services import revocation_bap, revocation_report, violation_record

DAY = dt.timedelta(days=1)


def reported_revocation(case, kasi, *, reported_on):
    violation = violation_record(actor=kasi, case=case, kind="new_offence_suspect", source="police",
                                 evidence="Ditangkap Polsek Depok.", occurred_on=reported_on - 3 * DAY)  # fmt: skip
    return revocation_report(actor=kasi, case=case, violations=[violation], reported_on=reported_on)


def revocation_at_bap(case, kasi, *, bap_date):
    revocation = reported_revocation(case, kasi, reported_on=bap_date - 2 * DAY)
    return revocation_bap(actor=kasi, revocation=revocation, bap_date=bap_date, examiner="Andi Pratama",
                          summary="Klien mengakui perbuatannya.")  # fmt: skip


def put_on_agenda(session, case, kasi, *, recommendation="Diusulkan pencabutan PB.", decision="approved"):
    """An "Usul pencabutan" item with the board's recommendation and decision recorded."""
    item = tpp_item_add(actor=kasi, session=session, case=case, purpose="revocation")
    tpp_item_record(actor=kasi, item=item, discussion="Pelanggaran terbukti.", recommendation=recommendation,
                    decision=decision)  # fmt: skip
    return item
