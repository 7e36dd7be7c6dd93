"""The case team's pages: plans per phase, proposing, editing (add/remove goals), agreeing, the print view,
the evaluation form with the record-filled figures; scoping (404 other Bapas, 403 outside the team)."""

import pytest
from django.urls import reverse

from bimkemas.plans.models import Evaluation, Plan
from tests.plans.helpers import needs_assessment

pytestmark = pytest.mark.django_db


def goals_post(goals, *, initial: int, action: str = "save", **extra) -> dict:
    data = {"goal-TOTAL_FORMS": len(goals), "goal-INITIAL_FORMS": initial, "goal-MIN_NUM_FORMS": 0,
            "goal-MAX_NUM_FORMS": 40, "action": action, **extra}  # fmt: skip
    for i, g in enumerate(goals):
        for k, v in g.items():
            data[f"goal-{i}-{k}"] = v
    return data


def current(plan) -> list[dict]:
    return [
        {"field": g.field, "text": g.text, "indicator": g.indicator, "domain": g.domain}
        for g in plan.goals.all()
    ]


def test_pk_proposes_edits_and_agrees_a_plan(client, pk_andi, client_rudi):
    needs_assessment(pk_andi, client_rudi, {"pekerjaan": "tinggi"})
    client.force_login(pk_andi)
    url = reverse("case_plans", kwargs={"case_id": client_rudi.id})
    page = client.get(url).content.decode()
    assert "Belum ada rencana." in page and "Usulkan rencana dari asesmen" in page
    assert "Evaluasi terlambat" in page  # awal and lanjutan ended long ago
    assert "Wajib lapor: setiap 1 bulan" in page

    response = client.post(reverse("plan_start", args=[client_rudi.id, "akhir"]), {"mode": "propose"})
    plan = Plan.objects.get(case=client_rudi, phase="akhir")
    edit = reverse("plan_edit", args=[plan.id])
    assert response.url == edit
    page = client.get(edit).content.decode()
    assert "Diusulkan dari asesmen kebutuhan" in page and "Pekerjaan · Tinggi" in page
    assert "Klien memperoleh dan mempertahankan pekerjaan atau usaha yang sah." in page

    goals = current(plan)
    assert len(goals) == 2  # the phase's standard goal + pekerjaan → kemandirian
    goals[1]["text"] = "Bekerja di bengkel las Pak Darmo"
    goals[0]["DELETE"] = "on"
    response = client.post(edit, goals_post(goals, initial=2, action="add"))
    assert response.url == edit + "?tambah=1#sasaran-baru"
    assert [g["text"] for g in current(plan)] == ["Bekerja di bengkel las Pak Darmo"]

    page = client.get(edit + "?tambah=1").content.decode()
    assert 'id="sasaran-baru"' in page and 'name="goal-1-text"' in page
    goals = current(plan) + [{"field": "hukum", "text": "Memahami syarat khusus", "indicator": ""}]
    response = client.post(edit, goals_post(goals, initial=1, action="agree"))
    assert response.url == reverse("plan_detail", args=[plan.id])
    plan.refresh_from_db()
    assert plan.is_agreed and [g.field for g in plan.goals.all()] == ["kemandirian", "hukum"]

    detail = client.get(response.url).content.decode()
    assert (
        "Ditetapkan" in detail
        and "Memahami syarat khusus" in detail
        and "Pembimbing Kemasyarakatan" in detail
    )
    # An agreed plan's edit page sends back to the read-only view.
    assert client.get(edit).url == reverse("plan_detail", args=[plan.id])


def test_an_untouched_new_row_is_ignored_and_errors_name_the_goal(client, pk_andi, client_rudi):
    client.force_login(pk_andi)
    client.post(reverse("plan_start", args=[client_rudi.id, "akhir"]), {"mode": "blank"})
    plan = Plan.objects.get(case=client_rudi, phase="akhir")
    edit = reverse("plan_edit", args=[plan.id])
    page = client.get(edit).content.decode()
    assert 'name="goal-0-text"' in page  # a blank plan opens with one empty row

    response = client.post(edit, goals_post([{"field": "", "text": "", "indicator": ""}], initial=0))
    assert response.status_code == 302 and plan.goals.count() == 0  # nothing typed: nothing saved

    goals = [{"field": "kemandirian", "text": "", "indicator": "x"}]
    page = client.post(edit, goals_post(goals, initial=0)).content.decode()
    assert "Rencana belum tersimpan" in page
    assert "Sasaran 1, sasaran: Tulis sasaran yang ingin dicapai klien." in page

    page = client.post(edit, goals_post([], initial=0, action="agree")).content.decode()
    assert "Tambahkan minimal satu sasaran sebelum menetapkan rencana." in page
    plan.refresh_from_db()
    assert not plan.is_agreed


def test_evaluation_form_shows_record_figures_and_finalises(client, pk_andi, client_rudi):
    client.force_login(pk_andi)
    client.post(reverse("plan_start", args=[client_rudi.id, "lanjutan"]), {"mode": "propose"})
    response = client.post(reverse("evaluation_start", args=[client_rudi.id, "lanjutan"]))
    evaluation = Evaluation.objects.get(case=client_rudi, phase="lanjutan")
    url = reverse("evaluation_form", args=[evaluation.id])
    assert response.url == url
    page = client.get(url).content.decode()
    assert "Dari catatan" in page and "Tidak terdaftar di kegiatan dalam tahap ini." in page
    assert "0 tepat waktu" in page  # the obligations of the phase, none reported

    ratings = list(evaluation.ratings.all())
    post = {f"att_{r.id}": "tercapai" for r in ratings} | {"conclusion": "Baik.", "recommendation": "lanjut"}
    page = client.post(url, {**post, "action": "finalise"}).content.decode()
    assert "Centang pernyataan ini untuk memfinalkan evaluasi." in page
    post[f"att_{ratings[0].id}"] = ""
    page = client.post(url, {**post, "action": "finalise", "confirm": "on"}).content.decode()
    assert "Capaian sasaran 1: Sasaran 1 belum dinilai capaiannya." in page
    post[f"att_{ratings[0].id}"] = "sebagian"
    response = client.post(url, {**post, "action": "finalise", "confirm": "on"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Final" in page and "Lanjut ke tahap berikut" in page and "Sebagian" in page
    assert 'name="conclusion"' not in page  # read-only


def test_other_bapas_gets_404_and_outside_the_team_403(client, pk_sari, pk_rina, client_rudi):
    url = reverse("case_plans", kwargs={"case_id": client_rudi.id})
    client.force_login(pk_sari)
    assert client.get(url).status_code == 404
    client.force_login(pk_rina)
    assert client.get(url).status_code == 403
    assert client.post(reverse("plan_start", args=[client_rudi.id, "awal"])).status_code == 403
    assert not Plan.objects.exists()


def test_unknown_phase_is_404(client, pk_andi, client_rudi):
    client.force_login(pk_andi)
    assert client.post(reverse("plan_start", args=[client_rudi.id, "tengah"])).status_code == 404
