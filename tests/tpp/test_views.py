"""TPP pages: list, plan, the session page (agenda search, members, attendance, finalise, cancel), the
recommendation form, and the case's TPP history."""

import datetime as dt

import pytest
from django.urls import reverse

from bimkemas.audit.models import AuditEntry
from bimkemas.cases.models import CaseEvent
from bimkemas.cases.services import case_restrict
from bimkemas.tpp.models import SessionStatus, TppItem, TppSession
from bimkemas.tpp.services import tpp_item_add, tpp_session_create, tpp_session_finalise
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db


def detail_url(session):
    return reverse("tpp_detail", kwargs={"tpp_id": session.id})


# --- list -----------------------------------------------------------------------------------------------


def test_list_is_empty_with_a_hint(client, kasi_budi):
    client.force_login(kasi_budi)
    page = client.get(reverse("tpp_list")).content.decode()
    assert "Belum ada sidang TPP." in page and "Rencanakan sidang pertama" in page


def test_list_filters_and_searches(
    client, kasi_budi, session, client_rudi, today, django_assert_max_num_queries
):
    tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    for days in range(1, 25):  # more than a page
        tpp_session_create(actor=kasi_budi, date=today - dt.timedelta(days=days), time=dt.time(9, 0),
                           place=f"Aula {days}")  # fmt: skip
    client.force_login(kasi_budi)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("tpp_list")).content.decode()
    assert "Halaman 1 dari 2" in page and session.number in page

    page = client.get(reverse("tpp_list"), {"q": "Rudi"}).content.decode()
    assert session.number in page and "Aula 3" not in page
    page = client.get(reverse("tpp_list"), {"q": client_rudi.register_number}).content.decode()
    assert session.number in page
    page = client.get(reverse("tpp_list"), {"status": "held"}).content.decode()
    assert "Tidak ada sidang TPP yang cocok dengan saringan ini." in page
    page = client.get(reverse("tpp_list"), {"when": "past"}).content.decode()
    assert session.number not in page and "Aula 1<" in page


def test_other_bapas_sees_none_of_our_sessions(client, session, kasi_wati):
    client.force_login(kasi_wati)
    page = client.get(reverse("tpp_list")).content.decode()
    assert session.number not in page
    assert client.get(detail_url(session)).status_code == 404


def test_kanwil_reads_sessions_without_client_names(client, ready_session, client_rudi, kanwil_hadi):
    client.force_login(kanwil_hadi)
    assert ready_session.number in client.get(reverse("tpp_list")).content.decode()
    page = client.get(detail_url(ready_session)).content.decode()
    assert client_rudi.register_number in page and "Lanjutkan ke tahap lanjutan." in page
    assert "Rudi Hartono" not in page
    assert "Finalkan berita acara" not in page and "Isi pembahasan" not in page


# --- plan and edit --------------------------------------------------------------------------------------


def test_lead_plans_a_session(client, kasi_budi, kepala_dewi, pk_andi):
    client.force_login(kasi_budi)
    response = client.post(reverse("tpp_new"), {"date": "2026-12-01", "time": "09:30", "place": "Aula Bapas",
                                                "chair": kepala_dewi.id, "secretary": pk_andi.id})  # fmt: skip
    session = TppSession.objects.get()
    assert response.status_code == 302 and response.url == detail_url(session)
    assert (session.number, session.place, session.chair, session.secretary) == (
        "BPS-YK/TPP/0001/2026", "Aula Bapas", kepala_dewi, pk_andi)  # fmt: skip
    page = client.get(detail_url(session)).content.decode()
    assert "Dewi Lestari" in page and "Belum ada klien di agenda sidang ini." in page


def test_plan_form_names_what_is_wrong(client, kasi_budi, pk_sari):
    client.force_login(kasi_budi)
    response = client.post(
        reverse("tpp_new"), {"date": "1-2-x", "time": "", "place": "", "chair": pk_sari.id}
    )
    page = response.content.decode()
    assert response.status_code == 400
    for message in ("Tanggal sidang tidak valid.", "Isi pukul sidang.", "Isi tempat sidang.",
                    "Ketua sidang harus petugas aktif Bapas ini."):  # fmt: skip
        assert message in page
    assert not TppSession.objects.exists()


