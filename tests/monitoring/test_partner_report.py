"""The SIMONAS partner report on a hand-made year (2025), recorded through the real services.

Bapas A (Yogyakarta): partner Yayasan Sekar Mlati (agreement 2025-01-01 for 800 days) and LBH Pelita
(no activity ever).
  10 Mar, Sekar, kemandirian: Rudi present, Joko present, Bambang absent   (clients of PK Andi)
  17 Mar, Sekar, kemandirian: Rudi present, Joko absent
   5 Apr, the Bapas itself, kepribadian: Siti present                      (client of APK Rina)
  20 Apr, Sekar, cancelled, Rudi enrolled — never counts
  ten days ago, Sekar: one session (so Sekar is not inactive), outside 2025
Bapas B (Wonosari): 12 Mar, the Bapas itself, hukum: Joko Wonosari present.

Bapas A 2025: March 2 activities, 5 enrolled, 3 present (60 %), 2 clients; April 1, 1, 1, 1;
year 3 activities, 6 enrolled, 4 present, 3 clients.
"""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bimkemas.activities.models import Activity
from bimkemas.activities.services import attendance_record, enrol
from bimkemas.monitoring.selectors import report_scope
from bimkemas.monitoring.selectors_partners import partner_report
from tests.activities.factories import make_activity
from tests.cases.factories import receive_client
from tests.monitoring.helpers import page_tables, row_of
from tests.partners.factories import make_agreement, make_partner

NAMES = ("Rudi Hartono", "Joko Susilo", "Bambang Wibowo", "Siti Aminah", "Joko Wonosari")


def held(actor, day, cases, present, *, partner=None, field="kemandirian", topic="Pelatihan budidaya lele"):
    activity = make_activity(actor, partner=partner, day=day, field=field, topic=topic)
    enrolments = enrol(actor=actor, activity=activity, cases=cases)
    attendance_record(
        actor=actor, activity=activity, marks={e.id: p for e, p in zip(enrolments, present, strict=True)}
    )
    return activity


@pytest.fixture
def year(kasi_budi, kasi_wati, pk_andi, pk_rina, pk_sari):
    sekar = make_partner(kasi_budi, "Yayasan Sekar Mlati", fields=["kemandirian"])
    make_agreement(kasi_budi, sekar, start=dt.date(2025, 1, 1), days=800)
    make_partner(kasi_budi, "LBH Pelita", kind="lbh", fields=["hukum"])
    rudi, joko, bambang = (receive_client(pk_andi, n) for n in NAMES[:3])
    siti = receive_client(pk_rina, "Siti Aminah", person_kw={"sex": "P"})
    wonosari = receive_client(pk_sari, "Joko Wonosari")
    held(kasi_budi, dt.date(2025, 3, 10), [rudi, joko, bambang], [True, True, False], partner=sekar)
    held(kasi_budi, dt.date(2025, 3, 17), [rudi, joko], [True, False], partner=sekar)
    held(kasi_budi, dt.date(2025, 4, 5), [siti], [True], field="kepribadian", topic="Ceramah kepribadian")
    cancelled = make_activity(kasi_budi, partner=sekar, day=dt.date(2025, 4, 20))
    enrol(actor=kasi_budi, activity=cancelled, cases=[rudi])
    Activity.objects.filter(id=cancelled.id).update(cancelled=True)  # no cancel service yet
    held(kasi_budi, timezone.localdate() - dt.timedelta(days=10), [rudi], [True], partner=sekar)
    held(kasi_wati, dt.date(2025, 3, 12), [wonosari], [True], field="hukum", topic="Penyuluhan hukum")
    return sekar


def figures(r):
    return (r.activities, r.enrolled, r.present, r.clients)


def test_figures_for_a_bapas(year, kasi_budi, bapas_a):
    scope = report_scope(actor=kasi_budi)
    report = partner_report(scope=scope, units=scope.units, year=2025, today=dt.date(2025, 12, 31))
    months = {m.month: r for m, r in report.months}
    assert figures(months[3]) == (2, 5, 3, 2)
    assert months[3].rate == pytest.approx(0.6)
    assert figures(months[4]) == (1, 1, 1, 1)
    assert figures(months[1]) == (0, 0, 0, 0) and months[1].rate is None
    assert figures(report.total) == (3, 6, 4, 3)
    rows = {(p.partner.name if p.partner else None): p for p in report.per_partner}
    assert figures(rows["Yayasan Sekar Mlati"].year) == (2, 5, 3, 2)
    assert [r.clients for r in rows["Yayasan Sekar Mlati"].months][2:4] == [2, 0]
    assert figures(rows[None].year) == (1, 1, 1, 1)
    assert "LBH Pelita" not in rows
    assert {c: figures(r) for c, r in report.per_field} == {
        "kemandirian": (2, 5, 3, 2),
        "kepribadian": (1, 1, 1, 1),
    }
    assert [i.partner.name for i in report.inactive] == ["LBH Pelita"]


