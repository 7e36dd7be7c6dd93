"""The Litmas pages as a user meets them: list, create, write (autosave and Save), submit, decide, history."""

import pytest
from django.urls import reverse

from bimkemas.litmas.models import Litmas
from bimkemas.litmas.services import approver_designate, litmas_save, litmas_submit
from tests.litmas.conftest import complete_values


def test_case_page_empty_state_and_create(client, client_rudi, pk_andi):
    client.force_login(pk_andi)
    page = client.get(reverse("case_litmas", args=[client_rudi.id]))
    assert "Belum ada Litmas untuk kasus ini." in page.content.decode()
    form = client.get(reverse("litmas_create", args=[client_rudi.id]))
    body = form.content.decode()
    assert "Litmas pembimbingan" in body and "Litmas diversi" not in body  # adult client: no child kinds
    response = client.post(reverse("litmas_create", args=[client_rudi.id]),
                           {"kind": "pembimbingan", "requested_by": "Kepala Lapas", "purpose": "Program"})  # fmt: skip
    litmas = Litmas.objects.get(case=client_rudi)
    assert response.url == reverse("litmas_edit", args=[litmas.id])
    edit = client.get(response.url).content.decode()
    assert 'value="Rudi Hartono"' in edit
    assert "RAHASIA" in edit
    assert litmas.register_number in edit


def test_create_refuses_without_kind_naming_the_field(client, client_rudi, pk_andi):
    client.force_login(pk_andi)
    response = client.post(reverse("litmas_create", args=[client_rudi.id]), {"kind": ""})
    assert response.status_code == 400
    assert "Jenis Litmas: Pilih jenis Litmas." in response.content.decode()


def test_autosave_saves_and_answers_with_the_time(client, draft, pk_andi):
    client.force_login(pk_andi)
    url = reverse("litmas_autosave", args=[draft.id])
    response = client.post(url, {"analisis__analysis": "Klien kooperatif.", "keluarga__members__rows": "2",
                                 "keluarga__members__0__name": "Siti", "keluarga__members__0__relation": "Istri"})  # fmt: skip
    assert response.status_code == 200
    assert response.json()["message"].startswith("Tersimpan ")
    draft.refresh_from_db()
    assert draft.values["analisis.analysis"] == "Klien kooperatif."
    assert draft.values["keluarga.members"][0]["name"] == "Siti"
    assert len(draft.values["keluarga.members"]) == 1  # the empty row is dropped
    assert draft.values["identitas.full_name"] == "Rudi Hartono"  # fields not posted are kept


def test_autosave_reports_invalid_fields(client, draft, pk_andi):
    client.force_login(pk_andi)
    response = client.post(
        reverse("litmas_autosave", args=[draft.id]), {"pendahuluan__request_date": "kemarin"}
    )
    assert response.status_code == 200
    assert "Tanggal permintaan" in response.json()["errors"]["pendahuluan__request_date"][0]


def test_autosave_refused_after_submission(client, draft, pk_andi):
    litmas, _ = litmas_save(actor=pk_andi, litmas=draft, values=complete_values(draft))
    litmas_submit(actor=pk_andi, litmas=litmas)
    client.force_login(pk_andi)
    response = client.post(reverse("litmas_autosave", args=[draft.id]), {"analisis__analysis": "Diam-diam"})
    assert response.status_code == 409
    assert "Menunggu persetujuan" in response.json()["message"]
    draft.refresh_from_db()
    assert draft.values["analisis.analysis"] != "Diam-diam"
    # The edit page sends the PK to the read page.
    assert client.get(reverse("litmas_edit", args=[draft.id])).url == reverse(
        "litmas_detail", args=[draft.id]
    )


