"""The bimbingan keliling page: proposed sites from the Bapas's active clients, and who lives near each."""

import pytest
from django.urls import reverse

from bimkemas.cases.services import case_assign, case_end
from bimkemas.partners.selectors_sites import office_location
from bimkemas.regions.models import Region
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db

# Two groups of kelurahan: northern Kota Yogyakarta (Tegalrejo) and Wonosari town, ~35 km apart.
KOTA = ["34.71.01.1001", "34.71.01.1002", "34.71.01.1003"]
WNS = ["34.03.01.2001", "34.03.01.2002"]


@pytest.fixture
def area(bapas_a):
    bapas_a.area.set(["34.71", "34.03"])
    return bapas_a


def _clients(kasi, villages, n, prefix):
    cases = []
    for i in range(n):
        cases.append(
            receive_client(
                kasi, f"{prefix} {chr(65 + i)}", person_kw={"village_id": villages[i % len(villages)]}
            )
        )
    return cases


def test_two_groups_two_sites_with_counts_and_explanations(
    client, area, kasi_budi, django_assert_max_num_queries
):
    _clients(kasi_budi, KOTA, 6, "Kota")
    _clients(kasi_budi, WNS, 3, "Gunung")
    receive_client(kasi_budi, "Tanpa Alamat")  # no village: reported, not counted
    client.force_login(kasi_budi)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("site_planner"), {"k": 2, "candidates": "clients"}).content.decode()
    assert page.count('data-testid="site-row"') == 2
    rows = page.split('data-testid="site-row"')[1:]
    kota_names = {Region.objects.get(code=c).name for c in KOTA}
    wns_names = {Region.objects.get(code=c).name for c in WNS}
    assert any(name in rows[0] for name in kota_names)  # the bigger group first
    assert any(name in rows[1] for name in wns_names)
    assert "dipilih karena 6 klien aktif" in rows[0] and "dipilih karena 3 klien aktif" in rows[1]
    assert "1 klien aktif belum punya kelurahan" in page
    assert "Kota Yogyakarta" in page  # the office stand-in: the regency named by the Bapas city
    assert 'data-testid="office-km"' in page


def test_default_k_is_four_and_area_candidates(client, area, kasi_budi):
    _clients(kasi_budi, KOTA + WNS, 10, "Klien")
    client.force_login(kasi_budi)
    page = client.get(reverse("site_planner")).content.decode()
    assert page.count('data-testid="site-row"') == 4
    page = client.get(reverse("site_planner"), {"k": 3, "candidates": "area"}).content.decode()
    villages = Region.objects.filter(level=4).filter(code__startswith="34.71.").count() + Region.objects.filter(
        level=4, code__startswith="34.03.").count()  # fmt: skip
    assert f"{villages} calon kelurahan" in page.replace(".", "")
    assert page.count('data-testid="site-row"') == 3


def test_invalid_k_is_explained(client, area, kasi_budi):
    client.force_login(kasi_budi)
    page = client.get(reverse("site_planner"), {"k": 0, "candidates": "clients"}).content.decode()
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 1." in page
    page = client.get(reverse("site_planner"), {"k": 50, "candidates": "clients"}).content.decode()
    assert "Pastikan nilai ini lebih kecil dari atau sama dengan 20." in page
    assert 'data-testid="site-row"' not in page


def test_empty_states(client, bapas_a, kasi_budi):
    client.force_login(kasi_budi)
    page = client.get(reverse("site_planner")).content.decode()
    assert "Belum ada klien aktif dengan kelurahan tercatat" in page
    receive_client(kasi_budi, "Budi", person_kw={"village_id": KOTA[0]})
    page = client.get(reverse("site_planner"), {"k": 2, "candidates": "area"}).content.decode()
    assert "Wilayah kerja Bapas belum diatur" in page  # no working area set for this Bapas


def test_clients_near_a_site_lists_names_for_leads_only_of_their_bapas(
    client, area, kasi_budi, kasi_wati, pk_andi
):
    kota = _clients(kasi_budi, KOTA, 3, "Kota")
    _clients(kasi_budi, WNS, 2, "Gunung")
    ended = receive_client(kasi_budi, "Sudah Selesai", person_kw={"village_id": KOTA[0]})
    case_assign(actor=kasi_budi, cases=[ended], pk=pk_andi)
    case_end(actor=kasi_budi, case=ended, reason="completed", end_date=ended.period_start, note="")
    sites = f"{KOTA[1]},{WNS[0]}"
    client.force_login(kasi_budi)
    page = client.get(reverse("site_planner_clients"), {"sites": sites, "site": KOTA[1]}).content.decode()
    assert page.count('data-testid="site-client"') == 3
    for case in kota:
        assert case.person.name in page
    assert "Gunung" not in page and "Sudah Selesai" not in page
    partial = client.get(reverse("site_planner_clients"), {"sites": sites, "site": WNS[0]},
                         HTTP_HX_REQUEST="true").content.decode()  # fmt: skip
    assert "<html" not in partial and partial.count('data-testid="site-client"') == 2
    bad = client.get(
        reverse("site_planner_clients"), {"sites": sites, "site": "34.71.99.9999"}
    ).content.decode()
    assert "Lokasi tidak dikenal" in bad
    client.force_login(kasi_wati)  # another Bapas: none of these clients
    other = client.get(reverse("site_planner_clients"), {"sites": sites, "site": KOTA[1]}).content.decode()
    assert 'data-testid="site-client"' not in other and "Kota A" not in other
    client.force_login(pk_andi)
    assert client.get(reverse("site_planner_clients"), {"sites": sites, "site": KOTA[1]}).status_code == 403


def test_child_names_are_masked_for_a_kasubsi(client, area, kasi_budi, kasubsi_eko):
    receive_client(kasi_budi, "Anak Rahasia", group="A", programme="DIV", person_kw={"village_id": KOTA[0]})
    client.force_login(kasubsi_eko)
    page = client.get(reverse("site_planner_clients"), {"sites": KOTA[0], "site": KOTA[0]}).content.decode()
    assert "Anak Rahasia" not in page and "A. R." in page


def test_office_location_prefers_the_office_village(bapas_a, bapas_b, kanwil_diy):
    office = office_location(bapas_a)  # no working area: the province of the Kanwil, "Kota Yogyakarta"
    assert office.label == "Kota Yogyakarta" and not office.exact
    bapas_b.area.set(["34.03"])
    assert office_location(bapas_b).label == "Wonosari"  # a kapanewon, not a regency
    bapas_a.office_village_id = "34.71.12.1002"
    bapas_a.save()
    office = office_location(bapas_a)
    assert office.exact and office.label == "Wirogunan"