def test_pk_sees_only_their_caseload(year, pk_andi, pk_rina):
    for actor, expected in ((pk_andi, (2, 5, 3, 2)), (pk_rina, (1, 1, 1, 1))):
        scope = report_scope(actor=actor)
        report = partner_report(scope=scope, units=scope.units, year=2025, today=dt.date(2025, 12, 31))
        assert figures(report.total) == expected


def test_page_shows_tables_chart_and_no_client_names(year, client, kasi_budi):
    client.force_login(kasi_budi)
    response = client.get(reverse("partner_report"), {"tahun": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    tables = page_tables(response)
    assert row_of(tables["mitra-bulan"], "Maret 2025") == ["2", "5", "3", "60,0%", "2"]
    assert row_of(tables["per-mitra"], "Yayasan Sekar Mlati") == ["2", "5", "3", "60,0%", "2"]
    assert row_of(tables["mitra-tidak-aktif"], "LBH Pelita") == ["Belum pernah"]
    assert "mitra-per-kanwil" not in tables and "mitra-per-bapas" not in tables
    for name in NAMES:
        assert name not in html


def test_excel_reads_back(year, client, kasi_budi):
    client.force_login(kasi_budi)
    response = client.get(reverse("partner_report_xlsx"), {"tahun": 2025})
    assert response.status_code == 200
    assert 'filename="kegiatan-mitra-BPS-YK-2025.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Per bulan"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=7)]
    march = next(r for r in rows if r[0] == "Maret 2025")
    assert march[1:6] == [2, 5, 3, 0.6, 2]
    assert ws.cell(row=2, column=2).value == "Bapas Kelas I Yogyakarta"
    simonas = [[c.value for c in r] for r in wb["Klien per mitra per bulan"].iter_rows(min_row=7)]
    sekar = next(r for r in simonas if r[0] == "Yayasan Sekar Mlati")
    assert sekar[1:5] == [0, 0, 2, 0]
    assert sekar[-1] == 2
    text = " ".join(str(c.value) for s in wb for r in s.iter_rows() for c in r if c.value)
    for name in NAMES:
        assert name not in text


def test_scope_per_persona(year, client, kanwil_hadi, ditjenpas_tono, kasi_wati):
    client.force_login(kanwil_hadi)
    tables = page_tables(client.get(reverse("partner_report"), {"tahun": 2025}))
    assert row_of(tables["mitra-per-bapas"], "Bapas Kelas I Yogyakarta") == ["3", "6", "4", "66,7%", "3"]
    assert row_of(tables["mitra-per-bapas"], "Bapas Kelas II Wonosari") == ["1", "1", "1", "100,0%", "1"]
    assert row_of(tables["mitra-per-kanwil"], "Kanwil DIY") == ["4", "7", "5", "71,4%", "4"]

    client.force_login(ditjenpas_tono)
    tables = page_tables(client.get(reverse("partner_report"), {"tahun": 2025}))
    assert row_of(tables["mitra-per-kanwil"], "Kanwil DIY") == ["4", "7", "5", "71,4%", "4"]

    client.force_login(kasi_wati)
    response = client.get(reverse("partner_report"), {"tahun": 2025})
    tables = page_tables(response)
    assert row_of(tables["mitra-bulan"], "Maret 2025") == ["1", "1", "1", "100,0%", "1"]
    assert "Yayasan Sekar Mlati" not in response.content.decode()
    assert "LBH Pelita" not in response.content.decode()


def test_partner_user_is_refused(year, client, kasi_budi):
    from bimkemas.partners.services import partner_user_create

    user, _pw = partner_user_create(
        actor=kasi_budi, partner=year, username="pokmas9", full_name="Sri", password="Sekar-Mlati-2026"
    )
    client.force_login(user)
    assert client.get(reverse("partner_report")).status_code == 403
    assert client.get(reverse("partner_report_xlsx")).status_code == 403


def test_empty_year(db, client, kasi_budi):
    client.force_login(kasi_budi)
    response = client.get(reverse("partner_report"), {"tahun": 2024})
    assert "Belum ada kegiatan pada periode ini." in response.content.decode()


def test_queries_do_not_grow_with_the_data(year, kasi_budi, pk_andi, django_assert_max_num_queries):
    scope = report_scope(actor=kasi_budi)
    with django_assert_max_num_queries(12):
        report = partner_report(scope=scope, units=scope.units, year=2025, today=dt.date(2025, 12, 31))
    assert report.total.activities == 3
    more = receive_client(pk_andi, "Agus Salim")
    held(kasi_budi, dt.date(2025, 6, 2), [more], [True], partner=year)
    held(kasi_budi, dt.date(2025, 7, 7), [more], [False], field="hukum", topic="Penyuluhan hukum")
    with django_assert_max_num_queries(12):
        report = partner_report(scope=scope, units=scope.units, year=2025, today=dt.date(2025, 12, 31))
    assert figures(report.total) == (5, 8, 5, 4)
