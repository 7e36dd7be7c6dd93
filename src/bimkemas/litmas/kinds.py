"""The Litmas kinds file (kinds.toml): parse, validate and normalise the section catalogue and the kinds.

Pure functions, no database. Every problem found is reported, each naming the kind, section and field
it is about. The file is checked when the app loads (LitmasConfig.ready), so a broken file stops the
server with the message instead of failing later on a page. The format is described in kinds.toml.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bimkemas.core.datafile import DataFileError
from bimkemas.litmas.prefill import COMPATIBLE, SOURCES

FORMAT = 1
DEFAULT_FILE = Path(__file__).resolve().parent / "kinds.toml"
FIELD_TYPES = ("text", "textarea", "date", "choice", "table-rows")
CLIENT_GROUPS = ("D", "A")

_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_TOP_KEYS = {"format", "sections", "kinds"}
_SECTION_KEYS = {"code", "title", "title_en", "help", "help_en", "fields"}
_FIELD_KEYS = {"code", "label", "label_en", "type", "required", "prefill", "default", "choices", "columns",
               "help", "help_en"}  # fmt: skip
_COLUMN_KEYS = {"code", "label", "label_en"}
_KIND_KEYS = {"code", "label", "label_en", "title", "title_en", "client_groups", "sections",
              "required_after_handover", "programmes"}  # fmt: skip


class KindsFileError(DataFileError):
    head = gettext_lazy("Berkas jenis Litmas %(file)s tidak valid (%(n)d masalah):")


@dataclass(frozen=True)
class Catalogue:
    source: str
    sections: dict  # code -> normalised section
    kinds: dict  # code -> normalised kind (file order)

    def kind(self, code: str) -> dict | None:
        return self.kinds.get(code)

    def definition(self, kind_code: str) -> list[dict]:
        """The sections of a kind, in its order, as stored with each Litmas (a snapshot)."""
        return [self.sections[code] for code in self.kinds[kind_code]["sections"]]

    def kinds_for(self, client_group: str) -> list[dict]:
        return [k for k in self.kinds.values() if client_group in k["client_groups"]]

    def required_after_handover(self) -> list[dict]:
        return [k for k in self.kinds.values() if k["required_after_handover"]]


def _text(data: dict, key: str, where: str, problems: list[str], *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(
            _("%(where)s: '%(key)s' wajib berupa teks yang tidak kosong") % {"where": where, "key": key}
        )
        return ""
    return value.strip()


def _unknown(data: dict, allowed: set, where: str, problems: list[str]) -> None:
    for key in sorted(set(data) - allowed):
        problems.append(_("%(where)s: kunci '%(key)s' tidak dikenal") % {"where": where, "key": key})


def _field(section_code: str, raw, index: int, problems: list[str]) -> dict | None:
    where = _("bagian '%(section)s', isian ke-%(n)d") % {"section": section_code, "n": index}
    if not isinstance(raw, dict):
        problems.append(_("%(where)s: harus berupa tabel") % {"where": where})
        return None
    code = raw.get("code", "")
    if isinstance(code, str) and _CODE.match(code):
        where = _("bagian '%(section)s', isian '%(field)s'") % {"section": section_code, "field": code}
    else:
        problems.append(_("%(where)s: kode isian '%(code)s' tidak valid (huruf kecil, angka, garis bawah)")
                        % {"where": where, "code": code})  # fmt: skip
    _unknown(raw, _FIELD_KEYS, where, problems)
    kind = raw.get("type", "")
    if kind not in FIELD_TYPES:
        problems.append(_("%(where)s: jenis isian '%(type)s' tidak dikenal (pilih salah satu: %(types)s)")
                        % {"where": where, "type": kind, "types": ", ".join(FIELD_TYPES)})  # fmt: skip
    field = {
        "code": code,
        "label": _text(raw, "label", where, problems),
        "label_en": _text(raw, "label_en", where, problems, required=False),
        "help": _text(raw, "help", where, problems, required=False),
        "help_en": _text(raw, "help_en", where, problems, required=False),
        "type": kind,
        "required": raw.get("required", False),
        "prefill": raw.get("prefill", ""),
        "default": raw.get("default", ""),
    }
    if not isinstance(field["required"], bool):
        problems.append(_("%(where)s: 'required' harus true atau false") % {"where": where})
    if not isinstance(field["default"], str):
        problems.append(_("%(where)s: 'default' harus berupa teks") % {"where": where})
    source = field["prefill"]
    if source:
        if source not in SOURCES:
            problems.append(_("%(where)s: sumber isian otomatis '%(source)s' tidak dikenal")
                            % {"where": where, "source": source})  # fmt: skip
        elif kind in COMPATIBLE and SOURCES[source][0] != COMPATIBLE[kind]:
            problems.append(_("%(where)s: sumber '%(source)s' (%(stype)s) tidak cocok untuk isian jenis %(type)s")
                            % {"where": where, "source": source, "stype": SOURCES[source][0], "type": kind})  # fmt: skip
    if kind == "choice":
        choices = raw.get("choices")
        if not (
            isinstance(choices, list) and choices and all(isinstance(c, str) and c.strip() for c in choices)
        ):
            problems.append(
                _("%(where)s: isian pilihan memerlukan 'choices' berupa daftar teks") % {"where": where}
            )
            choices = []
        field["choices"] = choices
    elif "choices" in raw:
        problems.append(_("%(where)s: 'choices' hanya untuk isian jenis choice") % {"where": where})
    if kind == "table-rows":
        columns = raw.get("columns")
        field["columns"] = []
        if not (isinstance(columns, list) and columns):
            problems.append(_("%(where)s: isian tabel memerlukan 'columns'") % {"where": where})
        else:
            seen = set()
            for i, col in enumerate(columns, 1):
                cwhere = _("%(where)s, kolom ke-%(n)d") % {"where": where, "n": i}
                if not isinstance(col, dict):
                    problems.append(_("%(where)s: harus berupa tabel") % {"where": cwhere})
                    continue
                _unknown(col, _COLUMN_KEYS, cwhere, problems)
                ccode = col.get("code", "")
                if not (isinstance(ccode, str) and _CODE.match(ccode)) or ccode in seen:
                    problems.append(_("%(where)s: kode kolom '%(code)s' tidak valid atau ganda")
                                    % {"where": cwhere, "code": ccode})  # fmt: skip
                seen.add(ccode)
                field["columns"].append({
                    "code": ccode, "label": _text(col, "label", cwhere, problems),
                    "label_en": _text(col, "label_en", cwhere, problems, required=False),
                })  # fmt: skip
    elif "columns" in raw:
        problems.append(_("%(where)s: 'columns' hanya untuk isian jenis table-rows") % {"where": where})
    return field


def _section(raw, index: int, problems: list[str]) -> dict | None:
    where = _("bagian ke-%(n)d") % {"n": index}
    if not isinstance(raw, dict):
        problems.append(_("%(where)s: harus berupa tabel") % {"where": where})
        return None
    code = raw.get("code", "")
    if isinstance(code, str) and _CODE.match(code):
        where = _("bagian '%(section)s'") % {"section": code}
    else:
        problems.append(_("%(where)s: kode bagian '%(code)s' tidak valid") % {"where": where, "code": code})
    _unknown(raw, _SECTION_KEYS, where, problems)
    section = {
        "code": code,
        "title": _text(raw, "title", where, problems),
        "title_en": _text(raw, "title_en", where, problems, required=False),
        "help": _text(raw, "help", where, problems, required=False),
        "help_en": _text(raw, "help_en", where, problems, required=False),
        "fields": [],
    }
    fields = raw.get("fields")
    if not (isinstance(fields, list) and fields):
        problems.append(_("%(where)s: tidak ada isian ('fields')") % {"where": where})
        return section
    seen = set()
    for i, f in enumerate(fields, 1):
        field = _field(code, f, i, problems)
        if field is None:
            continue
        if field["code"] in seen:
            problems.append(_("bagian '%(section)s': kode isian '%(field)s' ganda")
                            % {"section": code, "field": field["code"]})  # fmt: skip
        seen.add(field["code"])
        section["fields"].append(field)
    return section


def _kind(raw, index: int, sections: dict, problems: list[str]) -> dict | None:
    where = _("jenis ke-%(n)d") % {"n": index}
    if not isinstance(raw, dict):
        problems.append(_("%(where)s: harus berupa tabel") % {"where": where})
        return None
    code = raw.get("code", "")
    if isinstance(code, str) and _CODE.match(code):
        where = _("jenis '%(kind)s'") % {"kind": code}
    else:
        problems.append(_("%(where)s: kode jenis '%(code)s' tidak valid") % {"where": where, "code": code})
    _unknown(raw, _KIND_KEYS, where, problems)
    kind = {
        "code": code,
        "label": _text(raw, "label", where, problems),
        "label_en": _text(raw, "label_en", where, problems, required=False),
        "title": _text(raw, "title", where, problems),
        "title_en": _text(raw, "title_en", where, problems, required=False),
        "client_groups": raw.get("client_groups", list(CLIENT_GROUPS)),
        "sections": raw.get("sections"),
        "required_after_handover": raw.get("required_after_handover", False),
        "programmes": raw.get("programmes", []),
    }
    groups = kind["client_groups"]
    if not (isinstance(groups, list) and groups and all(g in CLIENT_GROUPS for g in groups)):
        problems.append(
            _('%(where)s: \'client_groups\' harus daftar berisi "D" dan/atau "A"') % {"where": where}
        )
    if not isinstance(kind["required_after_handover"], bool):
        problems.append(_("%(where)s: 'required_after_handover' harus true atau false") % {"where": where})
    from bimkemas.cases.models import Programme

    programmes = kind["programmes"]
    if not isinstance(programmes, list) or any(p not in Programme.values for p in programmes):
        problems.append(_("%(where)s: 'programmes' berisi kode program yang tidak dikenal (dikenal: %(known)s)")
                        % {"where": where, "known": ", ".join(Programme.values)})  # fmt: skip
    names = kind["sections"]
    if not (isinstance(names, list) and names):
        problems.append(_("%(where)s: daftar 'sections' kosong") % {"where": where})
        kind["sections"] = []
    else:
        for name in names:
            if name not in sections:
                problems.append(_("%(where)s: bagian '%(section)s' tidak ada di katalog bagian")
                                % {"where": where, "section": name})  # fmt: skip
        if len(set(names)) != len(names):
            problems.append(_("%(where)s: ada bagian yang disebut dua kali") % {"where": where})
    return kind


def parse_text(text: str, *, source: str = "kinds.toml") -> Catalogue:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KindsFileError(source, [_("bukan TOML yang valid: %(error)s") % {"error": exc}]) from exc
    problems: list[str] = []
    _unknown(data, _TOP_KEYS, _("berkas"), problems)
    if data.get("format") != FORMAT:
        problems.append(_("'format' harus %(format)d") % {"format": FORMAT})
    sections: dict = {}
    raw_sections = data.get("sections")
    if not (isinstance(raw_sections, list) and raw_sections):
        problems.append(_("tidak ada katalog bagian ([[sections]])"))
        raw_sections = []
    for i, raw in enumerate(raw_sections, 1):
        section = _section(raw, i, problems)
        if section is None:
            continue
        if section["code"] in sections:
            problems.append(_("kode bagian '%(section)s' ganda") % {"section": section["code"]})
        sections[section["code"]] = section
    kinds: dict = {}
    raw_kinds = data.get("kinds")
    if not (isinstance(raw_kinds, list) and raw_kinds):
        problems.append(_("tidak ada jenis Litmas ([[kinds]])"))
        raw_kinds = []
    for i, raw in enumerate(raw_kinds, 1):
        kind = _kind(raw, i, sections, problems)
        if kind is None:
            continue
        if kind["code"] in kinds:
            problems.append(_("kode jenis '%(kind)s' ganda") % {"kind": kind["code"]})
        kinds[kind["code"]] = kind
    if problems:
        raise KindsFileError(source, problems)
    return Catalogue(source=source, sections=sections, kinds=kinds)


def parse_file(path: str | Path) -> Catalogue:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KindsFileError(path.name, [_("berkas tidak dapat dibaca: %(error)s") % {"error": exc}]) from exc
    return parse_text(text, source=path.name)


def kinds_file() -> Path:
    return Path(getattr(settings, "LITMAS_KINDS_FILE", "") or DEFAULT_FILE)


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Catalogue:
    return parse_file(path)


def catalogue() -> Catalogue:
    """The catalogue in use (re-read when the file changes)."""
    path = kinds_file()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0  # parse_file reports the missing file
    return _cached(str(path), mtime)


def localized(data: dict, key: str) -> str:
    from bimkemas.assessments.scoring import localized as _localized

    return _localized(data, key)
