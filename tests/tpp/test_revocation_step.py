"""Finalising a Sidang TPP fills the TPP step of the revocations (pencabutan) it discussed: the session's
date, the members present and the item's recommendation, through the violations service, all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bimkemas.audit.models import AuditEntry
from bimkemas.cases.models import CaseEvent
from bimkemas.tpp.models import SessionStatus
from bimkemas.tpp.services import (
    tpp_member_add,
    tpp_session_create,
    tpp_session_finalise,
)
from bimkemas.violations.models import Revocation
from bimkemas.violations.services import (
    revocation_suspend,
)
from tests.cases.factories import receive_client
from tests.tpp.factories import put_on_agenda, reported_revocation, revocation_at_bap

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
MEMBERS = "Dewi Lestari (Ketua), Budi Santoso (Sekretaris), Andi Pratama"


def fresh(obj):
    return type(obj).objects.get(id=obj.id)


# --- the service ------------------------------------------------------------------------------------------


def test_finalising_fills_the_waiting_revocation_and_the_next_step_can_follow(
    held_members, client_rudi, kasi_budi, kepala_dewi, today
):
    session = held_members
    revocation = revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    item = put_on_agenda(session, client_rudi, kasi_budi)

    tpp_session_finalise(actor=kasi_budi, session=session)

    revocation = fresh(revocation)
    assert revocation.status == "tpp"
    assert revocation.tpp_date == today
    assert revocation.tpp_members == MEMBERS
    assert revocation.tpp_recommendation == "Diusulkan pencabutan PB. Keputusan sidang: Disetujui."
    assert (revocation.tpp_by, revocation.tpp_item) == (kasi_budi, item)
    entry = AuditEntry.objects.get(object_type="revocation", object_id=revocation.id,
                                   context=f"revocation_tpp:tpp_item:{item.id}")  # fmt: skip
    assert entry.actor == kasi_budi and entry.changes["status"] == ["bap", "tpp"]
    event = CaseEvent.objects.get(case=client_rudi, code=CaseEvent.Code.TPP_RECOMMENDATION)
    assert event.payload["revocation_id"] == revocation.id

    suspended = revocation_suspend(actor=kepala_dewi, revocation=revocation, suspended_on=today)
    assert suspended.status == "suspended"


def test_an_item_without_a_waiting_revocation_is_finalised_and_changes_no_revocation(
    held_members, client_rudi, kasi_budi, today
):
    session = held_members
    joko = receive_client(kasi_budi, "Joko Santoso")
    not_yet_at_bap = reported_revocation(client_rudi, kasi_budi, reported_on=today - 3 * DAY)
    put_on_agenda(session, client_rudi, kasi_budi)  # revocation still waits for its BAP
    put_on_agenda(session, joko, kasi_budi)  # no revocation at all

    tpp_session_finalise(actor=kasi_budi, session=session)

    assert fresh(session).status == SessionStatus.HELD
    after = fresh(not_yet_at_bap)
    assert (after.status, after.tpp_date, after.tpp_members, after.tpp_item) == ("reported", None, "", None)
    assert Revocation.objects.count() == 1
    assert not AuditEntry.objects.filter(
        object_type="revocation", context__startswith="revocation_tpp"
    ).exists()


def test_a_revocation_already_past_its_tpp_step_is_left_alone(held_members, client_rudi, kasi_budi, today):
    from bimkemas.violations.services import revocation_tpp

    revocation = revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    revocation_tpp(actor=kasi_budi, revocation=revocation, tpp_date=today - 2 * DAY, members="Dewi, Budi",
                   recommendation="Dicatat manual.")  # fmt: skip
    put_on_agenda(held_members, client_rudi, kasi_budi)

    tpp_session_finalise(actor=kasi_budi, session=held_members)

    after = fresh(revocation)
    assert (after.tpp_date, after.tpp_recommendation, after.tpp_item) == (
        today - 2 * DAY,
        "Dicatat manual.",
        None,
    )


def test_a_deferred_item_does_not_fill_the_step(held_members, client_rudi, kasi_budi, today):
    revocation = revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    put_on_agenda(held_members, client_rudi, kasi_budi, recommendation="", decision="deferred")

    tpp_session_finalise(actor=kasi_budi, session=held_members)

    assert fresh(held_members).status == SessionStatus.HELD
    assert fresh(revocation).status == "bap"


def test_a_session_before_the_bap_is_refused_naming_the_client_and_nothing_is_saved(
    kasi_budi, kepala_dewi, pk_andi, client_rudi, today
):
    session = tpp_session_create(actor=kasi_budi, date=today - 12 * DAY, time=dt.time(9, 0), place="Ruang TPP",
                                 chair=kepala_dewi, secretary=kasi_budi)  # fmt: skip
    tpp_member_add(actor=kasi_budi, session=session, user=pk_andi)
    revocation = revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 10 * DAY)
    put_on_agenda(session, client_rudi, kasi_budi)

    with pytest.raises(ValidationError) as exc:
        tpp_session_finalise(actor=kasi_budi, session=session)

    text = " ".join(exc.value.messages)
    assert "Rudi Hartono" in text and client_rudi.register_number in text
    bap, held = (today - 10 * DAY).isoformat(), (today - 12 * DAY).isoformat()
    assert f"Tanggal sidang TPP ({held}) tidak boleh sebelum tanggal BAP ({bap})." in text
    session = fresh(session)
    assert (session.status, session.finalised_at) == (SessionStatus.PLANNED, None)
    after = fresh(revocation)
    assert (after.status, after.tpp_date, after.tpp_members, after.tpp_item) == ("bap", None, "", None)
    assert not CaseEvent.objects.filter(code=CaseEvent.Code.TPP_RECOMMENDATION).exists()


def test_all_or_nothing_one_failing_revocation_keeps_the_other_waiting(
    kasi_budi, kepala_dewi, pk_andi, client_rudi, today
):
    session = tpp_session_create(actor=kasi_budi, date=today - DAY, time=dt.time(9, 0), place="Ruang TPP",
                                 chair=kepala_dewi, secretary=kasi_budi)  # fmt: skip
    tpp_member_add(actor=kasi_budi, session=session, user=pk_andi)
    joko = receive_client(kasi_budi, "Joko Santoso")
    good = revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    bad = revocation_at_bap(joko, kasi_budi, bap_date=today)  # BAP after the session
    put_on_agenda(session, client_rudi, kasi_budi)
    put_on_agenda(session, joko, kasi_budi)

    with pytest.raises(ValidationError) as exc:
        tpp_session_finalise(actor=kasi_budi, session=session)

    assert "Joko Santoso" in " ".join(exc.value.messages)
    assert "Rudi Hartono" not in " ".join(exc.value.messages)
    assert fresh(session).status == SessionStatus.PLANNED
    assert fresh(good).status == "bap" and fresh(bad).status == "bap"


# --- the pages --------------------------------------------------------------------------------------------


def detail_url(session):
    return reverse("tpp_detail", kwargs={"tpp_id": session.id})


def test_adding_a_revocation_item_shows_whether_a_revocation_waits(
    client, session, client_rudi, kasi_budi, today
):
    revocation = revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    joko = receive_client(kasi_budi, "Joko Santoso")
    client.force_login(kasi_budi)

    found = client.get(detail_url(session), {"q": "Rudi"}).content.decode()
    assert "Usul pencabutan menunggu sidang TPP" in found
    found = client.get(detail_url(session), {"q": "Joko"}).content.decode()
    assert "Usul pencabutan menunggu sidang TPP" not in found

    add = reverse("tpp_item_add", kwargs={"tpp_id": session.id})
    page = client.post(add, {"case": client_rudi.id, "purpose": "revocation"}, follow=True).content.decode()
    assert "Usul pencabutan klien ini menunggu sidang TPP" in page
    assert reverse("revocation_detail", kwargs={"revocation_id": revocation.id}) in page
    page = client.post(add, {"case": joko.id, "purpose": "revocation"}, follow=True).content.decode()
    assert "Tidak ada usul pencabutan yang menunggu sidang TPP untuk klien ini" in page

    # The revocation page names the session that will fill its TPP step.
    rev_page = client.get(
        reverse("revocation_detail", kwargs={"revocation_id": revocation.id})
    ).content.decode()
    assert session.number in rev_page and detail_url(session) in rev_page


def test_the_page_names_a_failing_revocation_before_and_when_finalising(
    client, kasi_budi, kepala_dewi, pk_andi, client_rudi, today
):
    session = tpp_session_create(actor=kasi_budi, date=today - 12 * DAY, time=dt.time(9, 0), place="Ruang TPP",
                                 chair=kepala_dewi, secretary=kasi_budi)  # fmt: skip
    tpp_member_add(actor=kasi_budi, session=session, user=pk_andi)
    revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 10 * DAY)
    put_on_agenda(session, client_rudi, kasi_budi)
    client.force_login(kasi_budi)
    problem = "tidak boleh sebelum tanggal BAP"

    page = client.get(detail_url(session)).content.decode()
    assert problem in page and "Semua syarat terpenuhi" not in page
    response = client.post(reverse("tpp_finalise", kwargs={"tpp_id": session.id}))
    text = response.content.decode()
    assert response.status_code == 400
    assert "Berita acara belum dapat difinalkan:" in text and "Rudi Hartono" in text and problem in text
    assert fresh(session).status == SessionStatus.PLANNED


def test_after_finalising_both_pages_link_to_each_other(
    client, held_members, client_rudi, kasi_budi, pk_rina, kanwil_hadi, today
):
    session = held_members
    joko = receive_client(kasi_budi, "Joko Santoso")
    revocation = revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    rudi_item = put_on_agenda(session, client_rudi, kasi_budi)
    joko_item = put_on_agenda(session, joko, kasi_budi)
    client.force_login(kasi_budi)

    response = client.post(reverse("tpp_finalise", kwargs={"tpp_id": session.id}), follow=True)
    page = response.content.decode()
    assert "Langkah TPP diisi pada 1 pencabutan." in page
    revocation_url = reverse("revocation_detail", kwargs={"revocation_id": revocation.id})
    rudi_note = page.split(f'id="revocation-note-{rudi_item.id}"')[1].split("</div>")[0]
    assert (
        "Langkah TPP pada pencabutan sudah diisi dari sidang ini" in rudi_note and revocation_url in rudi_note
    )
    joko_note = page.split(f'id="revocation-note-{joko_item.id}"')[1].split("</div>")[0]
    assert "Tidak ada usul pencabutan yang menunggu sidang TPP untuk klien ini" in joko_note

    rev_page = client.get(revocation_url).content.decode()
    assert "Diisi dari berita acara sidang TPP" in rev_page
    assert f"{detail_url(session)}#item-{rudi_item.id}" in rev_page and session.number in rev_page
    assert MEMBERS in rev_page

    # Staff who may not open the revocation read the note without the link.
    for viewer in (pk_rina, kanwil_hadi):
        client.force_login(viewer)
        page = client.get(detail_url(session)).content.decode()
        assert (
            "Langkah TPP pada pencabutan sudah diisi dari sidang ini" in page and revocation_url not in page
        )


def test_the_filled_texts_are_in_the_language_of_the_records(held_members, client_rudi, kasi_budi, today):
    from django.utils import translation

    revocation = revocation_at_bap(client_rudi, kasi_budi, bap_date=today - 5 * DAY)
    put_on_agenda(held_members, client_rudi, kasi_budi)
    with translation.override("en"):  # the Kasi reads the pages in English
        tpp_session_finalise(actor=kasi_budi, session=held_members)
    revocation = fresh(revocation)
    assert revocation.tpp_members == MEMBERS
    assert revocation.tpp_recommendation.endswith("Keputusan sidang: Disetujui.")
