"""The wajib lapor report page: figures on a hand-made dataset (tests/monitoring/conftest.py), scope per
persona, filters, the chart, the empty state and a query count that does not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bimkemas.contacts.models import Kind
from tests.cases.factories import receive_client
from tests.monitoring.conftest import CLIENT_NAMES, at, record
from tests.monitoring.helpers import page_tables, row_of
from tests.org.factories import UserFactory

URL = reverse("reporting_report")

pytestmark = pytest.mark.django_db


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


# --- figures ------------------------------------------------------------------------------------------


def test_reports_per_channel_per_month_for_the_bapas(client, dataset, kasi_budi):
    tables = page_tables(get(client, kasi_budi, tahun=2025))
    reports = tables["laporan"]
    assert reports[0] == [
        "No.", "Bulan", "Tatap muka", "Telekonferensi", "Aplikasi", "Jumlah laporan", "Klien melapor",
    ]  # fmt: skip
    assert row_of(reports, "Januari 2025") == ["1", "0", "0", "1", "1"]
    # Not reached and the employer's call do not count; two clients reported in February.
    assert row_of(reports, "Februari 2025") == ["1", "1", "1", "3", "2"]
    assert row_of(reports, "Maret 2025") == ["0", "0", "0", "0", "0"]
    assert len(reports) == 1 + 12 + 1  # header, January to December, the year
    assert row_of(reports, "Jumlah 2025") == ["2", "1", "1", "4", "2"]


def test_compliance_per_month_uses_the_due_month(client, dataset, kasi_budi):
    compliance = page_tables(get(client, kasi_budi, tahun=2025))["kepatuhan"]
    assert compliance[0] == [
        "Bulan", "Tepat waktu", "Terlambat", "Tidak lapor", "Dimaafkan", "Dalam masa toleransi",
        "Kepatuhan", "Kepatuhan tepat waktu",
    ]  # fmt: skip
    assert row_of(compliance, "Januari 2025") == ["1", "0", "1", "0", "0", "50,0%", "50,0%"]
    assert row_of(compliance, "Februari 2025") == ["2", "2", "0", "0", "0", "100,0%", "50,0%"]
    assert row_of(compliance, "Maret 2025") == ["1", "0", "6", "1", "0", "14,3%", "14,3%"]
    assert row_of(compliance, "April 2025") == ["0", "0", "0", "0", "0", "—", "—"]
    assert row_of(compliance, "Jumlah 2025") == ["4", "2", "7", "1", "0", "46,2%", "30,8%"]


def test_bapas_lead_sees_compliance_per_pk_for_the_chosen_month(client, dataset, kepala_dewi):
    response = get(client, kepala_dewi, tahun=2025, bulan=3)
    per_pk = page_tables(response)["per-pk"]
    assert "Kepatuhan per PK, Maret 2025" in response.content.decode()
    assert row_of(per_pk, "Andi Pratama") == ["1", "0", "3", "0", "0", "25,0%", "25,0%"]
    assert row_of(per_pk, "Rina Wulandari") == ["0", "0", "3", "1", "0", "0,0%", "0,0%"]
    assert row_of(per_pk, "Jumlah") == ["1", "0", "6", "1", "0", "14,3%", "14,3%"]


def test_per_pk_defaults_to_the_last_month_of_the_year(client, dataset, kasi_budi):
    response = get(client, kasi_budi, tahun=2025)
    assert "Kepatuhan per PK, Desember 2025" in response.content.decode()
    assert "Belum ada kewajiban lapor yang jatuh tempo pada bulan ini." in response.content.decode()


def test_a_month_is_the_bapas_own_calendar_month(client, dataset, kasi_wati):
    # 23:30 WIB on 31 January is 01:30 WIT on 1 February at Bapas B (Asia/Jayapura).
    reports = page_tables(get(client, kasi_wati, tahun=2025))["laporan"]
    assert row_of(reports, "Januari 2025") == ["0", "0", "0", "0", "0"]
    assert row_of(reports, "Februari 2025") == ["0", "0", "1", "1", "1"]


def test_no_client_name_on_the_page(client, dataset, kasi_budi, ditjenpas_tono, pk_andi):
    for user in (kasi_budi, ditjenpas_tono, pk_andi):
        html = get(client, user, tahun=2025, bulan=3).content.decode()
        for name in CLIENT_NAMES:
            assert name not in html


# --- scope ---------------------------------------------------------------------------------------------


def test_pk_sees_only_the_figures_of_their_own_caseload(client, dataset, pk_andi):
    response = get(client, pk_andi, tahun=2025)
    tables = page_tables(response)
    assert "klien bimbingan Andi Pratama" in response.content.decode()
    assert row_of(tables["laporan"], "Februari 2025") == ["0", "1", "1", "2", "1"]
    assert row_of(tables["laporan"], "Jumlah 2025") == ["1", "1", "1", "3", "1"]
    assert row_of(tables["kepatuhan"], "Maret 2025") == ["1", "0", "3", "0", "0", "25,0%", "25,0%"]
    assert "per-pk" not in tables  # a PK does not see colleagues


def test_bapas_lead_sees_only_their_own_bapas(client, dataset, kasi_wati):
    response = get(client, kasi_wati, tahun=2025, bapas=dataset.rudi.bapas_id)
    tables = page_tables(response)
    assert "per-bapas" not in tables
    assert row_of(tables["laporan"], "Jumlah 2025") == ["0", "0", "1", "1", "1"]  # Bapas B only


def test_kanwil_sees_the_bapas_under_their_kanwil(client, dataset, kanwil_hadi):
    response = get(client, kanwil_hadi, tahun=2025)
    tables = page_tables(response)
    per_bapas = tables["per-bapas"]
    assert [r[0] for r in per_bapas[1:-1]] == ["Bapas Kelas I Yogyakarta", "Bapas Kelas II Wonosari"]
    assert row_of(per_bapas, "Bapas Kelas I Yogyakarta")[:5] == ["2", "1", "1", "4", "2"]
    assert row_of(per_bapas, "Bapas Kelas II Wonosari")[:5] == ["0", "0", "1", "1", "1"]
    assert row_of(tables["laporan"], "Jumlah 2025") == ["2", "1", "2", "5", "3"]
    assert "Palembang" not in response.content.decode()
    assert "per-pk" not in tables


def test_kanwil_can_choose_one_of_their_bapas_but_not_another(client, dataset, kanwil_hadi, bapas_b):
    tables = page_tables(get(client, kanwil_hadi, tahun=2025, bapas=bapas_b.id))
    assert row_of(tables["laporan"], "Jumlah 2025") == ["0", "0", "1", "1", "1"]
    response = get(client, kanwil_hadi, tahun=2025, bapas=dataset.bapas_c.id)
    assert "Pilih Bapas dari daftar; Bapas itu tidak termasuk wilayah Anda." in response.content.decode()
    assert "Palembang" not in response.content.decode()
    assert row_of(page_tables(response)["laporan"], "Jumlah 2025") == ["2", "1", "2", "5", "3"]


def test_ditjenpas_sees_all_bapas_and_filters_by_kanwil(client, dataset, ditjenpas_tono):
    tables = page_tables(get(client, ditjenpas_tono, tahun=2025))
    assert {r[1] for r in tables["per-bapas"][1:-1]} == {
        "Bapas Kelas I Yogyakarta",
        "Bapas Kelas II Wonosari",
        "Bapas Kelas I Palembang",
    }
    assert row_of(tables["laporan"], "Jumlah 2025") == ["2", "2", "2", "6", "4"]
    filtered = page_tables(get(client, ditjenpas_tono, tahun=2025, kanwil=dataset.kanwil_sumsel.id))
    assert "per-bapas" not in filtered  # one Bapas left: its own tables
    assert row_of(filtered["laporan"], "Maret 2025") == ["0", "1", "0", "1", "1"]


def test_ditjenpas_bapas_outside_the_chosen_kanwil_is_an_error(client, dataset, ditjenpas_tono, bapas_a):
    response = get(client, ditjenpas_tono, tahun=2025, kanwil=dataset.kanwil_sumsel.id, bapas=bapas_a.id)
    assert "Bapas ini tidak berada di bawah Kanwil yang dipilih." in response.content.decode()


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_partner_user_is_refused(client, db):
    mitra = UserFactory(username="mitra_ani", roles=["mitra"])
    client.force_login(mitra)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("reporting_report_xlsx")).status_code == 403


# --- filters, chart, empty state -------------------------------------------------------------------------


def test_default_year_is_the_current_year(client, kasi_budi):
    from django.utils import timezone
    from django.utils.dates import MONTHS

    today = timezone.localdate()
    html = get(client, kasi_budi).content.decode()
    assert f"{MONTHS[1]}–{MONTHS[today.month]} {today.year}" in html or f"{MONTHS[1]} {today.year}" in html


def test_empty_period_says_so(client, dataset, kasi_budi):
    response = get(client, kasi_budi, tahun=2024)
    html = response.content.decode()
    assert "Belum ada laporan pada periode ini." in html
    assert page_tables(response) == {}
    assert "<svg" not in html.split('id="main"')[1]


def test_invalid_year_names_the_problem_and_falls_back(client, kasi_budi):
    html = get(client, kasi_budi, tahun=1990).content.decode()
    assert "Pilih tahun antara 2019 dan" in html


def test_chart_is_an_accessible_svg_next_to_the_table(client, dataset, kasi_budi):
    html = get(client, kasi_budi, tahun=2025).content.decode()
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in html
    assert '<title id="chart-title">Laporan per saluran per bulan, Januari–Desember 2025</title>' in html
    assert "Jumlah laporan setahun: 4." in html
    assert "Bulan dengan laporan terbanyak: Februari 2025 (3)." in html
    assert "<title>Februari 2025 — Aplikasi: 1</title>" in html
    assert html.count("<rect x=") == 12 * 3  # one bar per month and channel
    assert "<script" not in html.split('id="main"')[1].split("</main>")[0]


# --- queries ---------------------------------------------------------------------------------------------


def _more_data(pk_andi, pk_rina):
    """Six more clients with a dozen contacts each: more rows, never more queries."""
    for i in range(6):
        officer = pk_andi if i % 2 else pk_rina
        case = receive_client(officer, f"Klien Tambahan {i}", start=dt.date(2025, 4, 7), months=6)
        for week in range(12):
            kind = (Kind.OFFICE_REPORT, Kind.PHONE_CALL, Kind.SELF_CHECKIN)[week % 3]
            day = dt.date(2025, 4, 8) + dt.timedelta(days=7 * week)
            record(None if kind == Kind.SELF_CHECKIN else officer, case, kind, at(day.month, day.day))


@pytest.mark.parametrize("persona", ["kasi_budi", "pk_andi", "kanwil_hadi", "ditjenpas_tono"])
def test_query_count_does_not_grow_with_the_data(
    client, dataset, pk_andi, pk_rina, persona, request, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    urls = (URL, reverse("reporting_report_xlsx"))
    params = {"tahun": 2025, "bulan": 5}
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            client.get(url, params)
        small[url] = len(captured)
    _more_data(pk_andi, pk_rina)
    for url in urls:
        with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as large:
            response = client.get(url, params)
        assert len(large) == small[url], url
    if persona == "kasi_budi":
        response = client.get(URL, params)
        assert row_of(page_tables(response)["laporan"], "Mei 2025")[3] != "0"  # the new data is counted
