"""Penerimaan massal: import a whole handover list (serah terima) exported from the prisons' database.

The file (CSV or XLSX) is read and validated as a whole first. If any row is bad nothing is imported
and the result lists every bad row and column with the reason; otherwise every row is imported in one
transaction: the person is reused when the NIK is already known (a returning client) or created as
`person_create` would, and the case is opened as `case_receive` would, tied to a `HandoverImport`.

NIK/birth-date/sex mismatches are warnings only (a wrongly encoded NIK is never corrected).

Validation looks up regions, known NIKs and active cases in bulk (a few queries per file, not per row);
the import writes in bulk too (see the note above `handover_import`).
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bimkemas.audit.models import AuditEntry
from bimkemas.audit.services import audit_record, diff, snapshot
from bimkemas.cases.models import (
    ACTIVE_STATUSES,
    DEFAULT_GENERAL_CONDITIONS,
    Case,
    CaseEvent,
    ClientGroup,
    HandoverImport,
    OffenceCategory,
    Programme,
)
from bimkemas.cases.services import (
    CaseData,
    case_validate,
    first_contact_days,
    register_code,
    register_format,
    register_reserve,
)
from bimkemas.clients.models import Person, PersonAlias, PersonPhone, Religion, Sex
from bimkemas.clients.names import name_key
from bimkemas.clients.nik import nik_check
from bimkemas.clients.phones import phone_e164
from bimkemas.clients.services import PersonData, person_apply
from bimkemas.core.workdays import add_working_days
from bimkemas.org.models import User
from bimkemas.regions.models import Region

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = getattr(settings, "HANDOVER_IMPORT_MAX_ROWS", 20_000)
_CHUNK = 500  # keeps `IN (...)` lists well under every database's parameter limit


@dataclass(frozen=True)
class Column:
    key: str
    required: bool
    help: str  # lazy translation
    example: str


COLUMNS: list[Column] = [
    Column("nik", True, gettext_lazy("NIK 16 digit (di Excel simpan kolom ini sebagai teks)."), "3471011705900001"),
    Column("nama", True, gettext_lazy("Nama lengkap sesuai dokumen."), "Rudi Hartono"),
    Column("alias", False, gettext_lazy("Nama lain/panggilan, dipisah titik koma (;)."), "Rudi; Gondrong"),
    Column("jenis_kelamin", True, gettext_lazy("L atau P."), "L"),
    Column("tempat_lahir", False, gettext_lazy("Tempat lahir."), "Yogyakarta"),
    Column("tanggal_lahir", True, gettext_lazy("Tanggal lahir."), "1990-05-17"),
    Column("agama", False, gettext_lazy("Islam, Kristen, Katolik, Hindu, Buddha, Khonghucu atau Kepercayaan."), "Islam"),
    Column("nama_ibu", False, gettext_lazy("Nama ibu kandung."), "Sumiyati"),
    Column("alamat", False, gettext_lazy("Jalan, nomor, dusun/kampung."), "Jl. Magelang Km 2 No. 14"),
    Column("rt", False, gettext_lazy("RT, angka paling banyak 3 digit."), "004"),
    Column("rw", False, gettext_lazy("RW, angka paling banyak 3 digit."), "001"),
    Column("kode_desa", False, gettext_lazy("Kode kelurahan/desa Kemendagri, contoh 34.71.01.1001."), "34.71.01.1001"),
    Column("telepon", False, gettext_lazy("Nomor telepon klien; lebih dari satu dipisah titik koma (;)."), "081234567801"),
    Column("kelompok", True, gettext_lazy("dewasa/anak (atau D/A)."), "dewasa"),
    Column("program", True, gettext_lazy("PB, CB, CMB, Asimilasi, Asimilasi di rumah, CMK, Pidana bersyarat, Pidana pengawasan atau Diversi."), "PB"),
    Column("nomor_sk", True, gettext_lazy("Nomor SK program."), "PAS-1234.PK.01.04.06/2026"),
    Column("tanggal_sk", True, gettext_lazy("Tanggal SK."), "2026-11-02"),
    Column("asal_upt", False, gettext_lazy("Lapas/Rutan/LPKA asal."), "Lapas Kelas IIA Yogyakarta"),
    Column("pasal", False, gettext_lazy("Pasal yang dilanggar."), "Pasal 362 KUHP"),
    Column("kategori_pidana", False, gettext_lazy("Narkotika, Pencurian, Penganiayaan, Penipuan, Pembunuhan, Kesusilaan, Korupsi, Perjudian, Lalu lintas atau Lainnya."), "pencurian"),
    Column("lama_pidana_bulan", False, gettext_lazy("Lama pidana dalam bulan (angka)."), "24"),
    Column("tanggal_serah_terima", True, gettext_lazy("Tanggal serah terima dari Lapas/Rutan; tidak boleh sebelum tanggal SK."), "2026-11-09"),
    Column("awal_bimbingan", True, gettext_lazy("Awal masa bimbingan."), "2026-11-09"),
    Column("akhir_bimbingan", True, gettext_lazy("Akhir masa bimbingan; harus sesudah awal bimbingan."), "2027-11-08"),
    Column("syarat_khusus", False, gettext_lazy("Syarat khusus dari SK."), "Wajib lapor setiap Senin"),
    Column("nama_penjamin", False, gettext_lazy("Nama penjamin."), "Sumiyati"),
    Column("hubungan_penjamin", False, gettext_lazy("Hubungan penjamin dengan klien."), "Ibu kandung"),
    Column("telepon_penjamin", False, gettext_lazy("Nomor telepon penjamin."), "081234567802"),
    Column("alamat_penjamin", False, gettext_lazy("Alamat penjamin."), "Jl. Magelang Km 2 No. 14, Yogyakarta"),
]  # fmt: skip
COLUMN_KEYS = [c.key for c in COLUMNS]
REQUIRED = [c.key for c in COLUMNS if c.required]
DATE_COLUMNS = {"tanggal_lahir", "tanggal_sk", "tanggal_serah_terima", "awal_bimbingan", "akhir_bimbingan"}
MAX_LENGTHS = {
    "nama": 120, "alias": 120, "tempat_lahir": 80, "nama_ibu": 120, "alamat": 250, "nomor_sk": 100,
    "asal_upt": 150, "pasal": 150, "nama_penjamin": 120, "hubungan_penjamin": 60, "alamat_penjamin": 250,
}  # fmt: skip
# Which column a field error of the services belongs to.
_FIELD_COLUMNS = {
    "programme": "program", "client_group": "kelompok", "sk_number": "nomor_sk", "sk_date": "tanggal_sk",
    "handover_date": "tanggal_serah_terima", "period_start": "awal_bimbingan",
    "period_end": "akhir_bimbingan", "guarantor_phone": "telepon_penjamin", "name": "nama",
    "sex": "jenis_kelamin", "nik": "nik", "birth_date": "tanggal_lahir", "village": "kode_desa",
    "phones": "telepon", "rt": "rt", "rw": "rw", "person": "nik",
}  # fmt: skip


# --- results -------------------------------------------------------------------------------------


@dataclass
class Problem:
    """One finding: `row` is the row number as shown in the spreadsheet (the header is row 1)."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportedClient:
    row: int
    name: str
    register_number: str
    case_id: int
    returning: bool