def test_save_button_works_without_javascript(client, draft, pk_andi):
    client.force_login(pk_andi)
    response = client.post(
        reverse("litmas_edit", args=[draft.id]), {"action": "save", "analisis__analysis": "Tanpa JS"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.values["analisis.analysis"] == "Tanpa JS"


def test_submit_with_missing_fields_lists_them(client, draft, pk_andi):
    client.force_login(pk_andi)
    response = client.post(
        reverse("litmas_edit", args=[draft.id]), {"action": "submit", "analisis__analysis": "A"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "belum dapat diajukan" in body
    assert "“Rekomendasi” (Kesimpulan dan rekomendasi) wajib diisi." in body
    assert 'href="#f-kesimpulan__recommendation"' in body
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.values["analisis.analysis"] == "A"


def _post_complete(client, draft):
    data = {"action": "submit"}
    for key, value in complete_values(draft).items():
        data[key.replace(".", "__")] = value
    return client.post(reverse("litmas_edit", args=[draft.id]), data)


def test_return_needs_a_comment_and_approve_finalises(client, draft, pk_andi, kepala_dewi, kasi_budi):
    client.force_login(pk_andi)
    assert _post_complete(client, draft).url == reverse("litmas_detail", args=[draft.id])
    client.force_login(kasi_budi)  # not designated: sees it, cannot decide
    page = client.get(reverse("litmas_detail", args=[draft.id])).content.decode()
    assert "Setujui Litmas" not in page
    assert client.post(reverse("litmas_approve", args=[draft.id])).status_code == 403
    client.force_login(kepala_dewi)
    page = client.get(reverse("litmas_detail", args=[draft.id])).content.decode()
    assert "Setujui Litmas" in page and "Kembalikan ke PK" in page
    response = client.post(reverse("litmas_return", args=[draft.id]), {"comment": ""})
    assert response.status_code == 400
    assert "Catatan pengembalian wajib diisi" in response.content.decode()
    client.post(reverse("litmas_return", args=[draft.id]), {"comment": "Perjelas analisis."})
    client.force_login(pk_andi)
    edit = client.get(reverse("litmas_edit", args=[draft.id])).content.decode()
    assert "Perjelas analisis." in edit
    client.post(
        reverse("litmas_edit", args=[draft.id]), {"action": "submit", "analisis__analysis": "Lebih jelas."}
    )
    client.force_login(kepala_dewi)
    client.post(reverse("litmas_approve", args=[draft.id]))
    draft.refresh_from_db()
    assert draft.status == "approved"
    page = client.get(reverse("litmas_detail", args=[draft.id])).content.decode()
    assert "Dewi Lestari" in page
    # History: who changed which fields.
    assert "Analisis › Analisis PK" in page
    version = client.get(reverse("litmas_version", args=[draft.id, 4])).content.decode()
    assert "Lebih jelas." in version and "Isi analisis pk oleh PK." in version


def test_list_filters_and_search(client, draft, pk_andi, kepala_dewi, django_assert_max_num_queries):
    litmas, _ = litmas_save(actor=pk_andi, litmas=draft, values=complete_values(draft))
    litmas_submit(actor=pk_andi, litmas=litmas)
    client.force_login(kepala_dewi)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("litmas_list")).content.decode()
    assert "Menunggu persetujuan: 1" in page
    assert draft.register_number in page
    assert (
        draft.register_number
        in client.get(reverse("litmas_list") + "?status=submitted&q=rudi").content.decode()
    )
    empty = client.get(reverse("litmas_list") + "?status=approved").content.decode()
    assert draft.register_number not in empty and "Tidak ada Litmas yang cocok" in empty


def test_other_bapas_cannot_see_the_litmas(client, draft, pk_sari, pk_rina):
    client.force_login(pk_sari)
    assert client.get(reverse("litmas_detail", args=[draft.id])).status_code == 404
    assert draft.register_number not in client.get(reverse("litmas_list")).content.decode()
    client.force_login(pk_rina)
    assert client.get(reverse("litmas_detail", args=[draft.id])).status_code == 403


@pytest.mark.parametrize("who", ["kepala_dewi", "kasi_budi"])
def test_approvers_page_designates_and_revokes(client, request, who, kasubsi_eko):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("litmas_approvers"), {"action": "add", "user": kasubsi_eko.id, "note": "BKD"}
    )
    assert response.status_code == 302
    page = client.get(reverse("litmas_approvers")).content.decode()
    assert "Eko Saputra" in page and "Cabut" in page
    from bimkemas.litmas.models import LitmasApprover

    row = LitmasApprover.objects.get()
    client.post(reverse("litmas_approvers"), {"action": "remove", "approver": row.id})
    assert not LitmasApprover.objects.exists()


def test_approvers_page_names_the_missing_choice(client, kepala_dewi):
    client.force_login(kepala_dewi)
    response = client.post(reverse("litmas_approvers"), {"action": "add", "user": ""})
    assert response.status_code == 400
    assert "Pilih pejabat yang ditunjuk." in response.content.decode()


def test_designated_official_sees_decision_buttons(client, draft, pk_andi, kepala_dewi, kasubsi_eko):
    approver_designate(actor=kepala_dewi, user=kasubsi_eko)
    litmas, _ = litmas_save(actor=pk_andi, litmas=draft, values=complete_values(draft))
    litmas_submit(actor=pk_andi, litmas=litmas)
    client.force_login(kasubsi_eko)
    assert "Setujui Litmas" in client.get(reverse("litmas_detail", args=[draft.id])).content.decode()
    client.post(reverse("litmas_approve", args=[draft.id]))
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approver == kasubsi_eko
