"""Authorization rows of the clients app (see tests/test_authz_matrix.py)."""

from tests.authz import LEADS_A, NOT_FOUND, Rule

ROWS = {
    # Rudi's photo (an adult of Bapas A, pk_andi's case): his PK and the Bapas A leads; anyone else — the APK
    # not on the case, the other Bapas, the offices, a partner's user with no enrolment — 404 (existence not
    # confirmed). Partners and children: tests/clients/test_photo.py.
    "person_photo": Rule(allow=frozenset({"pk_andi"}) | LEADS_A, otherwise=NOT_FOUND),
}


def _person_with_photo(world):
    from tests.clients.factories import give_photo

    give_photo(world.users["pk_andi"], world.case)
    return world.case.person_id


KWARGS = {"person_id": _person_with_photo}
