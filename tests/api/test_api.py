"""The JSON API under /api/v1/: scoping by the actor, masking, errors, pagination, query counts."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bimkemas.audit.models import AuditEntry
from bimkemas.cases.models import Case
from bimkemas.cases.phases import phase_on
from bimkemas.cases.selectors import case_display_name
from bimkemas.cases.services import case_assign, case_end, case_restrict
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db

CHILD = {"group": "A", "programme": "ASIM", "person_kw": {"birth": dt.date(2011, 4, 9)}}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def api(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture
def child_case(kasi_budi, pk_andi):
    case = receive_client(kasi_budi, "Ahmad Fauzi Ramadhan", **CHILD)
    case_assign(actor=kasi_budi, cases=[case], pk=pk_andi)
    case.refresh_from_db()
    return case


# --- authentication and errors -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/cases", "/api/v1/cases/1", "/api/v1/regions?q=kri", "/api/v1/me"])
def test_anonymous_gets_401_with_indonesian_detail(db, path):
    response = api().get(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Anda harus masuk terlebih dahulu."}


def test_openapi_json_is_public_and_lists_every_route(db):
    response = api().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Bimkemas API"
    assert {"/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/regions", "/api/v1/me"} <= set(
        schema["paths"]
    )
    operation_ids = {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}
    assert {"listCases", "getCase", "searchRegions", "getMe"} <= operation_ids


def test_invalid_filter_gets_422_with_indonesian_detail(pk_andi):
    response = api(pk_andi).get("/api/v1/cases?programme=XYZ")
    assert response.status_code == 422
    assert response.json()["detail"] == "Parameter permintaan tidak valid."
    assert response.json()["errors"]


def test_unsafe_method_without_csrf_token_is_refused(rf, pk_andi):
    from ninja.errors import HttpError

    from bimkemas.api.api import session_auth

    request = rf.post("/api/v1/cases", data={})
    request.user = pk_andi
    request.COOKIES["sessionid"] = "x"
    with pytest.raises(HttpError) as exc:
        session_auth(request)
    assert exc.value.status_code == 403
    assert "CSRF" in str(exc.value)


# --- scoping -------------------------------------------------------------------------------------


def test_pk_sees_own_caseload_only(client_rudi, pk_andi, kasi_budi):
    receive_client(kasi_budi, "Joko Susilo")  # same Bapas, not assigned to Andi
    response = api(pk_andi).get("/api/v1/cases")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    today = timezone.localdate()
    assert item == {
        "id": client_rudi.id,
        "register_number": client_rudi.register_number,
        "name": "Rudi Hartono",
        "programme": "PB",
        "client_group": "D",
        "status": client_rudi.status,
        "phase": phase_on(client_rudi.period_start, client_rudi.period_end, today),
        "period_start": client_rudi.period_start.isoformat(),
        "period_end": client_rudi.period_end.isoformat(),
        "days_left": (client_rudi.period_end - today).days,
        "pk_name": "Andi Pratama",
        "restricted": False,
    }


def test_kasi_sees_the_whole_bapas_and_nothing_of_another(client_rudi, kasi_budi, kasi_wati):
    receive_client(kasi_budi, "Joko Susilo")
    receive_client(kasi_wati, "Bambang Wibowo")  # Bapas B
    assert sorted(names(api(kasi_budi).get("/api/v1/cases"))) == ["Joko Susilo", "Rudi Hartono"]
    assert names(api(kasi_wati).get("/api/v1/cases")) == ["Bambang Wibowo"]


def test_pk_of_other_bapas_gets_404_for_the_case(client_rudi, pk_sari):
    response = api(pk_sari).get(f"/api/v1/cases/{client_rudi.id}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan."}
    assert api(pk_sari).get("/api/v1/cases").json()["count"] == 0


def test_pk_of_same_bapas_not_on_the_case_gets_403(client_rudi, pk_rina):
    response = api(pk_rina).get(f"/api/v1/cases/{client_rudi.id}")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.parametrize("persona", ["kanwil_hadi", "ditjenpas_tono", "admin_yanto"])
def test_offices_above_bapas_get_no_personal_data(request, client_rudi, persona):
    user = request.getfixturevalue(persona)
    listing = api(user).get("/api/v1/cases")
    assert listing.status_code == 403
    assert listing.json() == {"detail": "Data klien hanya dapat dilihat oleh petugas Bapas."}
    assert api(user).get(f"/api/v1/cases/{client_rudi.id}").status_code == 404


def test_filters_search_programme_group_and_status(client_rudi, kasi_budi, child_case):
    ended = receive_client(kasi_budi, "Siti Aminah", programme="CB")
    case_end(actor=kasi_budi, case=ended, reason="completed", end_date=ended.handover_date)
    c = api(kasi_budi)
    assert names(c.get("/api/v1/cases?q=rudi")) == ["Rudi Hartono"]
    assert names(c.get("/api/v1/cases?client_group=A")) == ["Ahmad Fauzi Ramadhan"]
    assert names(c.get("/api/v1/cases?programme=CB")) == []
    assert names(c.get("/api/v1/cases?programme=CB&status=all")) == ["Siti Aminah"]
    assert names(c.get("/api/v1/cases?status=ended")) == ["Siti Aminah"]


# --- masking -------------------------------------------------------------------------------------


def test_child_is_masked_for_staff_outside_the_case_team(child_case, kasubsi_eko, kasi_budi, pk_andi):
    # Kasubsi sees the Bapas but is not in a child's case team (PK, Kasi, Kepala, named staff).
    assert names(api(kasubsi_eko).get("/api/v1/cases")) == ["A. F. R."]
    detail = api(kasubsi_eko).get(f"/api/v1/cases/{child_case.id}").json()
    assert detail["in_team"] is False
    assert detail["person"]["masked"] is True
    assert detail["person"]["name"] == "A. F. R."
    assert detail["person"]["nik"] is None
    assert detail["person"]["birth_date"] is None
    assert detail["guarantor"] is None
    assert "Ahmad" not in str(detail)

    for member in (kasi_budi, pk_andi):
        assert names(api(member).get("/api/v1/cases")) == ["Ahmad Fauzi Ramadhan"]
        person = api(member).get(f"/api/v1/cases/{child_case.id}").json()["person"]
        assert person["masked"] is False
        assert person["name"] == "Ahmad Fauzi Ramadhan"
        assert person["nik"] == child_case.person.nik


def test_list_names_agree_with_the_selector_for_every_row(
    client_rudi, child_case, kasi_budi, kasubsi_eko, kepala_dewi, pk_andi, pk_rina
):
    restricted = receive_client(kasi_budi, "Bayu Nugroho", **CHILD)
    case_assign(actor=kasi_budi, cases=[restricted], pk=pk_andi)
    case_restrict(actor=kepala_dewi, case=restricted, staff=[pk_rina], reason="Saksi pelapor")
    for actor in (kasi_budi, kasubsi_eko, kepala_dewi, pk_andi, pk_rina):
        items = api(actor).get("/api/v1/cases").json()["items"]
        assert items, actor
        for item in items:
            case = Case.objects.select_related("person").get(id=item["id"])
            assert item["name"] == case_display_name(case, actor), (actor.username, case.register_number)
    kasubsi_rows = {i["id"]: i for i in api(kasubsi_eko).get("/api/v1/cases").json()["items"]}
    assert kasubsi_rows[restricted.id]["name"] == "— kasus terbatas —"
    assert kasubsi_rows[restricted.id]["restricted"] is True
    assert api(kasubsi_eko).get(f"/api/v1/cases/{restricted.id}").status_code == 403
    # pk_rina is named on the restricted case: she sees it, unmasked.
    assert names(api(pk_rina).get("/api/v1/cases")) == ["Bayu Nugroho"]


# --- detail --------------------------------------------------------------------------------------


def test_detail_has_fields_and_phases_with_start_dates(client_rudi, pk_andi):
    response = api(pk_andi).get(f"/api/v1/cases/{client_rudi.id}")
    assert response.status_code == 200
    body = response.json()
    assert body["register_number"] == client_rudi.register_number
    assert body["bapas"] == "Bapas Kelas I Yogyakarta"
    assert body["sk_number"] == client_rudi.sk_number
    assert body["person"]["name"] == "Rudi Hartono"
    assert body["pk_name"] == "Andi Pratama"
    assert [p["code"] for p in body["phases"]] == ["awal", "lanjutan", "akhir", "after_care"]
    assert body["phases"][0]["start"] == client_rudi.period_start.isoformat()
    starts = [dt.date.fromisoformat(p["start"]) for p in body["phases"]]
    assert starts == sorted(starts)
    assert body["phases"][3]["start"] == (client_rudi.period_end + dt.timedelta(days=1)).isoformat()
    current = [p["code"] for p in body["phases"] if p["current"]]
    assert current == [body["phase"]]
    assert body["phase"] == phase_on(client_rudi.period_start, client_rudi.period_end, timezone.localdate())


def test_viewing_a_case_writes_an_audit_entry(client_rudi, pk_andi, pk_sari):
    api(pk_andi).get(f"/api/v1/cases/{client_rudi.id}")
    api(pk_sari).get(f"/api/v1/cases/{client_rudi.id}")  # refused: no entry
    entries = AuditEntry.objects.filter(action="view", object_type="case", object_id=client_rudi.id)
    assert [(e.actor, e.context) for e in entries] == [(pk_andi, "api")]


# --- pagination and query counts -----------------------------------------------------------------


def test_pagination_with_limit_offset_and_count(kasi_budi):
    for n in range(5):
        receive_client(kasi_budi, f"Klien Uji {n}")
    c = api(kasi_budi)
    first = c.get("/api/v1/cases?limit=2").json()
    second = c.get("/api/v1/cases?limit=2&offset=2").json()
    last = c.get("/api/v1/cases?limit=2&offset=4").json()
    assert first["count"] == second["count"] == last["count"] == 5
    assert len(first["items"]) == len(second["items"]) == 2
    assert len(last["items"]) == 1
    ids = [i["id"] for page in (first, second, last) for i in page["items"]]
    assert len(set(ids)) == 5
    assert c.get("/api/v1/cases?limit=0").status_code == 422


def test_page_size_is_capped_at_100(kasi_budi):
    for n in range(101):
        receive_client(kasi_budi, f"Klien Uji {n}", person_kw={"nik": False})
    body = api(kasi_budi).get("/api/v1/cases?limit=500").json()
    assert body["count"] == 101
    assert len(body["items"]) == 100


@pytest.mark.parametrize("persona", ["kasubsi_eko", "pk_andi"])
def test_case_list_queries_do_not_grow_with_rows(
    request, django_assert_max_num_queries, kasi_budi, kepala_dewi, pk_andi, persona
):
    actor = request.getfixturevalue(persona)
    cases = [receive_client(kasi_budi, f"Anak Uji {n}", **CHILD) for n in range(6)]
    cases += [receive_client(kasi_budi, f"Dewasa Uji {n}") for n in range(6)]
    case_assign(actor=kasi_budi, cases=cases, pk=pk_andi)
    case_restrict(actor=kepala_dewi, case=cases[0], staff=[pk_andi], reason="Perlindungan saksi")
    case_restrict(actor=kepala_dewi, case=cases[6], staff=[kasi_budi], reason="Perlindungan saksi")
    c = api(actor)
    # session + user + unit + count + page = 5; one spare for the backend.
    with django_assert_max_num_queries(6):
        response = c.get("/api/v1/cases?limit=100")
    assert response.json()["count"] == 12


# --- regions and me ------------------------------------------------------------------------------


def test_region_search_returns_code_path_and_centroid(pk_andi):
    c = api(pk_andi)
    rows = c.get("/api/v1/regions?q=kricak&level=4&within=34.71").json()
    assert rows[0]["code"] == "34.71.01.1001"
    assert rows[0]["name"] == "Kricak"
    assert rows[0]["path"].startswith("Kricak, Tegalrejo")
    assert rows[0]["lat"] == pytest.approx(-7.77, abs=0.05)
    assert rows[0]["lng"] == pytest.approx(110.36, abs=0.05)
    assert c.get("/api/v1/regions?q=k").json() == []
    assert [r["code"] for r in c.get("/api/v1/regions?q=bantul&level=2").json()] == ["34.02"]
    assert c.get("/api/v1/regions?q=kricak&within=x").status_code == 422


def test_me_tells_who_is_signed_in(kasi_budi, kanwil_hadi):
    me = api(kasi_budi).get("/api/v1/me").json()
    assert me["username"] == "kasi_budi"
    assert me["name"] == "Budi Santoso"
    assert me["unit"]["code"] == "BPS-YK"
    assert me["roles"] == ["kasi"]
    assert me["role_labels"] == ["Kasi"]
    assert api(kanwil_hadi).get("/api/v1/me").json()["unit"]["kind"] == "kanwil"
