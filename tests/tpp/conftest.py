"""A TPP session of Bapas A (Yogyakarta), made through the services."""

import datetime as dt

import pytest

from bimkemas.cases.documents import bapas_today
from bimkemas.tpp.services import tpp_item_add, tpp_member_add, tpp_session_create


@pytest.fixture
def today(bapas_a):
    return bapas_today(bapas_a)


@pytest.fixture
def session(kasi_budi, kepala_dewi, today):
    """Planned for today, chaired by the Kepala, Kasi Budi as secretary."""
    return tpp_session_create(actor=kasi_budi, date=today, time=dt.time(9, 0), place="Ruang Sidang TPP",
                              chair=kepala_dewi, secretary=kasi_budi, notes="Dibuka oleh Kepala Bapas.")  # fmt: skip


@pytest.fixture
def ready_session(session, client_rudi, kasi_budi, pk_andi):
    """Members present (chair, secretary, pk_andi) and Rudi on the agenda with a recommendation."""
    from bimkemas.tpp.services import tpp_item_record

    tpp_member_add(actor=kasi_budi, session=session, user=pk_andi)
    item = tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    tpp_item_record(actor=pk_andi, item=item, discussion="Klien rutin wajib lapor.",
                    recommendation="Lanjutkan ke tahap lanjutan.")  # fmt: skip
    return session


@pytest.fixture
def held_members(session, kasi_budi, pk_andi):
    """The session fixture (chair Dewi, secretary Budi, both present) with pk_andi present too."""
    tpp_member_add(actor=kasi_budi, session=session, user=pk_andi)
    return session
