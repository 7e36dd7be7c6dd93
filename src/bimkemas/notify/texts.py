"""Message templates in Bahasa Indonesia, keyed by code.

The message language is Indonesian whatever the reader's UI language: rendering runs under
`translation.override("id")`. Placeholders are `str.format` names filled from the caller's context;
dates and datetimes are formatted in the Bapas's time zone. SMS bodies aim at one 160-character part:
when a body is longer, long names are shortened (first two words) before giving up and sending a
multi-part SMS.
"""

import datetime as dt
import string
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SMS_LIMIT = 160


@dataclass(frozen=True)
class Text:
    label: Promise  # shown on the message log
    body: Promise
    subject: Promise | str = ""

    @property
    def fields(self) -> set[str]:
        with translation.override("id"):
            return {name for _lit, name, _spec, _conv in string.Formatter().parse(str(self.body)) if name} | {
                name for _lit, name, _spec, _conv in string.Formatter().parse(str(self.subject)) if name
            }


TEXTS: dict[str, Text] = {
    "reminder_before": Text(
        label=_("Pengingat wajib lapor"),
        body=_(
            "Yth. {name}, Anda wajib lapor ke Bapas paling lambat {date}. Lapor lewat aplikasi "
            "Bimkemas atau hubungi PK {pk} {pk_phone}."
        ),
    ),
    "reminder_missed": Text(
        label=_("Wajib lapor terlewat"),
        body=_(
            "Yth. {name}, wajib lapor Anda {date} belum tercatat. Segera lapor lewat aplikasi Bimkemas "
            "atau hubungi PK {pk} {pk_phone}."
        ),
    ),
    "checkin_more_requested": Text(
        label=_("Lapor diri perlu dilengkapi"),
        body=_(
            "Yth. {name}, PK {pk} meminta keterangan tambahan untuk lapor diri Anda {date}. Lengkapi di "
            "aplikasi Bimkemas sebelum {deadline}."
        ),
    ),
    "activity_reminder": Text(
        label=_("Pengingat kegiatan"),
        body=_(
            "Yth. {name}, ingat kegiatan {activity} {date} pukul {time} di {place}. Mohon hadir tepat waktu."
        ),
    ),
    "activity_changed": Text(
        label=_("Perubahan jadwal kegiatan"),
        body=_(
            "Yth. {name}, jadwal kegiatan {activity} berubah: {date} pukul {time} di {place}. Mohon hadir."
        ),
    ),
    "activity_cancelled": Text(
        label=_("Pembatalan kegiatan"),
        body=_(
            "Yth. {name}, kegiatan {activity} {date} pukul {time} dibatalkan ({text}). Anda tidak perlu datang."
        ),
    ),
    "activity_invitation": Text(
        label=_("Undangan bimbingan keliling"),
        body=_(
            "Yth. {name}, Anda diundang ke {activity} {date} pukul {time} di {place}. "
            "Berhalangan? Hubungi PK Anda."
        ),
    ),
    "staff_followup": Text(
        label=_("Tindak lanjut untuk petugas"),
        subject=_("Tindak lanjut wajib lapor: {name}"),
        body=_(
            "Yth. {staff},\n\nKlien {name} ({register}) tidak memenuhi wajib lapor yang jatuh tempo {date}. "
            "Tugas tindak lanjut menunggu Anda.\n\nBuka Bimkemas untuk menindaklanjuti: {link}\n"
        ),
    ),
    "staff_notice": Text(
        label=_("Pemberitahuan untuk petugas"),
        subject="{title}",  # the caller's own title, already Indonesian
        body=_("Yth. {staff},\n\n{text}\n\nBimkemas\n"),
    ),
}

# How an SMS that does not fit in one part is shortened, step by step: names to their first words,
# then long free texts (activity, place) cut with an ellipsis.
_NAMES = ("name", "pk", "staff")
_FREE_TEXTS = ("activity", "place")
_SHORTEN_STEPS = ((2, None), (2, 28), (1, 20))


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def _format_value(value, tz: ZoneInfo) -> str:
    if isinstance(value, dt.datetime):
        return formats.date_format(value.astimezone(tz), "j M Y H.i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j M Y")
    if isinstance(value, dt.time):
        return value.strftime("%H.%M")
    return str(value)


def _first_words(value: str, words: int) -> str:
    """'Andi Pratama Putra, S.Sos.' → 'Andi Pratama' (academic titles after the comma dropped)."""
    short = " ".join(value.split(",")[0].split()[:words])
    return short if len(short) <= 30 else short[:29] + "…"


def _cut(value: str, chars: int | None) -> str:
    return value if chars is None or len(value) <= chars else value[: chars - 1].rstrip() + "…"


def text_render(
    *, code: str, context: dict, timezone_name: str = "Asia/Jakarta", sms: bool = False
) -> Rendered:
    """Render template `code` in Indonesian. Raises ValueError for an unknown code or missing context."""
    text = TEXTS.get(code)
    if text is None:
        raise ValueError(f"unknown message template {code!r}")
    missing = text.fields - set(context)
    if missing:
        raise ValueError(f"template {code!r} needs {', '.join(sorted(missing))}")
    tz = ZoneInfo(timezone_name)
    with translation.override("id"):
        values = {k: _format_value(v, tz) for k, v in context.items()}
        body = str(text.body).format(**values)
        subject = str(text.subject).format(**values) if text.subject else ""
        if sms and len(body) > SMS_LIMIT:
            for words, chars in _SHORTEN_STEPS:
                shorter = {
                    k: _first_words(v, words) if k in _NAMES else _cut(v, chars) if k in _FREE_TEXTS else v
                    for k, v in values.items()
                }
                body = str(text.body).format(**shorter)
                if len(body) <= SMS_LIMIT:
                    break
    return Rendered(subject=subject, body=body)


def text_label(code: str) -> str:
    text = TEXTS.get(code)
    return str(text.label) if text else code
