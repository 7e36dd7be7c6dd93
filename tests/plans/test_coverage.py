"""Coverage figures on a small known world: per PK and for the Bapas (Kasi), per Bapas (Kanwil), the PK's
own; the spread of PKs over all / most / few / none; a fixed number of queries; the page and Excel."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bimkemas.cases.services import case_assign, case_end
from bimkemas.monitoring.selectors import report_scope
from bimkemas.plans.coverage import MEASURES, coverage, coverage_for_scope
from bimkemas.plans.services import (
    EvaluationData,
    evaluation_finalise,
    evaluation_save,
    evaluation_start,
    plan_agree,
    plan_create,
)
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR_START = TODAY - dt.timedelta(days=321)  # 360-day period: finished awal and lanjutan, now in akhir


def agreed(pk, case, phase):
    return plan_agree(actor=pk, plan=plan_create(actor=pk, case=case, phase=phase, today=TODAY), today=TODAY)


def evaluated(pk, case, phase):
    e = evaluation_start(actor=pk, case=case, phase=phase, today=TODAY)
    evaluation_save(
        actor=pk, evaluation=e, data=EvaluationData(ratings=[], conclusion="Baik", recommendation="lanjut")
    )
    return evaluation_finalise(actor=pk, evaluation=e, today=TODAY)


@pytest.fixture
def world(kasi_budi, kasi_wati, pk_andi, pk_rina, pk_sari):
    def case(kasi, pk, name, start):
        c = receive_client(kasi, name, start=start)
        case_assign(actor=kasi, cases=[c], pk=pk)
        c.refresh_from_db()
        return c

    rudi = case(kasi_budi, pk_andi, "Rudi Hartono", YEAR_START)
    joko = case(kasi_budi, pk_andi, "Joko Susilo", TODAY - dt.timedelta(days=10))  # in awal: nothing finished
    bambang = case(kasi_budi, pk_andi, "Bambang Wibowo", YEAR_START)
    dewi = case(kasi_budi, pk_rina, "Dewi Anggraini", YEAR_START)
    ended = case(kasi_budi, pk_andi, "Slamet Riyadi", YEAR_START)
    sari_case = case(kasi_wati, pk_sari, "Asep Saepudin", YEAR_START)

    agreed(pk_andi, rudi, "akhir")
    evaluated(pk_andi, rudi, "awal")
    evaluated(pk_andi, rudi, "lanjutan")
    agreed(pk_andi, joko, "awal")
    plan_create(actor=pk_andi, case=bambang, phase="akhir", today=TODAY)  # a draft does not count
    evaluated(pk_andi, bambang, "awal")  # lanjutan not evaluated
    agreed(pk_andi, ended, "akhir")
    case_end(actor=kasi_budi, case=ended, reason="died", end_date=TODAY)
    agreed(pk_sari, sari_case, "akhir")
    return {"rudi": rudi, "joko": joko, "bambang": bambang, "dewi": dewi}


def figures(row):
    return (row.label, row.active, row.share("plan").n, row.share("plan").of,
            row.share("evaluation").n, row.share("evaluation").of)  # fmt: skip


def test_kasi_sees_each_pk_and_the_bapas(world, kasi_budi):
    report = coverage(actor=kasi_budi, today=TODAY)
    assert [figures(r) for r in report.rows] == [
        ("Andi Pratama", 3, 2, 3, 1, 2),  # Joko has no finished phase: not counted for evaluations
        ("Rina Wulandari", 1, 0, 1, 0, 1),
    ]
    assert figures(report.total) == ("Bapas Kelas I Yogyakarta", 4, 2, 4, 1, 3)
    assert report.pk_count == 2
    assert report.spread["plan"] == {"all": 0, "most": 1, "few": 0, "none": 1, "na": 0}
    assert report.spread["evaluation"] == {"all": 0, "most": 1, "few": 0, "none": 1, "na": 0}


def test_litmas_figure_counts_clients_with_an_approved_litmas(world, kasi_budi, pk_andi, kepala_dewi):
    from bimkemas.litmas.services import litmas_approve, litmas_create, litmas_save, litmas_submit
    from tests.litmas.conftest import complete_values

    def written(case):
        litmas = litmas_create(actor=pk_andi, case=case, kind="pembimbingan", purpose="Program")
        litmas, _errors = litmas_save(actor=pk_andi, litmas=litmas, values=complete_values(litmas))
        return litmas_submit(actor=pk_andi, litmas=litmas)

    litmas_approve(actor=kepala_dewi, litmas=written(world["rudi"]))
    written(world["joko"])  # waiting for the Kepala: not counted
    report = coverage(actor=kasi_budi, today=TODAY)
    andi = report.rows[0]
    assert (andi.label, andi.share("litmas").n, andi.share("litmas").of) == ("Andi Pratama", 1, 3)
    assert (report.total.share("litmas").n, report.total.share("litmas").of) == (1, 4)


def test_kanwil_sees_each_bapas_without_pk_rows(world, kanwil_hadi):
    report = coverage(actor=kanwil_hadi, today=TODAY)
    assert [figures(r) for r in report.rows] == [
        ("Bapas Kelas I Yogyakarta", 4, 2, 4, 1, 3),
        ("Bapas Kelas II Wonosari", 1, 1, 1, 0, 1),
    ]
    assert figures(report.total) == ("Jumlah", 5, 3, 5, 1, 4)
    assert report.spread["plan"] == {"all": 1, "most": 1, "few": 0, "none": 1, "na": 0}  # 3 PKs
    one = coverage(actor=kanwil_hadi, today=TODAY, bapas=report.rows[1].unit.id)
    assert [figures(r) for r in one.rows] == [("Bapas Kelas II Wonosari", 1, 1, 1, 0, 1)]


def test_pk_sees_only_their_own_caseload(world, pk_andi, pk_sari, kasi_wati):
    mine = coverage(actor=pk_andi, today=TODAY)
    assert [figures(r) for r in mine.rows] == [("Andi Pratama", 3, 2, 3, 1, 2)]
    other = coverage(actor=kasi_wati, today=TODAY)
    assert [figures(r) for r in other.rows] == [("Sari Handayani", 1, 1, 1, 0, 1)]
    # A Bapas B lead asking for Bapas A gets nothing of it.
    assert coverage(actor=kasi_wati, today=TODAY, bapas=world["rudi"].bapas_id).rows == []


def test_roles_without_a_report_scope_are_refused(world, admin_yanto):
    with pytest.raises(PermissionDenied):
        coverage(actor=admin_yanto, today=TODAY)


def test_queries_do_not_grow_with_the_caseload(world, kasi_budi, pk_andi, django_assert_max_num_queries):
    scope = report_scope(actor=kasi_budi)
    fixed = 2 + len(MEASURES)  # the clients, the PKs' names, one per figure
    with django_assert_max_num_queries(fixed):
        coverage_for_scope(scope=scope, units=scope.units, today=TODAY)
    for i in range(6):
        c = receive_client(kasi_budi, f"Klien Tambahan {i}", start=YEAR_START)
        case_assign(actor=kasi_budi, cases=[c], pk=pk_andi)
        agreed(pk_andi, c, "akhir")
    with django_assert_max_num_queries(fixed):
        report = coverage_for_scope(scope=scope, units=scope.units, today=TODAY)
    assert figures(report.total)[1:] == (10, 8, 10, 1, 9)


def test_coverage_page_and_excel(world, client, kasi_budi):
    client.force_login(kasi_budi)
    page = client.get(reverse("plans_coverage")).content.decode()
    assert "Cakupan rencana program dan evaluasi per PK" in page
    assert "Andi Pratama" in page and "Rina Wulandari" in page
    assert "tidak berlaku (tidak masuk penyebut, bukan dianggap sudah dievaluasi)" in page
    assert "Sebaran PK menurut bagian kliennya yang tercakup" in page
    assert 'data-testid="kpi-plan">50,0%' in page

    response = client.get(reverse("plans_coverage_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Cakupan"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=6, max_row=9)]
    assert rows[0][:5] == ["PK", "Klien aktif", "Klien aktif dengan tahap berjalan", "Rencana tahap berjalan ditetapkan",
                           "Rencana tahap berjalan (%)"]  # fmt: skip
    assert rows[1][:5] == ["Andi Pratama", 3, 3, 2, pytest.approx(2 / 3)]
    assert rows[3][:5] == ["Bapas Kelas I Yogyakarta", 4, 4, 2, 0.5]
    assert "Sebaran PK" in wb.sheetnames


def test_coverage_page_empty_state(client, pk_sari):
    client.force_login(pk_sari)
    assert "Belum ada klien aktif pada lingkup ini." in client.get(reverse("plans_coverage")).content.decode()
