"""Instrument files: parse (TOML), validate and normalise into the definition stored in the database.

Pure functions, no database: the loader service, the management command and the data migration all
use them. Every problem found is reported (not only the first), each naming the file, the place
(section, item, option, band) and the field. The format is described in instruments/README.md.
"""

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bimkemas.core.datafile import DataFileError

FORMAT = 1
SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"

KINDS = ("risk", "needs")
SECTION_KINDS = {"risk": ("static", "dynamic"), "needs": ("domain",)}

# The guidance fields (bidang pembimbingan) a needs domain maps to; the staged plan uses the same codes.
GUIDANCE_FIELDS = (
    ("kepribadian", gettext_lazy("Kepribadian")),
    ("kemandirian", gettext_lazy("Kemandirian")),
    ("hukum", gettext_lazy("Hukum")),
    ("kemasyarakatan", gettext_lazy("Kemasyarakatan")),
    ("rehabilitasi", gettext_lazy("Rehabilitasi")),
    ("konseling", gettext_lazy("Konseling")),
)
GUIDANCE_FIELD_LABELS = dict(GUIDANCE_FIELDS)

_TOP_KEYS = {
    "format", "code", "version", "kind", "name", "name_en", "stand_in", "notice", "notice_en",
    "description", "description_en", "option_sets", "bands", "sections",
}  # fmt: skip
_SECTION_KEYS = {
    "code", "kind", "title", "title_en", "description", "description_en", "guidance_fields", "bands", "items",
}  # fmt: skip
_ITEM_KEYS = {"code", "text", "text_en", "help", "help_en", "options"}
_OPTION_KEYS = {"value", "label", "label_en", "score"}
_BAND_KEYS = {"code", "label", "label_en", "min"}


class InstrumentFileError(DataFileError):
    head = gettext_lazy("Berkas instrumen %(file)s tidak valid (%(n)d masalah):")


@dataclass(frozen=True)
class ParsedInstrument:
    source: str  # file name, for messages and the database row
    checksum: str  # sha256 of the file's bytes
    definition: dict  # normalised (see `validate`)

    @property
    def code(self) -> str:
        return self.definition["code"]

    @property
    def version(self) -> str:
        return self.definition["version"]


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_file(path: str | Path) -> ParsedInstrument:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InstrumentFileError(
            str(path), [_("berkas tidak dapat dibaca: %(err)s") % {"err": exc.strerror}]
        ) from exc
    return parse_bytes(data, source=str(path))


def parse_bytes(data: bytes, *, source: str) -> ParsedInstrument:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InstrumentFileError(
            source, [_("berkas bukan teks UTF-8 (bita ke-%(pos)d)") % {"pos": exc.start}]
        ) from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InstrumentFileError(source, [_("sintaks TOML salah: %(err)s") % {"err": exc}]) from exc
    return ParsedInstrument(
        source=source, checksum=checksum_of(data), definition=validate(raw, source=source)
    )


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.toml"))


# --- validation ---------------------------------------------------------------------------------


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def unknown_keys(self, where: str, data: dict, allowed: set[str]) -> None:
        for key in sorted(set(data) - allowed):
            self.add(where, _("bidang %(field)r tidak dikenal (salah ketik?)") % {"field": key})

    def text(self, where: str, data: dict, key: str, *, required: bool = True, max_len: int = 2000) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.add(where, _("bidang %(field)r wajib diisi") % {"field": key})
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(where, _("bidang %(field)r harus berupa teks yang tidak kosong") % {"field": key})
            return ""
        if len(value) > max_len:
            self.add(
                where,
                _("bidang %(field)r terlalu panjang (maksimum %(max)d karakter)")
                % {"field": key, "max": max_len},
            )
        return value.strip()

    def code(self, where: str, data: dict, key: str = "code", max_len: int = 40) -> str:
        value = self.text(where, data, key, max_len=max_len)
        if value and not all(ch.isalnum() or ch in "-_.+<>" for ch in value):
            self.add(
                where,
                _("bidang %(field)r hanya boleh berisi huruf, angka dan - _ . + < > (ditemukan %(value)r)")
                % {"field": key, "value": value},
            )
        return value

    def integer(self, where: str, data: dict, key: str) -> int | None:
        value = data.get(key)
        if value is None:
            self.add(where, _("bidang %(field)r wajib diisi") % {"field": key})
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.add(
                where,
                _("bidang %(field)r harus bilangan bulat ≥ 0 (ditemukan %(value)r)")
                % {"field": key, "value": value},
            )
            return None
        return value

    def table_list(self, where: str, data: dict, key: str, *, required: bool = True) -> list[dict]:
        value = data.get(key)
        if value is None:
            if required:
                self.add(where, _("bidang %(field)r wajib diisi") % {"field": key})
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.add(where, _("bidang %(field)r harus berupa daftar tabel") % {"field": key})
            return []
        if required and not value:
            self.add(where, _("bidang %(field)r tidak boleh kosong") % {"field": key})
        return value


