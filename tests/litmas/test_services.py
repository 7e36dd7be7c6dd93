"""The Litmas workflow through its services: create (prefilled, numbered), save, submit, return, approve."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bimkemas.audit.models import AuditEntry
from bimkemas.cases.models import CaseEvent
from bimkemas.cases.services import case_end
from bimkemas.litmas.models import Litmas, LitmasApprover, LitmasVersion
from bimkemas.litmas.services import (
    approver_designate,
    approver_revoke,
    litmas_approve,
    litmas_create,
    litmas_return,
    litmas_save,
    litmas_submit,
)
from tests.cases.factories import receive_client
from tests.litmas.conftest import RECOMMENDATION, complete_values


def _submitted(draft, actor):
    litmas, _ = litmas_save(actor=actor, litmas=draft, values=complete_values(draft))
    return litmas_submit(actor=actor, litmas=litmas)


def test_create_prefills_and_numbers_from_the_bapas_register(draft, client_rudi):
    assert draft.status == Litmas.Status.DRAFT
    assert draft.register_number.startswith("BPS-YK/LITMAS/")
    assert draft.values["identitas.full_name"] == "Rudi Hartono"
    assert draft.values["kasus.offence_article"] == "Pasal 362 KUHP"
    assert draft.values["pendahuluan.requested_by"] == "Kepala Bapas"
    assert draft.due_date is not None and draft.due_date > client_rudi.handover_date
    assert [v.transition for v in draft.versions.all()] == ["created"]
    assert AuditEntry.objects.filter(object_type="litmas", object_id=draft.id, action="create").exists()


def test_register_numbers_are_unique_and_never_reused(draft, client_rudi, pk_andi):
    second = litmas_create(actor=pk_andi, case=client_rudi, kind="asimilasi")
    third = litmas_create(actor=pk_andi, case=client_rudi, kind="cmk")
    numbers = [int(x.register_number.split("/")[2]) for x in (draft, second, third)]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]
    # A Litmas removed (e.g. by an administrator) does not give its number back.
    third.versions.all().delete()
    third.delete()
    fourth = litmas_create(actor=pk_andi, case=client_rudi, kind="cmk")
    assert int(fourth.register_number.split("/")[2]) == numbers[0] + 3


def test_kind_must_fit_the_client_group(client_rudi, pk_andi):
    with pytest.raises(ValidationError) as exc:
        litmas_create(actor=pk_andi, case=client_rudi, kind="diversi")
    assert "tidak berlaku untuk kelompok klien Dewasa" in str(exc.value.message_dict["kind"])
    with pytest.raises(ValidationError, match="tidak dikenal"):
        litmas_create(actor=pk_andi, case=client_rudi, kind="nope")


def test_only_the_case_team_writes(client_rudi, pk_rina, pk_sari, draft):
    for outsider in (pk_rina, pk_sari):
        with pytest.raises(PermissionDenied):
            litmas_create(actor=outsider, case=client_rudi, kind="pembimbingan")
        with pytest.raises(PermissionDenied):
            litmas_save(actor=outsider, litmas=draft, values={"analisis.analysis": "x"})


def test_saves_update_one_working_version_and_are_audited(draft, pk_andi, kasi_budi):
    litmas_save(actor=pk_andi, litmas=draft, values={"analisis.analysis": "Satu"})
    litmas_save(actor=kasi_budi, litmas=draft, values={"analisis.analysis": "Dua"})
    versions = list(draft.versions.order_by("number"))
    assert [v.transition for v in versions] == ["created", ""]
    assert versions[1].values["analisis.analysis"] == "Dua"
    assert versions[1].editors == ["Andi Pratama", "Budi Santoso"]
    assert AuditEntry.objects.filter(object_type="litmas", object_id=draft.id, action="update").count() == 2


def test_save_keeps_valid_fields_and_names_the_invalid_ones(draft, pk_andi):
    litmas, errors = litmas_save(actor=pk_andi, litmas=draft, values={
        "analisis.analysis": "Analisis", "pendahuluan.request_date": "31-02-2026",
        "sikap_klien.remorse": "Entah", "keluarga.members": [{"name": "Siti", "relation": "Istri"}, {}],
    })  # fmt: skip
    assert litmas.values["analisis.analysis"] == "Analisis"
    assert "Tanggal permintaan" in errors["pendahuluan.request_date"][0]
    assert "Sikap terhadap tindak pidana" in errors["sikap_klien.remorse"][0]
    assert litmas.values["keluarga.members"] == [
        {"name": "Siti", "relation": "Istri", "age": "", "occupation": "", "note": ""}
    ]


def test_submit_requires_every_required_field_naming_it(draft, pk_andi):
    with pytest.raises(ValidationError) as exc:
        litmas_submit(actor=pk_andi, litmas=draft)
    errors = exc.value.message_dict
    assert "“Rekomendasi” (Kesimpulan dan rekomendasi) wajib diisi." in errors["kesimpulan.recommendation"]
    assert "kasus.offence_article" not in errors  # prefilled
    draft.refresh_from_db()
    assert draft.status == Litmas.Status.DRAFT


def test_full_workflow_keeps_every_version_and_writes_the_timeline(draft, pk_andi, kepala_dewi, client_rudi):
    litmas = _submitted(draft, pk_andi)
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        litmas_save(actor=pk_andi, litmas=litmas, values={"analisis.analysis": "Ubah diam-diam"})
    with pytest.raises(ValidationError) as exc:
        litmas_return(actor=kepala_dewi, litmas=litmas, comment="  ")
    assert "comment" in exc.value.message_dict
    litmas = litmas_return(actor=kepala_dewi, litmas=litmas, comment="Lengkapi tanggapan masyarakat.")
    assert litmas.status == Litmas.Status.RETURNED
    litmas, _ = litmas_save(
        actor=pk_andi, litmas=litmas, values={"tanggapan_masyarakat.response": "Ketua RT mendukung."}
    )
    litmas = litmas_submit(actor=pk_andi, litmas=litmas)
    litmas = litmas_approve(actor=kepala_dewi, litmas=litmas)
    assert litmas.status == Litmas.Status.APPROVED
    assert litmas.approver == kepala_dewi
    assert litmas.approver_title == "Kepala Bapas Kelas I Yogyakarta"
    transitions = list(litmas.versions.order_by("number").values_list("transition", flat=True))
    assert transitions == ["created", "submitted", "returned", "submitted", "approved"]
    resubmitted = litmas.versions.get(number=4)
    assert resubmitted.values["tanggapan_masyarakat.response"] == "Ketua RT mendukung."
    assert litmas.versions.get(number=2).values["kesimpulan.recommendation"] == RECOMMENDATION
    events = {
        e.code: e.payload for e in CaseEvent.objects.filter(case=client_rudi, code__startswith="litmas_")
    }
    assert set(events) == {"litmas_submitted", "litmas_returned", "litmas_approved"}
    assert events["litmas_returned"]["reason"] == "Lengkapi tanggapan masyarakat."
    assert events["litmas_approved"]["register_number"] == litmas.register_number
    # Approved is final.
    for action in (lambda: litmas_return(actor=kepala_dewi, litmas=litmas, comment="lagi"),
                   lambda: litmas_approve(actor=kepala_dewi, litmas=litmas),
                   lambda: litmas_submit(actor=pk_andi, litmas=litmas),
                   lambda: litmas_save(actor=pk_andi, litmas=litmas, values={"analisis.analysis": "x"})):  # fmt: skip
        with pytest.raises(ValidationError, match="Disetujui"):
            action()


def test_a_draft_cannot_be_approved_or_returned(draft, kepala_dewi):
    with pytest.raises(ValidationError, match="Draf tidak dapat disetujui"):
        litmas_approve(actor=kepala_dewi, litmas=draft)
    with pytest.raises(ValidationError, match="Draf tidak dapat dikembalikan"):
        litmas_return(actor=kepala_dewi, litmas=draft, comment="x")


def test_only_the_kepala_or_a_designated_official_approves(
    draft, pk_andi, kasi_budi, kasubsi_eko, kepala_dewi
):
    litmas = _submitted(draft, pk_andi)
    for actor in (pk_andi, kasi_budi, kasubsi_eko):
        with pytest.raises(PermissionDenied):
            litmas_approve(actor=actor, litmas=litmas)
    approver_designate(actor=kepala_dewi, user=kasubsi_eko, note="Kasubsi Bimkemas")
    litmas = litmas_approve(actor=kasubsi_eko, litmas=litmas)
    assert litmas.approver_title.startswith("a.n. Kepala Bapas Kelas I Yogyakarta")


def test_the_author_cannot_approve_their_own_litmas(client_rudi, kepala_dewi):
    litmas = litmas_create(actor=kepala_dewi, case=client_rudi, kind="pembimbingan", requested_by="Kepala")
    litmas = _submitted(litmas, kepala_dewi)
    with pytest.raises(PermissionDenied, match="penulisnya sendiri"):
        litmas_approve(actor=kepala_dewi, litmas=litmas)


def test_designation_rules(kepala_dewi, kasi_budi, kasubsi_eko, pk_andi, kasi_wati):
    with pytest.raises(PermissionDenied):
        approver_designate(actor=pk_andi, user=kasubsi_eko)
    with pytest.raises(PermissionDenied):
        approver_designate(actor=kasubsi_eko, user=kasi_budi)  # only the Kepala or a Kasi designates
    with pytest.raises(ValidationError, match="Kasi atau Kasubsi"):
        approver_designate(actor=kepala_dewi, user=pk_andi)
    with pytest.raises(ValidationError, match="di Bapas ini"):
        approver_designate(actor=kepala_dewi, user=kasi_wati)
    row = approver_designate(actor=kasi_budi, user=kasubsi_eko)
    with pytest.raises(ValidationError, match="sudah ditunjuk"):
        approver_designate(actor=kepala_dewi, user=kasubsi_eko)
    approver_revoke(actor=kepala_dewi, approver=row)
    assert not LitmasApprover.objects.exists()


def test_an_ended_case_is_read_only(draft, client_rudi, kasi_budi, pk_andi):
    import datetime as dt

    case_end(
        actor=kasi_budi,
        case=client_rudi,
        reason="completed",
        end_date=client_rudi.handover_date + dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="berakhir"):
        litmas_save(actor=pk_andi, litmas=draft, values={"analisis.analysis": "x"})


def test_versions_are_kept_when_the_working_draft_is_frozen(draft, pk_andi):
    litmas, _ = litmas_save(actor=pk_andi, litmas=draft, values=complete_values(draft))
    litmas_submit(actor=pk_andi, litmas=litmas)
    assert LitmasVersion.objects.filter(litmas=draft).count() == 2  # created + (working → submitted)


def test_child_case_kinds(kasi_budi, pk_andi):
    from bimkemas.cases.services import case_assign

    case = receive_client(kasi_budi, "Dimas Anak", group="A", programme="PB")
    case_assign(actor=kasi_budi, cases=[case], pk=pk_andi)
    litmas = litmas_create(actor=pk_andi, case=case, kind="diversi")
    assert any(s["code"] == "tanggapan_korban" for s in litmas.definition)
