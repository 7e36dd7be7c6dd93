"""The case team's assessment pages: list, start, fill (draft → final), result with comparison."""

import pytest
from django.urls import reverse

from bimkemas.assessments.models import Assessment
from bimkemas.assessments.services import assessment_finalise, assessment_save, assessment_start
from bimkemas.audit.models import AuditEntry
from tests.assessments.helpers import all_answers, shipped

pytestmark = pytest.mark.django_db


def fill_post(answers: dict, action: str = "draft", **extra) -> dict:
    return {**{f"item_{k}": v for k, v in answers.items()}, "action": action, **extra}


def test_pk_starts_fills_saves_a_draft_and_finalises(client, client_rudi, pk_andi):
    client.force_login(pk_andi)
    risk = shipped("risk")
    list_url = reverse("case_assessments", kwargs={"case_id": client_rudi.id})
    assert "Belum ada asesmen untuk kasus ini." in client.get(list_url).content.decode()

    start = client.get(reverse("assessment_start", args=[client_rudi.id])).content.decode()
    assert "Pengganti sementara" in start
    response = client.post(
        reverse("assessment_start", args=[client_rudi.id]), {"instrument": risk.id, "phase": "awal"}
    )
    assessment = Assessment.objects.get(case=client_rudi)
    fill_url = reverse("assessment_fill", args=[assessment.id])
    assert response.status_code == 302 and response.url == fill_url

    page = client.get(fill_url).content.decode()
    assert "PENGGANTI SEMENTARA" in page  # the stand-in notice from the file
    assert 'type="radio" name="item_S01"' in page and "Usia saat pertama kali diputus bersalah" in page

    answers = all_answers(risk, pick=lambda item: item["options"][1]["value"])
    partial = {k: v for k, v in answers.items() if k not in ("S02", "D05")}
    response = client.post(fill_url, fill_post(partial), follow=True)
    assert "Draf disimpan: 18 dari 20 butir dijawab." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "draft" and assessment.answers == partial

    # Finalising with items open keeps the draft and names the items.
    response = client.post(fill_url, fill_post(partial, "finalise", confirm="on"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 butir belum dijawab" in page and 'href="#item-S02"' in page and 'href="#item-D05"' in page
    assert "Butir S02 belum dijawab." in page
    assessment.refresh_from_db()
    assert assessment.status == "draft"

    # Complete, but without the confirmation.
    response = client.post(fill_url, fill_post(answers, "finalise"))
    assert "Centang pernyataan ini untuk memfinalkan asesmen." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "draft" and assessment.answers == answers

    response = client.post(fill_url, fill_post(answers, "finalise", confirm="on"))
    assert response.url == reverse("assessment_detail", args=[assessment.id])
    assessment.refresh_from_db()
    assert assessment.status == "final" and assessment.assessed_by == pk_andi

    result = client.get(response.url).content.decode()
    assert 'data-testid="band"' in result and assessment.band_label in result
    assert f"skor {assessment.total_score} dari 49" in result
    assert 'data-testid="top-items"' in result
    assert "Belum ada asesmen final sebelumnya" in result
    assert AuditEntry.objects.filter(
        actor=pk_andi, action="view", object_type="assessment", object_id=assessment.id
    ).exists()

    # Final is read-only: the form redirects to the result and a POST changes nothing.
    assert client.get(fill_url).url == reverse("assessment_detail", args=[assessment.id])
    client.post(
        fill_url,
        fill_post({k: risk.definition["sections"][0]["items"][0]["options"][0]["value"] for k in ["S01"]}),
    )
    assessment.refresh_from_db()
    assert assessment.answers == answers
    listing = client.get(list_url).content.decode()
    assert "Final" in listing and assessment.band_label in listing


def test_reassessment_shows_change_per_domain(client, client_rudi, pk_andi):
    needs = shipped("needs")
    low = all_answers(needs)
    first = assessment_start(actor=pk_andi, case=client_rudi, instrument=needs, phase="awal")
    assessment_finalise(
        actor=pk_andi, assessment=assessment_save(actor=pk_andi, assessment=first, answers=low)
    )
    worse = {**low, "N1": "2", "N2": "2", "P1": "1"}
    second = assessment_start(actor=pk_andi, case=client_rudi, instrument=needs, phase="lanjutan")
    assessment_save(actor=pk_andi, assessment=second, answers={**worse, "K1": "0"})
    second = assessment_finalise(actor=pk_andi, assessment=second)
    assert second.previous_id == first.id
    client.force_login(pk_andi)
    page = client.get(reverse("assessment_detail", args=[second.id])).content.decode()
    napza = page.split('data-testid="section-napza"')[1].split("</tr>")[0]
    assert "0 → 4" in napza and "naik 4" in napza and "(Rendah → Tinggi)" in napza
    pendidikan = page.split('data-testid="section-pendidikan"')[1].split("</tr>")[0]
    assert "naik 1" in pendidikan
    assert "tetap" in page.split('data-testid="section-pekerjaan"')[1].split("</tr>")[0]
    assert "Buka asesmen sebelumnya" in page
    assert "Rehabilitasi, Konseling" in page  # needs → guidance fields


def test_reassessment_going_down(client, client_rudi, pk_andi):
    risk = shipped("risk")
    high = all_answers(risk, pick=lambda item: item["options"][-1]["value"])
    a = assessment_start(actor=pk_andi, case=client_rudi, instrument=risk, phase="awal")
    assessment_finalise(actor=pk_andi, assessment=assessment_save(actor=pk_andi, assessment=a, answers=high))
    b = assessment_start(actor=pk_andi, case=client_rudi, instrument=risk, phase="lanjutan")
    lower = {**high, "D08": "0"}
    b = assessment_finalise(
        actor=pk_andi, assessment=assessment_save(actor=pk_andi, assessment=b, answers=lower)
    )
    client.force_login(pk_andi)
    page = client.get(reverse("assessment_detail", args=[b.id])).content.decode()
    assert "turun 3" in page.split('data-testid="section-dinamis"')[1].split("</tr>")[0]


def test_starting_twice_points_to_the_open_draft(client, client_rudi, pk_andi):
    risk = shipped("risk")
    draft = assessment_start(actor=pk_andi, case=client_rudi, instrument=risk, phase="awal")
    client.force_login(pk_andi)
    response = client.post(
        reverse("assessment_start", args=[client_rudi.id]), {"instrument": risk.id, "phase": "awal"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Masih ada draf" in page
    assert reverse("assessment_fill", args=[draft.id]) in page


def test_start_form_names_missing_fields(client, client_rudi, kasi_budi):
    client.force_login(kasi_budi)
    page = client.post(reverse("assessment_start", args=[client_rudi.id]), {}).content.decode()
    assert "Pilih instrumen yang akan dipakai." in page and "Pilih tahap bimbingan." in page


def test_apk_not_on_the_case_gets_403_and_other_bapas_404(
    client, client_rudi, pk_andi, pk_rina, pk_sari, kasi_wati
):
    draft = assessment_start(actor=pk_andi, case=client_rudi, instrument=shipped("risk"), phase="awal")
    urls = [
        reverse("case_assessments", args=[client_rudi.id]),
        reverse("assessment_start", args=[client_rudi.id]),
        reverse("assessment_fill", args=[draft.id]),
        reverse("assessment_detail", args=[draft.id]),
    ]
    for user, status in ((pk_rina, 403), (pk_sari, 404), (kasi_wati, 404)):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == status, (user, url)
        response = client.post(urls[2], fill_post({"S01": "30+"}))
        assert response.status_code == status
    draft.refresh_from_db()
    assert draft.answers == {}


def test_lead_of_the_bapas_sees_the_list_with_few_queries(client, client_rudi, pk_andi, kepala_dewi,
                                                          django_assert_max_num_queries):  # fmt: skip
    risk, needs = shipped("risk"), shipped("needs")
    for instrument in (risk, needs):
        a = assessment_start(actor=pk_andi, case=client_rudi, instrument=instrument, phase="awal")
        assessment_finalise(
            actor=pk_andi,
            assessment=assessment_save(actor=pk_andi, assessment=a, answers=all_answers(instrument)),
        )
    assessment_start(actor=pk_andi, case=client_rudi, instrument=risk, phase="lanjutan")
    client.force_login(kepala_dewi)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("case_assessments", args=[client_rudi.id])).content.decode()
    assert page.count("/asesmen/") >= 3
    assert "Mulai asesmen baru" in page


def test_ended_case_is_read_only(client, client_rudi, pk_andi, kasi_budi):
    from django.utils import timezone

    from bimkemas.cases.services import case_end

    draft = assessment_start(actor=pk_andi, case=client_rudi, instrument=shipped("risk"), phase="awal")
    case_end(actor=kasi_budi, case=client_rudi, reason="completed", end_date=timezone.localdate())
    client.force_login(pk_andi)
    assert (
        "Mulai asesmen baru"
        not in client.get(reverse("case_assessments", args=[client_rudi.id])).content.decode()
    )
    response = client.get(reverse("assessment_start", args=[client_rudi.id]))
    assert response.status_code == 302
    page = client.get(reverse("assessment_fill", args=[draft.id])).content.decode()
    assert "draf ini hanya dapat dibaca" in page and "<fieldset disabled>" in page
    client.post(reverse("assessment_fill", args=[draft.id]), fill_post({"S01": "30+"}))
    draft.refresh_from_db()
    assert draft.answers == {}


def test_instrument_pages_show_items_bands_and_the_stand_in_notice(client, pk_rina):
    client.force_login(pk_rina)
    listing = client.get(reverse("instrument_list")).content.decode()
    assert "Risiko Residivisme Indonesia (RRI)" in listing and "Pengganti sementara" in listing
    page = client.get(reverse("instrument_detail", args=[shipped("needs").id])).content.decode()
    assert 'data-testid="stand-in-notice"' in page
    assert "Rendah: 0–13" in page and "Tinggi: 28–54" in page
    assert "Bidang pembimbingan: Rehabilitasi, Konseling" in page


def test_form_speaks_english_when_chosen(client, client_rudi, pk_andi):
    draft = assessment_start(actor=pk_andi, case=client_rudi, instrument=shipped("risk"), phase="awal")
    client.force_login(pk_andi)
    # The project is Indonesian regardless of Accept-Language; English comes from the language cookie.
    client.cookies["django_language"] = "en"
    page = client.get(reverse("assessment_fill", args=[draft.id])).content.decode()
    assert "Age at first conviction" in page and "STAND-IN" in page and "Save draft" in page
