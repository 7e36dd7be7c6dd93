"""Named personas so that a test reads as a sentence.

Bapas Yogyakarta (A) and Bapas Wonosari (B) under Kanwil DIY, under Ditjenpas.
"""

import pytest

from bimkemas.org.models import Role, Unit
from tests.org.factories import UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.HUEY = {**settings.HUEY, "immediate": True}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "id"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ditjenpas(db):
    return UnitFactory(kind=Unit.Kind.DITJENPAS, code="DITJENPAS", name="Direktorat Jenderal Pemasyarakatan")


@pytest.fixture
def kanwil_diy(ditjenpas):
    return UnitFactory(
        kind=Unit.Kind.KANWIL, code="KW-34", name="Kanwil DIY", parent=ditjenpas, province_id="34"
    )


@pytest.fixture
def bapas_a(kanwil_diy):
    return UnitFactory(code="BPS-YK", name="Bapas Kelas I Yogyakarta", parent=kanwil_diy, city="Yogyakarta")


@pytest.fixture
def bapas_b(kanwil_diy):
    return UnitFactory(code="BPS-WNS", name="Bapas Kelas II Wonosari", parent=kanwil_diy, city="Wonosari")


@pytest.fixture
def pk_andi(bapas_a):
    return UserFactory(
        username="pk_andi", full_name="Andi Pratama", unit=bapas_a, roles=[Role.PK], rank="ahli_muda"
    )


@pytest.fixture
def pk_rina(bapas_a):
    return UserFactory(
        username="pk_rina", full_name="Rina Wulandari", unit=bapas_a, roles=[Role.APK], rank="terampil"
    )


@pytest.fixture
def pk_sari(bapas_b):
    return UserFactory(username="pk_sari", full_name="Sari Handayani", unit=bapas_b, roles=[Role.PK])


@pytest.fixture
def kasi_budi(bapas_a):
    return UserFactory(username="kasi_budi", full_name="Budi Santoso", unit=bapas_a, roles=[Role.KASI])


@pytest.fixture
def kasubsi_eko(bapas_a):
    return UserFactory(username="kasubsi_eko", full_name="Eko Saputra", unit=bapas_a, roles=[Role.KASUBSI])


@pytest.fixture
def kepala_dewi(bapas_a):
    return UserFactory(username="kepala_dewi", full_name="Dewi Lestari", unit=bapas_a, roles=[Role.KEPALA])


@pytest.fixture
def kasi_wati(bapas_b):
    return UserFactory(username="kasi_wati", full_name="Wati Susanti", unit=bapas_b, roles=[Role.KASI])


@pytest.fixture
def kanwil_hadi(kanwil_diy):
    return UserFactory(
        username="kanwil_hadi", full_name="Hadi Kurniawan", unit=kanwil_diy, roles=[Role.KANWIL]
    )


@pytest.fixture
def ditjenpas_tono(ditjenpas):
    return UserFactory(
        username="ditjenpas_tono", full_name="Tono Wijaya", unit=ditjenpas, roles=[Role.DITJENPAS]
    )


@pytest.fixture
def admin_yanto(ditjenpas):
    return UserFactory(
        username="admin_yanto",
        full_name="Yanto",
        unit=ditjenpas,
        roles=[Role.ADMIN],
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def client_rudi(kasi_budi, pk_andi):
    """Rudi Hartono, PB client of Bapas A, supervised by pk_andi."""
    from bimkemas.cases.services import case_assign
    from tests.cases.factories import receive_client

    case = receive_client(kasi_budi, "Rudi Hartono")
    case_assign(actor=kasi_budi, cases=[case], pk=pk_andi)
    case.refresh_from_db()
    return case