def _place(parent: str, name: str, index: int, code: object = None) -> str:
    label = f"{name}[{index + 1}]"
    if isinstance(code, str) and code:
        label += f' "{code}"'
    return f"{parent} › {label}" if parent else label


def _options(ck: _Checker, where: str, raw: list[dict]) -> list[dict]:
    options, seen = [], set()
    for i, opt in enumerate(raw):
        at = _place(where, "options", i, opt.get("value"))
        ck.unknown_keys(at, opt, _OPTION_KEYS)
        value = opt.get("value")
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            ck.add(at, _("bidang 'value' wajib diisi (teks)"))
            value = ""
        elif value in seen:
            ck.add(at, _("nilai %(value)r dipakai dua kali dalam butir ini") % {"value": value})
        seen.add(value)
        options.append({
            "value": value.strip(),
            "label": ck.text(at, opt, "label", max_len=300),
            "label_en": ck.text(at, opt, "label_en", required=False, max_len=300),
            "score": ck.integer(at, opt, "score") or 0,
        })  # fmt: skip
    return options


def _bands(ck: _Checker, where: str, raw: list[dict], max_score: int, what: str) -> list[dict]:
    bands, codes = [], set()
    for i, band in enumerate(raw):
        at = _place(where, "bands", i, band.get("code"))
        ck.unknown_keys(at, band, _BAND_KEYS)
        code = ck.code(at, band)
        if code in codes:
            ck.add(at, _("kode tingkat %(code)r dipakai dua kali") % {"code": code})
        codes.add(code)
        minimum = ck.integer(at, band, "min")
        if minimum is not None:
            if i == 0 and minimum != 0:
                ck.add(
                    at,
                    _("tingkat pertama harus mulai dari 'min' = 0 (ditemukan %(value)d)")
                    % {"value": minimum},
                )
            if bands and bands[-1]["min"] is not None and minimum <= bands[-1]["min"]:
                ck.add(
                    at,
                    _("batas 'min' harus lebih besar dari batas tingkat sebelumnya (%(prev)d)")
                    % {"prev": bands[-1]["min"]},
                )
            if minimum > max_score:
                ck.add(
                    at,
                    _(
                        "batas 'min' %(value)d melebihi skor maksimum %(what)s (%(max)d): tingkat ini tak pernah tercapai"
                    )
                    % {"value": minimum, "what": what, "max": max_score},
                )
        bands.append({"code": code, "label": ck.text(at, band, "label", max_len=60),
                      "label_en": ck.text(at, band, "label_en", required=False, max_len=60), "min": minimum})  # fmt: skip
    if raw and len(raw) < 2:
        ck.add(where, _("'bands' memerlukan sedikitnya dua tingkat"))
    return bands