@dataclass
class HandoverResult:
    filename: str
    rows: int = 0
    file_error: str = ""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    imported: list[ImportedClient] = field(default_factory=list)
    batch: HandoverImport | None = None

    @property
    def ok(self) -> bool:
        return self.batch is not None

    @property
    def error_rows(self) -> int:
        return len({p.row for p in self.errors})


class FileError(Exception):
    """The file as a whole cannot be used (format, size, no rows)."""


# --- reading -------------------------------------------------------------------------------------


Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | None


@dataclass
class Table:
    headers: list[str]  # normalised keys, in file order
    rows: list[tuple[int, list[Cell]]]  # (spreadsheet row number, cells)
    from_excel: bool


def header_key(raw: Cell) -> str:
    text = str(raw or "").strip().lstrip("\ufeff").lower()
    return re.sub(r"[\s\-/]+", "_", text).strip("_")


def read_table(filename: str, content: bytes) -> Table:
    """Rows of the first sheet (XLSX) or of the CSV, with their spreadsheet row numbers."""
    if len(content) > MAX_BYTES:
        raise FileError(_("Berkas lebih dari 10 MB. Bagi daftar menjadi beberapa berkas."))
    if not content.strip():
        raise FileError(_("Berkas kosong."))
    lower = filename.lower()
    if lower.endswith(".xls") or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileError(_("Format .xls (Excel lama) tidak didukung. Simpan sebagai .xlsx atau CSV UTF-8."))
    if lower.endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        raw_rows = _xlsx_rows(content)
        from_excel = True
    elif lower.endswith((".csv", ".txt")) or "." not in lower:
        raw_rows = _csv_rows(content)
        from_excel = False
    else:
        raise FileError(_("Berkas harus berformat CSV atau XLSX."))

    headers: list[str] | None = None
    rows: list[tuple[int, list[Cell]]] = []
    for number, cells in raw_rows:
        if all(_is_blank(c) for c in cells):
            continue
        if headers is None:
            headers = [header_key(c) for c in cells]
            while headers and not headers[-1]:
                headers.pop()
            continue
        rows.append((number, list(cells)))
        if len(rows) > MAX_ROWS:
            raise FileError(
                _("Berkas berisi lebih dari %(max)d baris. Bagi daftar menjadi beberapa berkas.")
                % {"max": MAX_ROWS}
            )
    if headers is None:
        raise FileError(_("Berkas tidak berisi baris judul kolom maupun data."))
    if not rows:
        raise FileError(_("Berkas tidak berisi baris data (hanya judul kolom)."))
    return Table(headers=headers, rows=rows, from_excel=from_excel)


