"""Authorization matrix rows of the linkage app (see tests/test_authz_matrix.py)."""

from tests.authz import BAPAS_LEADS_ONLY, BAPAS_STAFF_ONLY, CASE_TEAM

ROWS = {
    "candidate_list": BAPAS_STAFF_ONLY,  # each sees the candidates of their own case scope
    "outside_import": BAPAS_LEADS_ONLY,
    "candidate_detail": CASE_TEAM,  # a candidate on client_rudi's case; POST = the decision
}


def _candidate(world):
    from bimkemas.linkage.models import ListKind, MatchCandidate, OutsideList, OutsideRecord

    outside_list = OutsideList.objects.create(
        kind=ListKind.PRISON_ADMISSION, bapas=world.case.bapas, uploaded_by=world.users["kasi_budi"],
        filename="lapas.csv", rows=1,
    )  # fmt: skip
    record = OutsideRecord.objects.create(
        outside_list=outside_list, row=2, raw=[{"id": "A-1", "name": "RUDY HARTONO"}], source_id="A-1",
        name="RUDY HARTONO",
    )  # fmt: skip
    return MatchCandidate.objects.create(
        case=world.case, person=world.case.person, record=record, probability=0.93,
        levels={"name": "same phonetic key"}, weights={"name": 6.1},
    ).id  # fmt: skip


KWARGS = {"candidate_id": _candidate}
