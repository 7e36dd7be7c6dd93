"""TPP session services: numbering, membership, agenda, recommendations, finalise, read-only, cancel."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bimkemas.audit.models import AuditEntry
from bimkemas.cases.models import CaseEvent
from bimkemas.cases.services import case_assign
from bimkemas.tpp.models import BoardRole, SessionStatus, TppItem
from bimkemas.tpp.services import (
    tpp_attendance_record,
    tpp_item_add,
    tpp_item_move,
    tpp_item_record,
    tpp_item_remove,
    tpp_items_reorder,
    tpp_member_add,
    tpp_member_remove,
    tpp_session_cancel,
    tpp_session_create,
    tpp_session_finalise,
    tpp_session_update,
)
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db


def _plan(actor, day, **kw):
    return tpp_session_create(actor=actor, date=day, time=dt.time(9, 0), place="Ruang TPP", **kw)


def messages_of(exc) -> str:
    return " ".join(exc.value.messages)


# --- numbering ------------------------------------------------------------------------------------------


def test_sessions_are_numbered_per_bapas_per_year(kasi_budi, kasi_wati):
    first = _plan(kasi_budi, dt.date(2026, 3, 2))
    second = _plan(kasi_budi, dt.date(2026, 4, 6))
    next_year = _plan(kasi_budi, dt.date(2027, 1, 11))
    other_bapas = _plan(kasi_wati, dt.date(2026, 3, 2))

    assert first.number == "BPS-YK/TPP/0001/2026"
    assert second.number == "BPS-YK/TPP/0002/2026"
    assert next_year.number == "BPS-YK/TPP/0001/2027"
    assert other_bapas.number == "BPS-WNS/TPP/0001/2026"


def test_a_cancelled_session_keeps_its_number(kasi_budi):
    first = _plan(kasi_budi, dt.date(2026, 3, 2))
    tpp_session_cancel(actor=kasi_budi, session=first, reason="Kepala Bapas dinas luar.")
    assert _plan(kasi_budi, dt.date(2026, 3, 9)).number == "BPS-YK/TPP/0002/2026"


def test_only_leads_plan_sessions(pk_andi, kanwil_hadi):
    for actor in (pk_andi, kanwil_hadi):
        with pytest.raises(PermissionDenied):
            _plan(actor, dt.date(2026, 3, 2))


def test_planning_names_missing_fields(kasi_budi):
    with pytest.raises(ValidationError) as exc:
        tpp_session_create(actor=kasi_budi, date=dt.date(2026, 3, 2), time=None, place=" ")
    assert exc.value.message_dict == {"time": ["Isi pukul sidang."], "place": ["Isi tempat sidang."]}


def test_chair_must_be_staff_of_the_bapas_and_not_the_secretary(kasi_budi, kasi_wati, kepala_dewi):
    with pytest.raises(ValidationError) as exc:
        _plan(kasi_budi, dt.date(2026, 3, 2), chair=kasi_wati)
    assert "Ketua sidang harus petugas aktif Bapas ini." in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        _plan(kasi_budi, dt.date(2026, 3, 2), chair=kepala_dewi, secretary=kepala_dewi)
    assert "Ketua dan sekretaris sidang harus orang yang berbeda." in messages_of(exc)


def test_chair_and_secretary_become_members(session, kepala_dewi, kasi_budi, pk_andi):
    roles = {m.user: m.board_role for m in session.members.all()}
    assert roles == {kepala_dewi: BoardRole.CHAIR, kasi_budi: BoardRole.SECRETARY}

    # pk_andi was an ordinary member and becomes the secretary: one row, no duplicate
    tpp_member_add(actor=kasi_budi, session=session, user=pk_andi)
    tpp_session_update(actor=kasi_budi, session=session, date=session.date, time=session.time,
                       place=session.place, chair=kepala_dewi, secretary=pk_andi)  # fmt: skip
    roles = {m.user: m.board_role for m in session.members.all()}
    assert roles == {kepala_dewi: BoardRole.CHAIR, pk_andi: BoardRole.SECRETARY}


def test_session_create_is_audited(session, kasi_budi):
    entry = AuditEntry.objects.get(object_type="tppsession", object_id=session.id, action="create")
    assert entry.actor == kasi_budi
    assert entry.changes["place"] == [None, "Ruang Sidang TPP"]


# --- members --------------------------------------------------------------------------------------------


def test_outside_member_needs_name_and_function(session, kasi_budi):
    with pytest.raises(ValidationError) as exc:
        tpp_member_add(actor=kasi_budi, session=session, name="Drs. Joko")
    assert "Isi jabatan/fungsi anggota dari luar Bapas" in messages_of(exc)
    member = tpp_member_add(actor=kasi_budi, session=session, name="Drs. Joko",
                            function="Perwakilan Lapas Kelas IIA Yogyakarta")  # fmt: skip
    assert member.user is None and member.present


def test_staff_of_another_bapas_cannot_sit(session, kasi_budi, pk_sari):
    with pytest.raises(ValidationError) as exc:
        tpp_member_add(actor=kasi_budi, session=session, user=pk_sari)
    assert "Anggota dari Bapas harus petugas aktif Bapas ini." in messages_of(exc)


def test_a_member_is_added_once(session, kasi_budi, pk_andi):
    tpp_member_add(actor=kasi_budi, session=session, user=pk_andi)
    with pytest.raises(ValidationError) as exc:
        tpp_member_add(actor=kasi_budi, session=session, user=pk_andi)
    assert "Andi Pratama sudah menjadi anggota sidang ini." in messages_of(exc)


def test_staff_member_function_comes_from_role_and_rank(session, kasi_budi, pk_andi):
    member = tpp_member_add(actor=kasi_budi, session=session, user=pk_andi)
    assert (member.name, member.function) == ("Andi Pratama", "PK Ahli Muda")


def test_chair_cannot_be_removed_as_a_member(session, kasi_budi):
    chair_row = session.members.get(board_role=BoardRole.CHAIR)
    with pytest.raises(ValidationError) as exc:
        tpp_member_remove(actor=kasi_budi, member=chair_row)
    assert "ganti ketua atau sekretaris lewat ubah sidang" in messages_of(exc)


def test_attendance_marks_the_others_absent(session, kasi_budi, pk_andi):
    member = tpp_member_add(actor=kasi_budi, session=session, user=pk_andi)
    chair = session.members.get(board_role=BoardRole.CHAIR)
    tpp_attendance_record(actor=kasi_budi, session=session, present_ids=[member.id])
    chair.refresh_from_db()
    member.refresh_from_db()
    assert member.present and not chair.present


# --- agenda ---------------------------------------------------------------------------------------------


def test_case_of_another_bapas_is_refused(session, kasi_budi, kasi_wati):
    other = receive_client(kasi_wati, "Slamet Riyadi")
    with pytest.raises(ValidationError) as exc:
        tpp_item_add(actor=kasi_budi, session=session, case=other, purpose="litmas")
    assert f"Kasus {other.register_number} bukan kasus Bapas ini" in messages_of(exc)
    assert not TppItem.objects.exists()


def test_same_case_and_purpose_only_once_but_in_many_sessions(session, kasi_budi, client_rudi, today):
    tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    with pytest.raises(ValidationError) as exc:
        tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    assert "sudah ada di agenda sidang ini untuk Evaluasi" in messages_of(exc)
    tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="litmas")
    later = _plan(kasi_budi, today + dt.timedelta(days=30))
    tpp_item_add(actor=kasi_budi, session=later, case=client_rudi, purpose="evaluation")
    assert client_rudi.tpp_items.count() == 3


def test_presenter_defaults_to_the_case_pk(session, kasi_budi, client_rudi, pk_andi):
    item = tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="programme")
    assert item.presenter == pk_andi


def test_pk_cannot_change_the_agenda(session, pk_andi, client_rudi):
    with pytest.raises(PermissionDenied):
        tpp_item_add(actor=pk_andi, session=session, case=client_rudi, purpose="evaluation")


def test_agenda_reorder_and_remove(session, kasi_budi, client_rudi):
    second = receive_client(kasi_budi, "Bambang Susilo")
    third = receive_client(kasi_budi, "Cahyo Nugroho")
    a = tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    b = tpp_item_add(actor=kasi_budi, session=session, case=second, purpose="litmas")
    c = tpp_item_add(actor=kasi_budi, session=session, case=third, purpose="termination")

    tpp_item_move(actor=kasi_budi, item=c, offset=-1)
    assert list(session.items.values_list("id", flat=True)) == [a.id, c.id, b.id]
    tpp_items_reorder(actor=kasi_budi, session=session, item_ids=[b.id, a.id, c.id])
    assert list(session.items.values_list("id", flat=True)) == [b.id, a.id, c.id]
    with pytest.raises(ValidationError):
        tpp_items_reorder(actor=kasi_budi, session=session, item_ids=[b.id, a.id])
    tpp_item_remove(actor=kasi_budi, item=a)
    assert list(session.items.values_list("order", flat=True)) == [1, 2]


# --- recommendations ------------------------------------------------------------------------------------


def test_pk_writes_recommendation_of_own_case_only(session, kasi_budi, client_rudi, pk_andi, pk_rina):
    item = tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    tpp_item_record(actor=pk_andi, item=item, discussion="Baik.", recommendation="Lanjut tahap lanjutan.")
    item.refresh_from_db()
    assert item.recommendation == "Lanjut tahap lanjutan." and item.updated_by == pk_andi
    with pytest.raises(PermissionDenied):
        tpp_item_record(actor=pk_rina, item=item, discussion="", recommendation="Lain.")
    with pytest.raises(PermissionDenied):  # the decision is the board's, recorded by a lead
        tpp_item_record(actor=pk_andi, item=item, discussion="", recommendation="X", decision="approved")


def test_approval_needs_a_recommendation(session, kasi_budi, client_rudi):
    item = tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    with pytest.raises(ValidationError) as exc:
        tpp_item_record(actor=kasi_budi, item=item, discussion="", recommendation="", decision="approved")
    assert "Tulis rekomendasi TPP sebelum mencatat keputusan" in messages_of(exc)


# --- finalise -------------------------------------------------------------------------------------------


def test_finalise_names_every_problem(session, kasi_budi, client_rudi, today):
    tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    with pytest.raises(ValidationError) as exc:
        tpp_session_finalise(actor=kasi_budi, session=session)
    text = messages_of(exc)
    assert "Paling sedikit satu anggota selain ketua dan sekretaris harus hadir." in text
    assert (
        f"Agenda 1 ({client_rudi.register_number}, Evaluasi) belum memiliki rekomendasi dan tidak ditunda."
        in text
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert not CaseEvent.objects.filter(code="tpp_recommendation").exists()


def test_finalise_needs_chair_and_secretary_present(ready_session, kasi_budi, pk_andi):
    member = ready_session.members.get(user=pk_andi)
    tpp_attendance_record(actor=kasi_budi, session=ready_session, present_ids=[member.id])
    with pytest.raises(ValidationError) as exc:
        tpp_session_finalise(actor=kasi_budi, session=ready_session)
    assert "Ketua sidang belum tercatat hadir." in messages_of(exc)
    assert "Sekretaris sidang belum tercatat hadir." in messages_of(exc)


def test_finalise_refuses_a_session_not_yet_held(kasi_budi, kepala_dewi, today):
    later = _plan(kasi_budi, today + dt.timedelta(days=7), chair=kepala_dewi)
    with pytest.raises(ValidationError) as exc:
        tpp_session_finalise(actor=kasi_budi, session=later)
    assert "belum tiba" in messages_of(exc)
    assert "Sekretaris sidang belum ditentukan." in messages_of(exc)
    assert "Agenda sidang masih kosong." in messages_of(exc)


def test_deferred_item_needs_no_recommendation(ready_session, kasi_budi):
    other = receive_client(kasi_budi, "Bambang Susilo")
    item = tpp_item_add(actor=kasi_budi, session=ready_session, case=other, purpose="litmas")
    tpp_item_record(actor=kasi_budi, item=item, discussion="Litmas belum lengkap.", recommendation="",
                    decision="deferred")  # fmt: skip
    tpp_session_finalise(actor=kasi_budi, session=ready_session)
    event = CaseEvent.objects.get(case=other, code="tpp_recommendation")
    assert event.payload["reason"] == "Ditunda"


def test_finalise_writes_timeline_events_and_locks(ready_session, kasi_budi, client_rudi, pk_andi):
    tpp_session_finalise(actor=kasi_budi, session=ready_session)
    ready_session.refresh_from_db()
    assert ready_session.status == SessionStatus.HELD and ready_session.finalised_by == kasi_budi

    event = CaseEvent.objects.get(case=client_rudi, code="tpp_recommendation")
    assert event.actor == kasi_budi
    assert event.payload["reason"] == "Lanjutkan ke tahap lanjutan."
    assert event.payload["document"] == ready_session.number

    item = ready_session.items.get()
    attempts = [
        lambda: tpp_item_record(actor=pk_andi, item=item, discussion="", recommendation="Ubah."),
        lambda: tpp_item_add(actor=kasi_budi, session=ready_session, case=client_rudi, purpose="litmas"),
        lambda: tpp_item_remove(actor=kasi_budi, item=item),
        lambda: tpp_member_add(actor=kasi_budi, session=ready_session, name="X", function="Y"),
        lambda: tpp_attendance_record(actor=kasi_budi, session=ready_session, present_ids=[]),
        lambda: tpp_session_update(actor=kasi_budi, session=ready_session, date=ready_session.date,
                                   time=ready_session.time, place="Aula"),
        lambda: tpp_session_finalise(actor=kasi_budi, session=ready_session),
        lambda: tpp_session_cancel(actor=kasi_budi, session=ready_session, reason="Salah."),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert "sudah final; sidang hanya dapat dibaca" in messages_of(exc)
    item.refresh_from_db()
    assert item.recommendation == "Lanjutkan ke tahap lanjutan."


def test_pk_cannot_finalise(ready_session, pk_andi):
    with pytest.raises(PermissionDenied):
        tpp_session_finalise(actor=pk_andi, session=ready_session)


def test_reassigned_case_goes_to_the_new_pk(session, kasi_budi, client_rudi, pk_andi, pk_rina):
    item = tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation",
                        presenter=kasi_budi)  # fmt: skip
    case_assign(actor=kasi_budi, cases=[client_rudi], pk=pk_rina)
    item = TppItem.objects.get(id=item.id)
    tpp_item_record(actor=pk_rina, item=item, discussion="", recommendation="Lanjut.")
    with pytest.raises(PermissionDenied):
        tpp_item_record(actor=pk_andi, item=item, discussion="", recommendation="Lanjut.")


# --- cancel ---------------------------------------------------------------------------------------------


def test_cancel_needs_a_reason_and_locks(session, kasi_budi, client_rudi):
    with pytest.raises(ValidationError) as exc:
        tpp_session_cancel(actor=kasi_budi, session=session, reason="  ")
    assert exc.value.message_dict == {"reason": ["Tulis alasan pembatalan sidang."]}
    tpp_session_cancel(actor=kasi_budi, session=session, reason="Banjir; kantor tutup.")
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.cancel_reason == "Banjir; kantor tutup."
    with pytest.raises(ValidationError) as exc:
        tpp_item_add(actor=kasi_budi, session=session, case=client_rudi, purpose="evaluation")
    assert "sudah dibatalkan" in messages_of(exc)
