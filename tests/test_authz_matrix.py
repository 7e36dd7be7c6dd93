"""The authorization matrix: every URL pattern of the project × every persona.

ONE table (`MATRIX`) says, per URL name (per route for the JSON API), who may open it. The test walks
the URL resolver: a URL pattern missing from the table fails with a message telling you to add it, so
no new page can escape the matrix. Rows for URL names that do not exist yet are skipped.

Outcomes: allowed = 2xx, or 3xx to a page that is not a login page; anonymous is sent to the login
page (HTML) or gets 401 (API); everyone else denied gets 403 and/or 404 as the row says. Every URL
also gets an empty POST (a URL answering GET with 405 is POST-only and is judged by it): refused for
those denied, form errors (200/400) or a redirect for those allowed — never a 500 — and 405 when the
view takes no POST.
"""

import importlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from bimkemas.org.models import Role, Unit
from tests.authz import (
    BAPAS_LEADS_ONLY,
    BAPAS_STAFF,
    BAPAS_STAFF_ONLY,
    CASE_TEAM,
    DENIED,
    FORBIDDEN,
    LEADS,
    LOGGED_IN,
    LOGIN,
    NOT_FOUND,
    OFFICES,
    OK,
    OTHER_BAPAS,
    POSTED,
    PUBLIC,
    ROLES,
    UNAUTHORIZED,
    Rule,
)
from tests.org.factories import UnitFactory, UserFactory

MATRIX: dict[str, Rule] = {
    # --- public and framework pages -------------------------------------------------------------------
    "login": Rule(allow=frozenset(), skip="halaman masuk (publik)"),
    "logout": Rule(allow=frozenset(), skip="keluar (publik, POST)"),
    "healthz": Rule(allow=frozenset(), skip="pemeriksaan kesehatan (publik)"),
    "set_language": Rule(allow=frozenset(), skip="pilihan bahasa Django i18n (publik)"),
    "admin": Rule(allow=frozenset({"admin_yanto"}), otherwise=LOGIN, path="/admin/"),
    # --- core -----------------------------------------------------------------------------------------
    "home": Rule(allow=LOGGED_IN, requires=("today", "overview", "admin:index", "partner_home")),
    "overview": Rule(allow=OFFICES | LEADS),
    # --- cases ----------------------------------------------------------------------------------------
    "caseload": BAPAS_STAFF_ONLY,
    "case_receive": BAPAS_STAFF_ONLY,
    "duplicate_check": BAPAS_STAFF_ONLY,  # htmx helper of case_receive
    "region_search": BAPAS_STAFF_ONLY,
    "nik_feedback": BAPAS_STAFF_ONLY,  # htmx helper of the person form
    "case_detail": CASE_TEAM,
    "person_edit": CASE_TEAM,
    "case_card_pdf": CASE_TEAM,
    "case_contract_pdf": CASE_TEAM,
    "case_edit": CASE_TEAM,
    "case_end": CASE_TEAM,
    "case_restrict": Rule(
        allow=frozenset({"kepala_dewi"}),
        deny={
            "pk_andi": FORBIDDEN,
            "pk_rina": FORBIDDEN,
            "kasi_budi": FORBIDDEN,
            "kasubsi_eko": FORBIDDEN,
            **OTHER_BAPAS,
        },
        otherwise=DENIED,
    ),
    "assignments": BAPAS_LEADS_ONLY,
    "assign": BAPAS_LEADS_ONLY,  # POST of the assignments page
    "handover_import": BAPAS_LEADS_ONLY,
    "handover_sample": BAPAS_LEADS_ONLY,  # the import's sample CSV
    # --- JSON API (keyed by route) --------------------------------------------------------------------
    "api/v1/": Rule(allow=frozenset(), skip="akar API django-ninja: selalu 404, hanya penanda alamat dasar"),
    "api/v1/openapi.json": PUBLIC,
    "api/v1/docs": PUBLIC,
    "api/v1/cases": Rule(allow=BAPAS_STAFF, api=True),
    "api/v1/cases/<int:case_id>": replace(CASE_TEAM, api=True),
    "api/v1/regions": Rule(allow=LOGGED_IN, api=True),
    "api/v1/me": Rule(allow=LOGGED_IN, api=True),
}