def _is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _csv_rows(content: bytes) -> Iterable[tuple[int, list[Cell]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(
            _('Berkas CSV harus berenkode UTF-8. Di Excel pilih Simpan Sebagai → "CSV UTF-8".')
        ) from exc
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count) if first else ","
    if first.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(number, list(cells)) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise FileError(_("Berkas CSV tidak dapat dibaca: %(error)s") % {"error": exc}) from exc


def _xlsx_rows(content: bytes) -> Iterable[tuple[int, list[Cell]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any corrupt/foreign zip lands here
        raise FileError(
            _("Berkas XLSX tidak dapat dibaca. Pastikan berkas Excel (.xlsx) yang benar.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, list(cells)))
            if len(rows) > MAX_ROWS + 1000:  # blank rows included; the real count is checked by the caller
                break
        return rows
    finally:
        workbook.close()


# --- value parsing -------------------------------------------------------------------------------


def text(cell: Cell) -> str:
    """A cell as the text a user sees (Excel numbers without a trailing .0, dates as YYYY-MM-DD)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time(0) else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return " ".join(str(cell).split())


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y")


def parse_date(cell: Cell, *, from_excel: bool = False) -> dt.date:
    """YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, real Excel date cells (and Excel serial numbers)."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if from_excel and isinstance(cell, int | float) and not isinstance(cell, bool) and 1 <= cell < 100_000:
        from openpyxl.utils.datetime import from_excel as excel_date

        return excel_date(cell).date()
    raw = text(cell)
    raw = re.split(r"[ T]", raw, maxsplit=1)[0]  # "2026-01-05 00:00:00" from database exports
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(raw)


def _norm(value: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", str(value)).lower().split())


def _choice_map(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Codes and labels (in Indonesian and in the active language), with and without "(CODE)"."""
    mapping: dict[str, str] = {}
    labels = []
    with translation.override("id"):
        labels += [(value, str(label)) for value, label in choices.choices]
    labels += [(value, str(label)) for value, label in choices.choices]
    for value, label in labels:
        mapping[_norm(value)] = value
        for variant in (label, re.sub(r"\s*\(.*\)\s*$", "", label), *label.split("/")):
            if variant.strip():
                mapping[_norm(variant)] = value
        paren = re.search(r"\(([^)]+)\)\s*$", label)
        if paren:
            mapping[_norm(paren.group(1))] = value
    for key, value in (extra or {}).items():
        mapping[_norm(key)] = value
    return mapping


def _lookups() -> dict[str, dict[str, str]]:
    return {
        "program": _choice_map(
            Programme,
            {
                "asimilasi rumah": Programme.ASIMILASI_RUMAH,
                "pembebasan bersyarat": Programme.PB,
                "cuti bersyarat": Programme.CB,
                "cuti menjelang bebas": Programme.CMB,
                "cuti mengunjungi keluarga": Programme.CMK,
            },  # fmt: skip
        ),
        "kelompok": _choice_map(ClientGroup, {"anak": ClientGroup.CHILD, "dewasa": ClientGroup.ADULT}),
        "jenis_kelamin": _choice_map(
            Sex, {"laki laki": "L", "lk": "L", "pria": "L", "pr": "P", "wanita": "P", "perempuan": "P"}
        ),
        "agama": _choice_map(
            Religion,
            {
                "protestan": "kristen",
                "katholik": "katolik",
                "konghucu": "konghucu",
                "khonghucu": "konghucu",
                "kong hu cu": "konghucu",
                "budha": "buddha",
                "budda": "buddha",
                "kepercayaan": "kepercayaan",
            },
        ),  # fmt: skip
        "kategori_pidana": _choice_map(
            OffenceCategory,
            {
                "narkoba": "narkotika",
                "kesusilaan": "asusila",
                "perlindungan anak": "asusila",
                "penggelapan": "penipuan",
                "lalu lintas": "lalu_lintas",
                "lain lain": "lainnya",
            },
        ),  # fmt: skip
    }


def village_code(raw: str) -> str:
    """'3471011001' or '34.71.01.1001' → '34.71.01.1001'."""
    compact = raw.replace(" ", "")
    digits = compact.replace(".", "")
    if digits.isdigit() and len(digits) == 10:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return compact


# --- validation ----------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    row: int
    nik: str
    person: PersonData
    case: CaseData
    nik_warnings: list[str] = field(default_factory=list)  # kept on the person, as person_create does


@dataclass
class _RowParser:
    """Parses and checks one row's cells; collects errors and warnings with their columns."""

    number: int
    values: dict[str, Cell]
    from_excel: bool
    lookups: dict[str, dict[str, str]]
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def raw(self, key: str) -> str:
        return text(self.values.get(key))

    def error(self, key: str, reason: str, value: str | None = None) -> None:
        self.errors.append(Problem(self.number, key, self.raw(key) if value is None else value, reason))

    def warn(self, key: str, reason: str) -> None:
        self.warnings.append(Problem(self.number, key, self.raw(key), reason))

    def string(self, key: str) -> str:
        value = self.raw(key)
        limit = MAX_LENGTHS.get(key)
        if limit and len(value) > limit:
            self.error(
                key, _("Paling banyak %(n)d karakter (terisi %(len)d).") % {"n": limit, "len": len(value)}
            )
        return value

    def choice(self, key: str, allowed: str) -> str:
        value = self.raw(key)
        if not value:
            return ""
        found = self.lookups[key].get(_norm(value))
        if found is None:
            self.error(key, _("Nilai tidak dikenal. Isi salah satu: %(allowed)s.") % {"allowed": allowed})
            return ""
        return found

    def date(self, key: str) -> dt.date | None:
        cell = self.values.get(key)
        if _is_blank(cell):
            return None
        try:
            return parse_date(cell, from_excel=self.from_excel)
        except (ValueError, OverflowError):
            self.error(
                key,
                _(
                    "Tanggal tidak dapat dibaca atau tidak ada di kalender; gunakan YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY."
                ),
            )
            return None

    def phones(self, key: str) -> list[str]:
        found = []
        for part in self.raw(key).split(";"):
            if not part.strip():
                continue
            try:
                found.append(phone_e164(part))
            except ValidationError as exc:
                self.error(key, exc.messages[0])
        return found


def _parse_row(p: _RowParser) -> ParsedRow:
    for key in REQUIRED:
        if _is_blank(p.values.get(key)):
            p.error(key, _("Wajib diisi."))
    missing = {e.column for e in p.errors}

    # Person
    name = p.string("nama")
    sex = p.choice("jenis_kelamin", "L, P")
    birth_date = p.date("tanggal_lahir")
    if birth_date and birth_date > timezone.localdate():
        p.error("tanggal_lahir", _("Tanggal lahir tidak boleh di masa depan."))
    nik = ""
    nik_warnings: list[str] = []
    if "nik" not in missing:
        check = nik_check(p.raw("nik"), birth_date=birth_date, sex=sex or None)
        nik = check.nik if check.valid else ""
        for message in check.errors:
            if p.from_excel and isinstance(p.values.get("nik"), int | float):
                message = f"{message} " + _(
                    "Di Excel, format kolom NIK sebagai Teks agar digit tidak berubah."
                )
            p.error("nik", message)
        nik_warnings = check.warnings
        for message in check.warnings:
            p.warn("nik", message)
    aliases = [a.strip() for a in p.raw("alias").split(";") if a.strip()]
    for alias in aliases:
        if len(alias) > 120:
            p.error("alias", _("Alias paling banyak 120 karakter."))
    religion = p.choice("agama", "Islam, Kristen, Katolik, Hindu, Buddha, Khonghucu, Kepercayaan")
    rt_rw = {}
    for key in ("rt", "rw"):
        value = p.raw(key)
        if value and (not value.isdigit() or len(value) > 3):
            p.error(key, _("%(label)s harus angka, paling banyak 3 digit.") % {"label": key.upper()})
        rt_rw[key] = value
    village = village_code(p.raw("kode_desa")) if p.raw("kode_desa") else None
    person = PersonData(
        name=name, sex=sex, nik=nik or None, birth_place=p.string("tempat_lahir"), birth_date=birth_date,
        religion=religion, mother_name=p.string("nama_ibu"), village_id=village,
        address=p.string("alamat"), rt=rt_rw["rt"], rw=rt_rw["rw"], aliases=aliases,
        phones=p.phones("telepon"),
    )  # fmt: skip

    # Case
    months = None
    if p.raw("lama_pidana_bulan"):
        try:
            months = int(float(p.raw("lama_pidana_bulan").replace(",", ".")))
            if months < 0 or months > 1200:
                raise ValueError
        except ValueError:
            p.error("lama_pidana_bulan", _("Isi lama pidana dalam bulan, angka 0–1200."))
            months = None
    dates = {
        key: p.date(key)
        for key in ("tanggal_sk", "tanggal_serah_terima", "awal_bimbingan", "akhir_bimbingan")
    }
    case = CaseData(
        programme=p.choice("program", "PB, CB, CMB, Asimilasi, Asimilasi di rumah, CMK, Pidana bersyarat, "
                                      "Pidana pengawasan, Diversi"),
        client_group=p.choice("kelompok", "dewasa, anak, D, A"),
        sk_number=p.string("nomor_sk"),
        sk_date=dates["tanggal_sk"],
        handover_date=dates["tanggal_serah_terima"],
        period_start=dates["awal_bimbingan"],
        period_end=dates["akhir_bimbingan"],
        origin_institution=p.string("asal_upt"),
        offence_article=p.string("pasal"),
        offence_category=p.choice("kategori_pidana", "narkotika, pencurian, penganiayaan, penipuan, "
                                                     "pembunuhan, kesusilaan, korupsi, perjudian, lalu lintas, lainnya"),
        sentence_months=months,
        special_conditions=p.raw("syarat_khusus"),
        guarantor_name=p.string("nama_penjamin"),
        guarantor_relation=p.string("hubungan_penjamin"),
        guarantor_phone=p.raw("telepon_penjamin"),
        guarantor_address=p.string("alamat_penjamin"),
    )  # fmt: skip
    # The case rules of the service (period, SK/handover order, guarantor phone), once the values parse.
    bad = {e.column for e in p.errors}
    for field_name, messages in case_validate(case).items():
        column = _FIELD_COLUMNS.get(field_name, field_name)
        if column in bad:
            continue  # already reported (blank or unreadable)
        for message in messages:
            p.error(column, message)
    # Rows with errors are kept too: their NIK and village code still get the file-wide checks.
    return ParsedRow(row=p.number, nik=nik, person=person, case=case, nik_warnings=nik_warnings)


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


@dataclass
class Validation:
    rows: list[ParsedRow]  # imported only when `errors` is empty
    errors: list[Problem]
    warnings: list[Problem]
    count: int


def handover_validate(table: Table) -> Validation:
    """Check every row; cross-row and database checks run in bulk."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    headers = table.headers
    seen: dict[str, int] = {}
    for position, key in enumerate(headers):
        if key and key in seen:
            errors.append(
                Problem(1, key, key, _("Judul kolom ganda (juga kolom ke-%(n)d).") % {"n": seen[key] + 1})
            )
        seen.setdefault(key, position)
    for key in REQUIRED:
        if key not in seen:
            errors.append(Problem(1, key, "", _("Kolom wajib tidak ada di baris judul.")))
    unknown = [h for h in headers if h and h not in COLUMN_KEYS and h not in ("no", "nomor")]
    for key in unknown:
        warnings.append(Problem(1, key, key, _("Kolom tidak dikenal; isinya diabaikan.")))
    if errors:  # the rows cannot be read reliably without the right header
        return Validation([], errors, warnings, len(table.rows))

    lookups = _lookups()
    parsed: list[ParsedRow] = []
    for number, cells in table.rows:
        extra = [c for c in cells[len(headers) :] if not _is_blank(c)]
        parser = _RowParser(
            number=number,
            values={key: cells[i] if i < len(cells) else None for i, key in enumerate(headers) if key},
            from_excel=table.from_excel,
            lookups=lookups,
        )
        if extra:
            parser.error(
                "",
                _("Baris ini berisi lebih banyak kolom daripada baris judul (mungkin ada koma/titik koma di "
                  "dalam isian tanpa tanda kutip)."),
                value=text(extra[0]),
            )  # fmt: skip
        parsed.append(_parse_row(parser))
        errors += parser.errors
        warnings += parser.warnings

    # Village codes: one query per chunk of distinct codes.
    codes = sorted({r.person.village_id for r in parsed if r.person.village_id})
    known_codes: set[str] = set()
    for chunk in _chunks(codes):
        known_codes.update(
            Region.objects.filter(code__in=chunk, level=Region.Level.VILLAGE).values_list("code", flat=True)
        )
    # Duplicate NIKs in the file.
    first_row: dict[str, int] = {}
    for r in parsed:
        if not r.nik:  # blank or malformed: already reported
            continue
        if r.nik in first_row:
            errors.append(
                Problem(
                    r.row,
                    "nik",
                    r.nik,
                    _("NIK sama dengan baris %(row)d di berkas ini.") % {"row": first_row[r.nik]},
                )
            )
        else:
            first_row[r.nik] = r.row
    # Known persons and their active cases (any Bapas).
    existing, active = _known_persons(list(first_row))
    for r in parsed:
        if r.person.village_id and r.person.village_id not in known_codes:
            errors.append(
                Problem(r.row, "kode_desa", r.person.village_id,
                        _("Kode kelurahan/desa %(code)s tidak dikenal (lihat data wilayah Kemendagri).")
                        % {"code": r.person.village_id})
            )  # fmt: skip
        if not r.nik:
            continue
        if r.nik in active:
            errors.append(_active_problem(r, active[r.nik]))
        elif r.nik in existing:
            note = _(
                "Klien lama: NIK sudah terdaftar; data identitas yang tersimpan dipakai, bukan isian berkas."
            )
            if existing[r.nik].name_key != name_key(r.person.name):
                note += " " + _("Nama yang tersimpan berbeda dengan nama di berkas; periksa kembali.")
            warnings.append(Problem(r.row, "nik", r.nik, note))
    order = {key: i for i, key in enumerate(COLUMN_KEYS)}
    errors.sort(key=lambda e: (e.row, order.get(e.column, -1)))
    warnings.sort(key=lambda e: (e.row, order.get(e.column, -1)))
    return Validation(parsed, errors, warnings, len(table.rows))


# --- import --------------------------------------------------------------------------------------
#
# Receiving 5,000 clients one by one through `person_create` + `case_receive` costs ~20 queries a row
# (~55 s on SQLite, ~50 s on PostgreSQL on our machines), far over the 30 s target. So the import
# writes the very same rows in bulk, built with the services' own helpers (`person_apply`, `register_code`,
# `first_contact_days`, the audit snapshot/diff): Person, PersonAlias, PersonPhone, Case, CaseEvent
# and AuditEntry rows identical to what the services write. `test_bulk_import_writes_what_the_services_write`
# compares both paths table by table, so a change to `case_receive`/`person_create` that is not
# mirrored here fails a test.


class _ImportAborted(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


def handover_import(*, actor: User, filename: str, content: bytes) -> HandoverResult:
    """Validate the whole file; import every row in one transaction only when no row is bad."""
    if not actor.is_bapas_lead or actor.bapas is None:
        raise PermissionDenied(_("Hanya Kasi, Kasubsi atau Kepala Bapas yang dapat mengimpor serah terima."))
    result = HandoverResult(filename=filename)
    try:
        table = read_table(filename, content)
    except FileError as exc:
        result.file_error = str(exc)
        return result
    checked = handover_validate(table)
    result.rows = checked.count
    result.errors, result.warnings = checked.errors, checked.warnings
    if checked.errors:
        return result
    try:
        result.batch, result.imported = _import_rows(actor=actor, filename=filename, rows=checked.rows)
    except _ImportAborted as aborted:  # changed between validation and import: nothing was kept
        result.errors = aborted.problems
    except IntegrityError:
        result.file_error = _("Data berubah saat impor berlangsung (mungkin diimpor bersamaan). Coba lagi.")
    return result


@transaction.atomic
def _import_rows(
    *, actor: User, filename: str, rows: list[ParsedRow]
) -> tuple[HandoverImport, list[ImportedClient]]:
    bapas = actor.bapas
    # Checked again inside the transaction: someone may have received one of these persons meanwhile.
    existing, active = _known_persons([r.nik for r in rows])
    late = [_active_problem(r, active[r.nik]) for r in rows if r.nik in active]
    if late:
        raise _ImportAborted(late)
    batch = HandoverImport.objects.create(
        bapas=bapas, uploaded_by=actor, filename=filename[:200], rows=len(rows)
    )
    persons = _create_persons(actor=actor, rows=[r for r in rows if r.nik not in existing])
    persons.update(existing)
    cases = _receive_cases(actor=actor, bapas=bapas, rows=rows, persons=persons, batch=batch)
    audit_record(
        actor=actor,
        action="create",
        obj=batch,
        changes={"filename": [None, batch.filename], "rows": [None, batch.rows]},
        context="handover_import",
    )
    imported = [
        ImportedClient(r.row, persons[r.nik].name, case.register_number, case.id, r.nik in existing)
        for r, case in zip(rows, cases, strict=True)
    ]
    return batch, imported


def _active_problem(r: ParsedRow, active: tuple[str, str]) -> Problem:
    return Problem(
        r.row, "nik", r.nik,
        _("Orang dengan NIK ini masih memiliki kasus aktif (%(reg)s, %(bapas)s).") % {"reg": active[0], "bapas": active[1]},
    )  # fmt: skip


def _known_persons(niks: list[str]) -> tuple[dict[str, Person], dict[str, tuple[str, str]]]:
    """Persons already known by NIK, and the active case (register number, Bapas) of any of them."""
    existing: dict[str, Person] = {}
    active: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(niks):
        existing.update({p.nik: p for p in Person.objects.filter(nik__in=chunk)})
        for nik, reg, bapas in (
            Case.objects.filter(person__nik__in=chunk, status__in=ACTIVE_STATUSES)
            .values_list("person__nik", "register_number", "bapas__name")
            .order_by("id")
        ):
            active.setdefault(nik, (reg, bapas))
    return existing, active


def _saved(model, objs: list) -> list:
    """bulk_create that guarantees primary keys (RETURNING on PostgreSQL and SQLite ≥ 3.35)."""
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objs, batch_size=_CHUNK)
    else:  # pragma: no cover - old SQLite
        for obj in objs:
            obj.save(force_insert=True)
    return objs


def _audit(actor: User, objs: list, context: str) -> None:
    """One `audit_record(action="create")` entry per object, written in bulk."""
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(actor=actor, action="create", object_type=obj._meta.model_name, object_id=obj.pk,
                       changes=diff({}, snapshot(obj)), context=context)
            for obj in objs
        ],
        batch_size=_CHUNK,
    )  # fmt: skip


def _create_persons(*, actor: User, rows: list[ParsedRow]) -> dict[str, Person]:
    """What `person_create` does, for many persons (already validated)."""
    persons = []
    for r in rows:
        person = Person()
        person_apply(person, r.person)
        person.nik_warnings = r.nik_warnings
        persons.append(person)
    _saved(Person, persons)
    aliases, phones = [], []
    for r, person in zip(rows, persons, strict=True):
        aliases += [
            PersonAlias(person=person, name=a.strip(), name_key=name_key(a))
            for a in r.person.aliases
            if a.strip()
        ]
        phones += [
            PersonPhone(person=person, number=phone_e164(p))
            for p in dict.fromkeys(r.person.phones)
            if p.strip()
        ]
    PersonAlias.objects.bulk_create(aliases, batch_size=_CHUNK)
    PersonPhone.objects.bulk_create(phones, batch_size=_CHUNK)
    _audit(actor, persons, "person_create")
    return {p.nik: p for p in persons}


def _register_numbers(*, bapas, rows: list[ParsedRow]) -> list[str]:
    """What `register_next_number` does, for many cases: one locked counter update per register."""
    wanted: dict[tuple[str, int], int] = {}
    for r in rows:
        key = (register_code(r.case.programme, r.case.client_group), r.case.handover_date.year)
        wanted[key] = wanted.get(key, 0) + 1
    first = {
        (register, year): register_reserve(bapas=bapas, register=register, year=year, count=count)
        for (register, year), count in sorted(wanted.items())
    }
    numbers = []
    for r in rows:
        register, year = register_code(r.case.programme, r.case.client_group), r.case.handover_date.year
        number = first[(register, year)]
        first[(register, year)] += 1
        numbers.append(register_format(bapas=bapas, register=register, number=number, year=year))
    return numbers


def _receive_cases(
    *, actor: User, bapas, rows: list[ParsedRow], persons: dict[str, Person], batch
) -> list[Case]:
    """What `case_receive` does, for many cases (already validated)."""
    days = first_contact_days()
    general = str(DEFAULT_GENERAL_CONDITIONS)
    cases = []
    for r, number in zip(rows, _register_numbers(bapas=bapas, rows=rows), strict=True):
        case = Case(
            person=persons[r.nik], bapas=bapas, programme=r.case.programme, client_group=r.case.client_group,
            register_number=number, first_contact_due=add_working_days(r.case.handover_date, days),
            import_batch=batch,
        )  # fmt: skip
        for name, value in r.case.__dict__.items():
            if name not in ("programme", "client_group"):
                setattr(case, name, value)
        if not case.general_conditions:
            case.general_conditions = general
        cases.append(case)
    _saved(Case, cases)
    now = timezone.now()
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, code=CaseEvent.Code.RECEIVED, actor=actor, at=now,
                      payload={"register_number": case.register_number, "origin": case.origin_institution,
                               "first_contact_due": case.first_contact_due.isoformat()})
            for case in cases
        ],
        batch_size=_CHUNK,
    )  # fmt: skip
    _audit(actor, cases, "case_receive")
    from bimkemas.contacts.services import obligations_ensure_many  # contacts builds on cases

    obligations_ensure_many(cases=cases, today=timezone.localdate())
    return cases


def sample_csv() -> str:
    """The sample handover list offered for download (also kept as docs/samples/serah_terima_contoh.csv)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMN_KEYS)
    writer.writerows(SAMPLE_ROWS)
    return out.getvalue()


SAMPLE_ROWS = [
    ["3471011705900003", "Rudi Hartono", "Rudi; Gondrong", "L", "Yogyakarta", "1990-05-17", "Islam", "Sumiyati",
     "Jl. Magelang Km 2 No. 14", "004", "001", "34.71.01.1001", "081234567801", "dewasa", "PB",
     "PAS-1043.PK.05.09/2026", "2026-11-02", "Lapas Kelas IIA Yogyakarta", "Pasal 362 KUHP", "pencurian", "30",
     "2026-11-09", "2026-11-09", "2027-11-08", "Wajib lapor setiap Senin pertama", "Sumiyati", "Ibu kandung",
     "081234567802", "Jl. Magelang Km 2 No. 14, Kricak, Yogyakarta"],
    ["3404015203880007", "Siti Aminah binti Suparno", "", "P", "Sleman", "12/03/1988", "Islam", "Tukinah",
     "Dusun Gamping Kidul", "002", "009", "34.04.01.2002", "085729001234", "dewasa", "Asimilasi di rumah",
     "PAS-2231.PK.05.09/2026", "2026-11-03", "Lapas Perempuan Kelas IIB Yogyakarta", "Pasal 378 KUHP",
     "penipuan", "18", "2026-11-10", "2026-11-10", "2027-05-09", "", "Suparno", "Ayah kandung", "081328445566",
     "Dusun Gamping Kidul RT 002/RW 009, Ambarketawang, Gamping, Sleman"],
    ["3402012408950002", "Agus Setiawan", "Gepeng", "L", "Bantul", "24-08-1995", "Katolik", "Maria Sulastri",
     "Dusun Kalipakem", "003", "", "34.02.01.2001", "", "dewasa", "CB", "PAS-2290.PK.05.09/2026",
     "2026-11-03", "Rutan Kelas IIA Yogyakarta", "Pasal 351 ayat (1) KUHP", "penganiayaan", "10", "2026-11-10",
     "2026-11-10", "2027-03-09", "", "Maria Sulastri", "Ibu kandung", "081802334455",
     "Dusun Kalipakem, Poncosari, Srandakan, Bantul"],
    ["3403010101780005", "Sugiyono", "", "L", "Gunungkidul", "1978-01-01", "Islam", "Painem", "Jl. Baron No. 7",
     "001", "004", "34.03.01.2001", "087738900112", "dewasa", "CMB", "PAS-2301.PK.05.09/2026", "2026-11-04",
     "Lapas Kelas IIB Wonosari", "Pasal 114 ayat (1) UU 35/2009", "narkotika", "48", "2026-11-11",
     "2026-11-11", "2027-02-10", "Mengikuti konseling adiksi", "Sri Wahyuni", "Istri", "087738900113",
     "Jl. Baron No. 7, Wonosari, Gunungkidul"],
    ["3471020906090004", "Bagas Pratama", "", "L", "Yogyakarta", "2009-06-09", "Islam", "Rina Kusumawati",
     "Jl. AM Sangaji No. 30", "012", "003", "34.71.02.1001", "", "anak", "Asimilasi", "PAS-2315.PK.05.09/2026",
     "2026-11-04", "LPKA Kelas II Yogyakarta", "Pasal 363 KUHP", "pencurian", "12", "2026-11-11", "2026-11-11",
     "2027-05-10", "Melanjutkan sekolah", "Rina Kusumawati", "Ibu kandung", "081392556677",
     "Jl. AM Sangaji No. 30, Jetis, Yogyakarta"],
]  # fmt: skip