def validate(raw: dict, *, source: str) -> dict:
    """Check a parsed file and return the normalised definition; raise InstrumentFileError otherwise."""
    ck = _Checker()
    ck.unknown_keys("", raw, _TOP_KEYS)
    if raw.get("format") != FORMAT:
        ck.add(
            "",
            _("bidang 'format' harus %(want)d (ditemukan %(got)r)")
            % {"want": FORMAT, "got": raw.get("format")},
        )
    kind = raw.get("kind")
    if kind not in KINDS:
        ck.add(
            "",
            _("bidang 'kind' harus salah satu dari %(allowed)s (ditemukan %(got)r)")
            % {"allowed": ", ".join(KINDS), "got": kind},
        )
    stand_in = raw.get("stand_in", False)
    if not isinstance(stand_in, bool):
        ck.add("", _("bidang 'stand_in' harus true atau false"))
        stand_in = True
    definition = {
        "format": FORMAT,
        "code": ck.code("", raw, "code"),
        "version": ck.code("", raw, "version"),
        "kind": kind,
        "name": ck.text("", raw, "name", max_len=200),
        "name_en": ck.text("", raw, "name_en", required=False, max_len=200),
        "stand_in": stand_in,
        "notice": ck.text("", raw, "notice", required=stand_in),
        "notice_en": ck.text("", raw, "notice_en", required=False),
        "description": ck.text("", raw, "description", required=False),
        "description_en": ck.text("", raw, "description_en", required=False),
    }

    option_sets: dict[str, list[dict]] = {}
    raw_sets = raw.get("option_sets", {})
    if not isinstance(raw_sets, dict):
        ck.add("", _("bidang 'option_sets' harus berupa tabel"))
        raw_sets = {}
    for name, opts in raw_sets.items():
        at = f"option_sets.{name}"
        if not isinstance(opts, list) or not opts or not all(isinstance(o, dict) for o in opts):
            ck.add(at, _("harus berupa daftar pilihan jawaban yang tidak kosong"))
            continue
        option_sets[name] = _options(ck, at, opts)

    sections, item_codes, section_codes = [], set(), set()
    for s, sec in enumerate(ck.table_list("", raw, "sections")):
        at = _place("", "sections", s, sec.get("code"))
        ck.unknown_keys(at, sec, _SECTION_KEYS)
        code = ck.code(at, sec)
        if code in section_codes:
            ck.add(at, _("kode bagian %(code)r dipakai dua kali") % {"code": code})
        section_codes.add(code)
        sec_kind = sec.get("kind")
        if kind in KINDS and sec_kind not in SECTION_KINDS[kind]:
            ck.add(
                at,
                _(
                    "bidang 'kind' bagian harus salah satu dari %(allowed)s untuk instrumen %(kind)s (ditemukan %(got)r)"
                )
                % {"allowed": ", ".join(SECTION_KINDS[kind]), "kind": kind, "got": sec_kind},
            )
        items = []
        for j, item in enumerate(ck.table_list(at, sec, "items")):
            iat = _place(at, "items", j, item.get("code"))
            ck.unknown_keys(iat, item, _ITEM_KEYS)
            icode = ck.code(iat, item)
            if icode in item_codes:
                ck.add(iat, _("kode butir %(code)r dipakai dua kali dalam instrumen") % {"code": icode})
            item_codes.add(icode)
            raw_opts = item.get("options")
            if isinstance(raw_opts, str):
                if raw_opts not in option_sets:
                    ck.add(
                        iat,
                        _(
                            "bidang 'options' merujuk kumpulan pilihan %(name)r yang tidak ada di [option_sets]"
                        )
                        % {"name": raw_opts},
                    )
                options = [dict(o) for o in option_sets.get(raw_opts, [])]
            elif (
                isinstance(raw_opts, list)
                and len(raw_opts) >= 2
                and all(isinstance(o, dict) for o in raw_opts)
            ):
                options = _options(ck, iat, raw_opts)
            else:
                ck.add(
                    iat,
                    _(
                        "bidang 'options' harus berupa daftar sedikitnya dua pilihan jawaban atau nama kumpulan di [option_sets]"
                    ),
                )
                options = []
            if options and len(options) < 2:
                ck.add(iat, _("butir memerlukan sedikitnya dua pilihan jawaban"))
            items.append({
                "code": icode,
                "text": ck.text(iat, item, "text", max_len=500),
                "text_en": ck.text(iat, item, "text_en", required=False, max_len=500),
                "help": ck.text(iat, item, "help", required=False),
                "help_en": ck.text(iat, item, "help_en", required=False),
                "options": options,
                "max_score": max((o["score"] for o in options), default=0),
            })  # fmt: skip
        section_max = sum(i["max_score"] for i in items)
        fields = sec.get("guidance_fields", [])
        if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
            ck.add(at, _("bidang 'guidance_fields' harus berupa daftar teks"))
            fields = []
        for f in fields:
            if f not in GUIDANCE_FIELD_LABELS:
                ck.add(
                    at,
                    _("bidang pembimbingan %(field)r tidak dikenal (pilih dari: %(allowed)s)")
                    % {"field": f, "allowed": ", ".join(GUIDANCE_FIELD_LABELS)},
                )
        if kind == "needs" and not fields:
            ck.add(
                at,
                _("ranah kebutuhan harus menyebut 'guidance_fields' (bidang pembimbingan yang menjawabnya)"),
            )
        raw_bands = ck.table_list(at, sec, "bands", required=kind == "needs")
        sections.append({
            "code": code,
            "kind": sec_kind,
            "title": ck.text(at, sec, "title", max_len=200),
            "title_en": ck.text(at, sec, "title_en", required=False, max_len=200),
            "description": ck.text(at, sec, "description", required=False),
            "description_en": ck.text(at, sec, "description_en", required=False),
            "guidance_fields": list(dict.fromkeys(fields)),
            "bands": _bands(ck, at, raw_bands, section_max, _("bagian ini")),
            "items": items,
            "max_score": section_max,
        })  # fmt: skip

    definition["sections"] = sections
    definition["max_score"] = sum(s["max_score"] for s in sections)
    definition["bands"] = _bands(
        ck, "", ck.table_list("", raw, "bands"), definition["max_score"], _("instrumen")
    )
    if ck.problems:
        raise InstrumentFileError(source, ck.problems)
    return definition