KWARG_VALUES = {
    "case_id": lambda world: world.case.id,
}

# Rows of the newer apps live next to their tests: tests/<app>/authz_rows.py with ROWS (and KWARGS).
for _dir in sorted(Path(__file__).parent.iterdir()):
    if (_dir / "authz_rows.py").exists():
        _rows = importlib.import_module(f"tests.{_dir.name}.authz_rows")
        MATRIX.update(_rows.ROWS)
        KWARG_VALUES.update(getattr(_rows, "KWARGS", {}))

API_NAMESPACE = "api"
SKIPPED_PREFIXES = ("static/", "media/", "^static/", "^media/")


@dataclass(frozen=True)
class Found:
    route: str
    name: str | None
    kwargs: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(n for n in (namespace, p.namespace) if n)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            kwargs = tuple(p.pattern.regex.groupindex)
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, namespace, kwargs


def discover() -> dict[str, Found]:
    """Every URL pattern of the project under its matrix key (admin:* folded into one "admin" key)."""
    found: dict[str, Found] = {}
    for route, name, namespace, kwargs in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if namespace.split(":")[0] == "admin":
            key = "admin"
        elif namespace.split(":")[0] == API_NAMESPACE:
            key = route
        elif name:
            key = name
        else:
            key = f"<tanpa nama> {route}"
        if key in found and key != "admin" and found[key].route != route:  # one name, two routes
            key = f"{key} (nama ganda: {route})"
        found.setdefault(key, Found(route, name, kwargs))
    return found


try:
    FOUND = discover()
    DISCOVERY_ERROR = ""
except Exception as exc:  # reported by test_urlconf_loads instead of breaking the whole collection
    FOUND = {}
    DISCOVERY_ERROR = f"{type(exc).__name__}: {exc}"


def _cases():
    for key in MATRIX:
        for role in ROLES:
            yield pytest.param(key, role, id=f"{key}|{role}")
    for key in FOUND:
        if key not in MATRIX:
            yield pytest.param(key, "*", id=f"{key}|UNLISTED")


# The personas of tests/conftest.py (same usernames, units and roles), built once for the whole module:
# the matrix runs hundreds of cases, and building them per case would take most of its time.
PERSONAS = {
    "pk_andi": ("A", "Andi Pratama", [Role.PK], {"rank": "ahli_muda"}),
    "pk_rina": ("A", "Rina Wulandari", [Role.APK], {"rank": "terampil"}),
    "pk_sari": ("B", "Sari Handayani", [Role.PK], {}),
    "kasi_budi": ("A", "Budi Santoso", [Role.KASI], {}),
    "kasubsi_eko": ("A", "Eko Saputra", [Role.KASUBSI], {}),
    "kepala_dewi": ("A", "Dewi Lestari", [Role.KEPALA], {}),
    "kasi_wati": ("B", "Wati Susanti", [Role.KASI], {}),
    "kanwil_hadi": ("KW", "Hadi Kurniawan", [Role.KANWIL], {}),
    "ditjenpas_tono": ("DJ", "Tono Wijaya", [Role.DITJENPAS], {}),
    "admin_yanto": ("DJ", "Yanto", [Role.ADMIN], {"is_staff": True, "is_superuser": True}),
    "mitra_ani": (None, "Ani Rahmawati", [Role.MITRA], {}),
}


@dataclass
class World:
    users: dict
    case: object  # client_rudi: the Bapas A case of Rudi Hartono, supervised by pk_andi


