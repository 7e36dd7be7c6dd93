"""The minutes (berita acara sidang TPP) say, under each "Usul pencabutan" item, when the final minutes filled
the TPP step of the client's revocation (pencabutan) — and say nothing when they did not."""

import datetime as dt

import pytest

from bimkemas.core.pdf import render_pdf
from bimkemas.tpp.pdf import minutes_context, render_minutes_pdf
from bimkemas.tpp.services import tpp_session_finalise
from tests.cases.factories import receive_client
from tests.tpp.factories import put_on_agenda, revocation_at_bap
from tests.tpp.test_minutes_pdf import pdf_text

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
FILLED = "Langkah TPP pada proses pencabutan telah dicatat dari sidang ini."
FILLED_EN = "The TPP step of the revocation process was recorded from this session."


def text_between(text: str, start: str, end: str) -> str:
    """The part of the PDF text from `start` up to `end` (both must be there, in that order)."""
    head = text.index(start)
    return text[head : text.index(end, head)]


def test_the_minutes_say_the_revocation_step_was_filled_under_its_item_only(
    held_members, client_rudi, kasi_budi, today
):
    joko = receive_client(kasi_budi, "Joko Santoso")
    revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    put_on_agenda(held_members, client_rudi, kasi_budi, recommendation="Diusulkan pencabutan PB.")
    put_on_agenda(held_members, joko, kasi_budi, recommendation="Dicatat.")  # none waits
    session = tpp_session_finalise(actor=kasi_budi, session=held_members)

    text = pdf_text(render_minutes_pdf(session, kasi_budi))

    assert text.count(FILLED) == 1
    assert FILLED in text_between(text, "1 Rudi Hartono", "2 Joko Santoso")


def test_the_sentence_has_its_english_translation(held_members, client_rudi, kasi_budi, today):
    revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    put_on_agenda(held_members, client_rudi, kasi_budi, recommendation="Diusulkan pencabutan PB.")
    session = tpp_session_finalise(actor=kasi_budi, session=held_members)

    text = pdf_text(
        render_pdf("tpp/pdf/berita_acara.html", minutes_context(session, kasi_budi), language="en")
    )

    assert FILLED_EN in text and FILLED not in text


def test_no_sentence_when_the_session_filled_no_revocation(held_members, client_rudi, kasi_budi, today):
    joko = receive_client(kasi_budi, "Joko Santoso")
    revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    put_on_agenda(held_members, client_rudi, kasi_budi, recommendation="Ditunda.",
              decision="deferred")  # fmt: skip  # waits, but the board deferred it: not filled
    put_on_agenda(held_members, joko, kasi_budi, recommendation="Dicatat.")  # none waits
    session = tpp_session_finalise(actor=kasi_budi, session=held_members)

    text = pdf_text(render_minutes_pdf(session, kasi_budi))

    assert "1 Rudi Hartono" in text and "2 Joko Santoso" in text and text.count("Usul pencabutan") == 2
    assert FILLED not in text


def test_no_sentence_in_the_draft_before_finalising(held_members, client_rudi, kasi_budi, today):
    revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    put_on_agenda(held_members, client_rudi, kasi_budi, recommendation="Diusulkan pencabutan PB.")

    text = pdf_text(render_minutes_pdf(held_members, kasi_budi))

    assert "KONSEP" in text and "1 Rudi Hartono" in text and "Usul pencabutan" in text
    assert FILLED not in text
