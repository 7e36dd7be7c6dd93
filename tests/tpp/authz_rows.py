"""Authorization matrix rows of the tpp app (see tests/test_authz_matrix.py).

The world's session belongs to Bapas A and has the world's case (Rudi, pk_andi's client) on its agenda:
Bapas A staff see it, Kanwil DIY and Ditjenpas read it; Bapas B does not learn it exists (404); partners
and the bare administrator are refused (403). Only Bapas A leads change it; pk_andi writes the
recommendation of his own client's agenda item.
"""

import datetime as dt

from tests.authz import BAPAS_STAFF, DENIED, FORBIDDEN, LEADS, LEADS_A, OFFICES, OTHER_BAPAS, Rule

VIEWERS_A = Rule(
    allow=frozenset({"pk_andi", "pk_rina"}) | LEADS_A | OFFICES,
    deny={**OTHER_BAPAS},
)
LEADS_OF_A = Rule(allow=LEADS_A, deny={**OTHER_BAPAS})  # PKs of A and the offices: 403

ROWS = {
    "tpp_list": Rule(allow=BAPAS_STAFF | OFFICES),
    "tpp_new": Rule(allow=LEADS),
    "tpp_detail": VIEWERS_A,
    "tpp_minutes_pdf": VIEWERS_A,
    "tpp_edit": LEADS_OF_A,
    "tpp_item_add": LEADS_OF_A,  # POST
    "tpp_member_add": LEADS_OF_A,  # POST
    "tpp_attendance": LEADS_OF_A,  # POST
    "tpp_finalise": LEADS_OF_A,  # POST (the world's session lacks members: refused with the reasons)
    "tpp_cancel": LEADS_OF_A,  # POST (an empty reason is refused)
    "tpp_item_remove": LEADS_OF_A,  # POST
    "tpp_item_move": LEADS_OF_A,  # POST
    "tpp_member_remove": LEADS_OF_A,  # POST
    "tpp_item_edit": Rule(allow=frozenset({"pk_andi"}) | LEADS_A, deny={"pk_rina": FORBIDDEN, **OTHER_BAPAS}),
    "case_tpp": Rule(
        allow=frozenset({"pk_andi"}) | LEADS_A, deny={"pk_rina": FORBIDDEN, **OTHER_BAPAS}, otherwise=DENIED
    ),
}


def _session(world):
    from bimkemas.tpp.models import TppSession
    from bimkemas.tpp.services import tpp_item_add, tpp_member_add, tpp_session_create

    existing = TppSession.objects.filter(bapas=world.case.bapas, place="Ruang Sidang TPP (matriks)").first()
    if existing:
        return existing
    users = world.users
    session = tpp_session_create(actor=users["kasi_budi"], date=dt.date(2026, 3, 2), time=dt.time(9, 0),
                                 place="Ruang Sidang TPP (matriks)", chair=users["kepala_dewi"])  # fmt: skip
    tpp_item_add(actor=users["kasi_budi"], session=session, case=world.case, purpose="evaluation")
    tpp_member_add(actor=users["kasi_budi"], session=session, name="Drs. Joko", function="Perwakilan Lapas")
    return session


def _item(world) -> int:
    return _session(world).items.get().id


def _member(world) -> int:
    return _session(world).members.get(name="Drs. Joko").id


KWARGS = {
    "tpp_id": lambda world: _session(world).id,
    "tpp_item_id": _item,
    "tpp_member_id": _member,
}
