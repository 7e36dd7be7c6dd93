"""English is a complete translation of the Indonesian UI (LANGUAGE_CODE "id").

Pages are checked as a user sees them after choosing English; the catalogue files are read directly:
every English msgstr is filled, nothing is fuzzy, placeholders survive, and the committed .mo says
the same as the .po. The last test runs makemessages on a copy of the source tree, so a string added
without a translation fails here rather than showing Indonesian in the English UI.
"""

import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bimkemas.cases.services import case_assign
from tests.cases.factories import receive_client

SRC = Path(settings.BASE_DIR)
LOCALE = SRC / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"
ID_PO = LOCALE / "id" / "LC_MESSAGES" / "django.po"
# The newer apps keep their own catalogues (src/bimkemas/<app>/locale), which makemessages fills from
# the files under that app; every catalogue is held to the same rules.
EN_POS = sorted(SRC.glob("*/locale/en/LC_MESSAGES/django.po")) + [EN_PO]

# --- a small .po reader (no polib in the venv) ----------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(token: str) -> str:
    body = token.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def read_po(path: Path) -> list[dict]:
    """Entries as dicts: msgid, msgid_plural, msgstr (index -> text), flags. Obsolete ones are left out."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        current = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry = None
                break
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif m := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line):
                key, index, text = m.group(1), m.group(2), _unquote(m.group(3))
                if key == "msgstr":
                    current = ("msgstr", int(index or 0))
                    entry["msgstr"][current[1]] = text
                else:
                    current = (key, None)
                    entry[key] = text
            elif line.startswith('"'):
                if current[0] == "msgstr":
                    entry["msgstr"][current[1]] += _unquote(line)
                else:
                    entry[current[0]] += _unquote(line)
        if entry is not None and entry["msgid"] is not None:
            entries.append(entry)
    return entries


def messages(path: Path) -> list[dict]:
    return [e for e in read_po(path) if e["msgid"]]  # without the header


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|<[^>]+>")


# --- pages in English ------------------------------------------------------------------------------


def _choose_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("caseload")})
    assert response.status_code == 302


@pytest.mark.django_db
def test_caseload_in_english(client, kasi_budi, pk_andi):
    today = timezone.localdate()
    case = receive_client(kasi_budi, "Sinta Maharani", start=today)
    case_assign(actor=kasi_budi, cases=[case], pk=pk_andi)
    client.force_login(pk_andi)
    _choose_english(client)

    page = client.get(reverse("caseload")).content.decode()

    assert 'lang="en"' in page
    for english in ("My clients", "Receive new client", "Search name, NIK or register number",
                    "Register no.", "Days left", "Initial phase", "First contact", "1 client", "Log out"):  # fmt: skip
        assert english in page, english
    for indonesian in ("Klien saya", "Terima klien baru", "Sisa hari", "Tahap awal", "Kontak pertama",
                       "Keluar", "Cari nama"):  # fmt: skip
        assert indonesian not in page, indonesian


@pytest.mark.django_db
def test_case_page_in_english(client, pk_andi, client_rudi):
    client.force_login(pk_andi)
    _choose_english(client)

    page = client.get(reverse("case_detail", args=[client_rudi.id])).content.decode()

    assert "Rudi Hartono" in page
    for english in ("Guidance phases", "Initial phase", "Intermediate phase", "Final phase", "After care",
                    "Current phase", "Parole (PB)", "Adult", "Guarantor", "Identity", "Timeline",
                    "Guidance card (kartu bimbingan)", "Guidance contract (kontrak bimbingan)"):  # fmt: skip
        assert english in page, english
    for indonesian in ("Tahapan bimbingan", "Tahap awal", "Tahap lanjutan", "Tahap akhir", "Tahap sekarang",
                       "Pembebasan Bersyarat", "Dewasa", "Penjamin", "Identitas", "Linimasa",
                       "Kartu bimbingan (PDF)", "Masa bimbingan"):  # fmt: skip
        assert indonesian not in page, indonesian


@pytest.mark.django_db
def test_login_page_in_english_from_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("login")).content.decode()

    for english in ("Log in to Bimkemas", "Username", "Password", "Log in"):
        assert english in page, english
    for indonesian in ("Masuk ke Bimkemas", "Nama pengguna", "Kata sandi"):
        assert indonesian not in page, indonesian


@pytest.mark.django_db
def test_indonesian_stays_the_default(client, pk_andi, client_rudi):
    client.force_login(pk_andi)

    page = client.get(reverse("case_detail", args=[client_rudi.id])).content.decode()

    assert 'lang="id"' in page
    assert "Tahapan bimbingan" in page and "Tahap lanjutan" in page
    assert "Guidance phases" not in page and "Intermediate phase" not in page


# --- the catalogue files ---------------------------------------------------------------------------


def test_english_catalogue_is_complete():
    assert len(messages(EN_PO)) > 400
    for po in EN_POS:
        _check_complete(po)


def _check_complete(po: Path) -> None:
    entries = messages(po)
    empty = [e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"].values())]
    assert empty == []
    plural = [e["msgid"] for e in entries if e["msgid_plural"] is not None and sorted(e["msgstr"]) != [0, 1]]
    assert plural == []
    fuzzy = [e["msgid"] for e in read_po(po) if "fuzzy" in e["flags"]]
    assert fuzzy == []


def test_english_translations_keep_placeholders_and_markup():
    wrong = []
    for e in (e for po in EN_POS for e in messages(po)):
        sources = [e["msgid"]] if e["msgid_plural"] is None else [e["msgid"], e["msgid_plural"]]
        for index, source in enumerate(sources):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(e["msgstr"].get(index, ""))):
                wrong.append(source)
    assert wrong == []


def test_domain_words_stay_untranslated():
    by_id = {e["msgid"]: e["msgstr"][0] for e in messages(EN_PO)}
    assert by_id["Tahap awal"] == "Initial phase"
    assert by_id["Tahap lanjutan"] == "Intermediate phase"
    assert by_id["Tahap akhir"] == "Final phase"
    for word in ("PK", "APK", "Bapas", "Kanwil", "Ditjenpas", "NIK", "Kasi", "Kasubsi", "Kepala Bapas"):
        assert by_id[word] == word


@pytest.mark.parametrize("po", EN_POS, ids=lambda p: str(p.relative_to(SRC)))
def test_compiled_english_catalogue_matches_the_po(po):
    with po.with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for e in messages(po):
        if e["msgid_plural"] is None:
            got = [compiled.gettext(e["msgid"])]
            want = [e["msgstr"][0]]
        else:
            got = [compiled.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)]
            want = [e["msgstr"][0], e["msgstr"][1]]
        if got != want:
            stale.append(e["msgid"])
    assert stale == [], "run `bimkemas compilemessages` from src/bimkemas"


@pytest.mark.parametrize("po", EN_POS, ids=lambda p: str(p.relative_to(SRC)))
def test_indonesian_catalogue_exists_with_the_same_messages(po):
    id_po = po.parents[2] / "id" / "LC_MESSAGES" / "django.po"
    en = {(e["msgid"], e["msgid_plural"]) for e in messages(po)}
    id_ = {(e["msgid"], e["msgid_plural"]) for e in messages(id_po)}
    assert id_ == en
    assert id_po.with_suffix(".mo").exists()


@pytest.mark.skipif(shutil.which("xgettext") is None or shutil.which("msgmerge") is None, reason="no gettext")
def test_every_source_string_has_an_english_translation(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the tree: a string wrapped for translation but not in the catalogue shows up
    here as an empty or fuzzy msgstr."""
    tree = tmp_path / "bimkemas"
    shutil.copytree(
        SRC, tree, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo", "*.gz", "*.csv")
    )
    settings.LOCALE_PATHS = [str(tree / "locale")]
    monkeypatch.chdir(tree)

    call_command("makemessages", locale=["en"], ignore_patterns=["static/*"], no_location=True, verbosity=0)

    entries = [e for po in tree.glob("**/locale/en/LC_MESSAGES/django.po") for e in messages(po)]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [] and fuzzy == [], (
        "run `bimkemas makemessages -l en -l id --ignore 'static/*' --no-location` in src/bimkemas and translate"
    )