def test_pk_may_not_plan_or_edit(client, pk_andi, session):
    client.force_login(pk_andi)
    assert client.get(reverse("tpp_new")).status_code == 403
    assert client.get(reverse("tpp_edit", kwargs={"tpp_id": session.id})).status_code == 403


def test_edit_session(client, kasi_budi, session):
    client.force_login(kasi_budi)
    url = reverse("tpp_edit", kwargs={"tpp_id": session.id})
    assert 'value="Ruang Sidang TPP"' in client.get(url).content.decode()
    response = client.post(url, {"date": session.date.isoformat(), "time": "13:00", "place": "Aula lantai 2",
                                 "chair": session.chair_id, "secretary": session.secretary_id})  # fmt: skip
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.place, session.time) == ("Aula lantai 2", dt.time(13, 0))


# --- agenda ---------------------------------------------------------------------------------------------


def test_search_and_add_a_case(client, kasi_budi, session, client_rudi):
    client.force_login(kasi_budi)
    page = client.get(detail_url(session), {"q": "rudi"}).content.decode()
    assert "Rudi Hartono" in page and f'name="case" value="{client_rudi.id}"' in page

    partial = client.get(
        detail_url(session), {"q": "rudi"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="case-results"
    )
    assert "<html" not in partial.content.decode() and "Rudi Hartono" in partial.content.decode()
    assert "Tidak ada klien aktif" in client.get(detail_url(session), {"q": "zzzz"}).content.decode()

    response = client.post(reverse("tpp_item_add", kwargs={"tpp_id": session.id}),
                           {"case": client_rudi.id, "purpose": "litmas"})  # fmt: skip
    assert response.status_code == 302
    item = TppItem.objects.get()
    assert (item.case, item.purpose) == (client_rudi, "litmas")


def test_add_case_without_purpose_says_so(client, kasi_budi, session, client_rudi):
    client.force_login(kasi_budi)
    response = client.post(reverse("tpp_item_add", kwargs={"tpp_id": session.id}), {"case": client_rudi.id})
    assert response.status_code == 400
    assert "Pilih agenda pembahasan (misalnya Evaluasi atau Litmas)." in response.content.decode()


def test_case_of_another_bapas_is_refused_by_the_page(client, kasi_budi, kasi_wati, session):
    other = receive_client(kasi_wati, "Slamet Riyadi")
    client.force_login(kasi_budi)
    assert "Slamet" not in client.get(detail_url(session), {"q": "slamet"}).content.decode()
    response = client.post(reverse("tpp_item_add", kwargs={"tpp_id": session.id}),
                           {"case": other.id, "purpose": "litmas"})  # fmt: skip
    assert response.status_code == 400
    assert "bukan kasus Bapas ini" in response.content.decode()
    assert not TppItem.objects.exists()


def test_move_item_down(client, kasi_budi, session, client_rudi):
    second = receive_client(kasi_budi, "Bambang Susilo")
    a = tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    b = tpp_item_add(actor=kasi_budi, session=session, case=second, purpose="litmas")
    client.force_login(kasi_budi)
    response = client.post(reverse("tpp_item_move", kwargs={"tpp_item_id": a.id}), {"direction": "down"})
    assert response.status_code == 302
    assert list(session.items.values_list("id", flat=True)) == [b.id, a.id]


def test_restricted_case_shows_register_number_only(client, kasi_budi, kepala_dewi, pk_andi, pk_rina,
                                                    session, client_rudi):  # fmt: skip
    tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    case_restrict(actor=kepala_dewi, case=client_rudi, staff=[pk_andi], reason="Saksi pelaku.")
    for outsider in (kasi_budi, pk_rina):
        client.force_login(outsider)
        page = client.get(detail_url(session)).content.decode()
        assert client_rudi.register_number in page and "Rudi Hartono" not in page
        pdf = client.get(reverse("tpp_minutes_pdf", kwargs={"tpp_id": session.id}))
        assert pdf.status_code == 200
    for team in (pk_andi, kepala_dewi):
        client.force_login(team)
        assert "Rudi Hartono" in client.get(detail_url(session)).content.decode()


def test_child_name_reduced_to_initials_outside_the_team(client, kasi_budi, pk_andi, pk_rina, session):
    child = receive_client(kasi_budi, "Putri Ayu Lestari", group="A", programme="DIV",
                           person_kw={"birth": dt.date(2011, 2, 3), "sex": "P"})  # fmt: skip
    tpp_item_add(actor=kasi_budi, session=session, case=child, purpose="litmas")
    client.force_login(pk_rina)
    page = client.get(detail_url(session)).content.decode()
    assert "P. A. L." in page and "Putri Ayu Lestari" not in page
    client.force_login(kasi_budi)
    assert "Putri Ayu Lestari" in client.get(detail_url(session)).content.decode()


# --- recommendation -------------------------------------------------------------------------------------


def test_pk_fills_recommendation_of_own_client(client, kasi_budi, pk_andi, session, client_rudi):
    item = tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    client.force_login(pk_andi)
    page = client.get(detail_url(session)).content.decode()
    assert "Isi pembahasan" in page and "Finalkan berita acara" not in page
    url = reverse("tpp_item_edit", kwargs={"tpp_item_id": item.id})
    form = client.get(url).content.decode()
    assert 'name="discussion"' in form and 'name="decision"' not in form
    response = client.post(url, {"discussion": "Hadir rutin.", "recommendation": "Lanjut ke tahap akhir."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.recommendation == "Lanjut ke tahap akhir." and item.decision == ""
    assert AuditEntry.objects.filter(object_type="tppitem", object_id=item.id, actor=pk_andi).exists()


def test_lead_decision_validation_message(client, kasi_budi, session, client_rudi):
    item = tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    client.force_login(kasi_budi)
    response = client.post(reverse("tpp_item_edit", kwargs={"tpp_item_id": item.id}),
                           {"purpose": "evaluation", "discussion": "", "recommendation": "", "decision": "approved"})  # fmt: skip
    assert response.status_code == 400
    assert (
        "Tulis rekomendasi TPP sebelum mencatat keputusan disetujui atau ditolak."
        in response.content.decode()
    )


def test_other_pk_cannot_open_the_recommendation_form(client, kasi_budi, pk_rina, session, client_rudi):
    item = tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    client.force_login(pk_rina)
    assert client.get(reverse("tpp_item_edit", kwargs={"tpp_item_id": item.id})).status_code == 403


# --- members, attendance, finalise, cancel --------------------------------------------------------------


def test_member_form_and_attendance(client, kasi_budi, session):
    client.force_login(kasi_budi)
    url = reverse("tpp_member_add", kwargs={"tpp_id": session.id})
    response = client.post(url, {"name": "Drs. Joko Widodo"})
    assert response.status_code == 400
    assert "Isi jabatan/fungsi anggota dari luar Bapas" in response.content.decode()
    response = client.post(url, {"name": "Drs. Joko Widodo", "function": "Perwakilan Lapas"})
    assert response.status_code == 302
    joko = session.members.get(name="Drs. Joko Widodo")
    chair = session.members.get(board_role="chair")
    client.post(reverse("tpp_attendance", kwargs={"tpp_id": session.id}), {"present": [joko.id]})
    chair.refresh_from_db()
    joko.refresh_from_db()
    assert joko.present and not chair.present
    assert "Anggota (1 dari 3 hadir)" in client.get(detail_url(session)).content.decode()


def test_finalise_page_lists_what_is_missing(client, kasi_budi, session):
    client.force_login(kasi_budi)
    assert "Agenda sidang masih kosong." in client.get(detail_url(session)).content.decode()
    response = client.post(reverse("tpp_finalise", kwargs={"tpp_id": session.id}))
    assert response.status_code == 400
    assert "Berita acara belum dapat difinalkan:" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


def test_finalise_then_read_only(client, kasi_budi, pk_andi, ready_session, client_rudi):
    client.force_login(kasi_budi)
    response = client.post(reverse("tpp_finalise", kwargs={"tpp_id": ready_session.id}))
    assert response.status_code == 302
    assert CaseEvent.objects.filter(case=client_rudi, code="tpp_recommendation").count() == 1
    page = client.get(detail_url(ready_session)).content.decode()
    assert "Berita acara sudah final; sidang ini hanya dapat dibaca." in page
    assert "Isi pembahasan" not in page and "Tambah anggota" not in page
    item = ready_session.items.get()
    client.force_login(pk_andi)
    response = client.post(reverse("tpp_item_edit", kwargs={"tpp_item_id": item.id}),
                           {"discussion": "", "recommendation": "Ubah."})  # fmt: skip
    assert response.status_code == 302  # sent back to the session with a message
    item.refresh_from_db()
    assert item.recommendation == "Lanjutkan ke tahap lanjutan."


def test_cancel_needs_a_reason(client, kasi_budi, session):
    client.force_login(kasi_budi)
    url = reverse("tpp_cancel", kwargs={"tpp_id": session.id})
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Tulis alasan pembatalan sidang." in response.content.decode()
    assert client.post(url, {"reason": "Kepala Bapas dinas luar."}).status_code == 302
    page = client.get(detail_url(session)).content.decode()
    assert "Dibatalkan" in page and "Kepala Bapas dinas luar." in page


# --- the case's TPP history -----------------------------------------------------------------------------


def test_case_tpp_lists_sessions_of_the_case(client, kasi_budi, pk_andi, ready_session, client_rudi):
    tpp_session_finalise(actor=kasi_budi, session=ready_session)
    client.force_login(pk_andi)
    page = client.get(reverse("case_tpp", kwargs={"case_id": client_rudi.id})).content.decode()
    assert ready_session.number in page and "Lanjutkan ke tahap lanjutan." in page


def test_case_tpp_empty_state(client, pk_andi, client_rudi):
    client.force_login(pk_andi)
    page = client.get(reverse("case_tpp", kwargs={"case_id": client_rudi.id})).content.decode()
    assert "Klien ini belum pernah dibahas dalam sidang TPP." in page


def test_detail_page_queries_do_not_grow_with_the_agenda(
    client, kasi_budi, pk_andi, session, client_rudi, django_assert_max_num_queries
):
    tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    for name in ("Bambang Susilo", "Cahyo Nugroho", "Dimas Prakoso", "Eko Wibowo"):
        tpp_item_add(actor=kasi_budi, session=session, case=receive_client(kasi_budi, name), purpose="litmas")
    client.force_login(kasi_budi)
    with django_assert_max_num_queries(30):
        page = client.get(detail_url(session)).content.decode()
    assert "Eko Wibowo" in page and "Agenda (5 klien)" in page


def test_restricted_case_is_not_found_by_name_by_outsiders(client, kasi_budi, kepala_dewi, pk_andi, session,
                                                           client_rudi):  # fmt: skip
    tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    case_restrict(actor=kepala_dewi, case=client_rudi, staff=[pk_andi], reason="Saksi pelaku.")
    client.force_login(kasi_budi)
    assert "Rudi" not in client.get(detail_url(session), {"q": "rudi"}).content.decode()
    assert session.number not in client.get(reverse("tpp_list"), {"q": "rudi"}).content.decode()
    found = client.get(detail_url(session), {"q": client_rudi.register_number}).content.decode()
    assert f'name="case" value="{client_rudi.id}"' in found
    client.force_login(kepala_dewi)
    assert session.number in client.get(reverse("tpp_list"), {"q": "rudi"}).content.decode()