def _build_world() -> World:
    from bimkemas.cases.services import case_assign
    from tests.cases.factories import receive_client

    dj = UnitFactory(kind=Unit.Kind.DITJENPAS, code="DITJENPAS", name="Direktorat Jenderal Pemasyarakatan")
    kw = UnitFactory(kind=Unit.Kind.KANWIL, code="KW-34", name="Kanwil DIY", parent=dj, province_id="34")
    units = {
        "DJ": dj,
        "KW": kw,
        "A": UnitFactory(code="BPS-YK", name="Bapas Kelas I Yogyakarta", parent=kw, city="Yogyakarta"),
        "B": UnitFactory(code="BPS-WNS", name="Bapas Kelas II Wonosari", parent=kw, city="Wonosari"),
    }
    users = {
        username: UserFactory(username=username, full_name=name, unit=units.get(unit), roles=roles, **extra)
        for username, (unit, name, roles, extra) in PERSONAS.items()
    }
    case = receive_client(users["kasi_budi"], "Rudi Hartono")
    case_assign(actor=users["kasi_budi"], cases=[case], pk=users["pk_andi"])
    case.refresh_from_db()
    return World(users=users, case=case)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built inside a transaction that is rolled back when the module ends; each test nests in it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                built = _build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_client():
    """One test client for the module: a new one per case would re-initialise the middleware each time."""
    return Client()


@pytest.fixture
def client(module_client):
    module_client.cookies.clear()
    return module_client


def test_urlconf_loads():
    assert not DISCOVERY_ERROR, f"Konfigurasi URL gagal dimuat: {DISCOVERY_ERROR}"


def _login_paths() -> set[str]:
    paths = {reverse("login")}
    try:
        paths.add(reverse("admin:login"))
    except NoReverseMatch:
        pass
    return paths


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response.url).path in _login_paths()


def _url(key: str, rule: Rule, found: Found, world: World) -> str:
    if rule.path:
        return rule.path
    values = {}
    for kwarg in found.kwargs:
        if kwarg not in KWARG_VALUES:
            pytest.fail(
                f"{key}: isi nilai untuk parameter URL {kwarg!r} di KWARG_VALUES (tests/test_authz_matrix.py)"
            )
        values[kwarg] = KWARG_VALUES[kwarg](world)
    if key == found.name:
        return reverse(found.name, kwargs=values)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), found.route)


def _check(response, outcome: str, what: str) -> None:
    status = response.status_code
    where = f" → {response.url}" if 300 <= status < 400 else ""
    got = f"{what}: got {status}{where}"
    allowed = 200 <= status < 300 or (300 <= status < 400 and not _is_login_redirect(response))
    if outcome == OK:
        assert allowed, got
    elif outcome == POSTED:
        assert allowed or status in (400, 422), got
    elif outcome == LOGIN:
        assert _is_login_redirect(response), got
    elif outcome == UNAUTHORIZED:
        assert status == 401, got
    elif outcome == FORBIDDEN:
        assert status == 403, got
    elif outcome == NOT_FOUND:
        assert status == 404, got
    elif outcome == DENIED:
        assert status in (403, 404), got
    else:  # pragma: no cover
        raise AssertionError(outcome)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role"), list(_cases()))
def test_authz_matrix(world, client, key, role):
    if key not in MATRIX:
        pytest.fail(
            f"URL {key!r} ({FOUND[key].route}) tidak ada di tabel MATRIX di tests/test_authz_matrix.py: "
            "tambahkan satu baris yang menyatakan peran mana yang boleh membukanya."
        )
    rule = MATRIX[key]
    if rule.skip:
        pytest.skip(f"{key}: {rule.skip}")
    found = FOUND.get(key)
    if found is None:
        pytest.skip(f"URL {key!r} belum ada di proyek")
    for name in rule.requires:
        try:
            reverse(name)
        except NoReverseMatch:
            pytest.skip(f"{key} mengarah ke {name!r} yang belum ada di proyek")

    url = _url(key, rule, found, world)
    if role != "anonymous":
        client.force_login(world.users[role])
    outcome = rule.expected(role)

    response = client.get(url)
    post_only = response.status_code == 405
    if not post_only:
        _check(response, outcome, f"GET {url} as {role}, expected {outcome}")
    # An empty POST: refused for those denied; for those allowed, form errors (200/400) — never a 500.
    response = client.post(url, {})
    if response.status_code == 405:
        assert not post_only, f"{url} answers neither GET nor POST"
        return
    posted = POSTED if outcome == OK else outcome
    _check(response, posted, f"POST {url} (empty) as {role}, expected {posted}")
