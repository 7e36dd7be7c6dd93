"""Documents handed to the client at registration (pendaftaran): kartu and kontrak bimbingan.

Both are HTML templates under cases/pdf/ rendered to PDF by bimkemas.core.pdf.render_pdf. The
caller has already authorised the actor (see views_documents); these functions only read the case.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.cases.models import Case, Programme
from bimkemas.cases.phases import phase_schedule
from bimkemas.core.pdf import render_pdf, safe_filename
from bimkemas.org.models import Role, Unit, User, role_q

CARD = "kartu_bimbingan"
CONTRACT = "kontrak_bimbingan"

# Programmes served outside a Lapas/Rutan: revoking them sends the client back to serve the rest.
_RELEASE_PROGRAMMES = {
    Programme.PB,
    Programme.CB,
    Programme.CMB,
    Programme.ASIMILASI,
    Programme.ASIMILASI_RUMAH,
    Programme.CMK,
}

_LIST_MARKER = re.compile(r"^\s*(?:[-•*]|\(?[0-9]{1,2}[.)]|\(?[a-zA-Z][.)])\s+")


def split_conditions(text: str) -> list[str]:
    """Conditions typed as lines or as one '; '-separated sentence → one item each, tidied."""
    text = (text or "").strip()
    if not text:
        return []
    parts = text.splitlines() if "\n" in text else text.split(";")
    items = []
    for part in parts:
        item = _LIST_MARKER.sub("", part).strip().rstrip(".;,").strip()
        if item:
            items.append(item[0].upper() + item[1:])
    return items


def document_number(case: Case) -> str:
    """Number of the kontrak bimbingan: the register number with the KB (kontrak bimbingan) prefix."""
    return f"KB/{case.register_number}"


def document_filename(document: str, case: Case) -> str:
    """'kontrak_bimbingan' + 'BPS-YK/PB.D/0001/2026' → 'kontrak-bimbingan-BPS-YK_PB.D_0001_2026.pdf'."""
    return f"{document.replace('_', '-')}-{safe_filename(case.register_number)}.pdf"


def bapas_today(bapas: Unit) -> dt.date:
    try:
        zone = ZoneInfo(bapas.timezone)
    except (ValueError, KeyError):
        zone = None
    return timezone.localdate(timezone=zone)


def head_of(bapas: Unit) -> User | None:
    """The Kepala Bapas who signs 'Mengetahui' (blank signature line when none is on record)."""
    return User.objects.filter(unit=bapas, is_active=True).filter(role_q(Role.KEPALA)).order_by("id").first()


def person_address(person) -> str:
    parts = []
    if person.address:
        parts.append(person.address)
    if person.rt or person.rw:
        parts.append(
            _("RT %(rt)s/RW %(rw)s") % {"rt": person.rt.zfill(3) or "-", "rw": person.rw.zfill(3) or "-"}
        )
    village = person.village
    if village is not None:
        parts.append(f"{village.kind.capitalize()} {village.path}" if village.kind else village.path)
    return ", ".join(parts)


def _officer_phone(officer: User | None) -> str:
    # Staff users carry no phone number yet; the Bapas phone stands in.
    return getattr(officer, "phone", "") if officer is not None else ""


def _common_context(case: Case, today: dt.date | None) -> dict:
    bapas = case.bapas
    person = case.person
    officer = case.officer
    return {
        "case": case,
        "person": person,
        "unit": bapas,
        "officer": officer,
        "officer_phone": _officer_phone(officer),
        "programme": case.get_programme_display(),
        "today": today or bapas_today(bapas),
        "city": bapas.city or bapas.name,
    }


def card_context(case: Case, *, today: dt.date | None = None) -> dict:
    return {
        **_common_context(case, today),
        "phases": phase_schedule(case.period_start, case.period_end, case.after_care_end),
    }


def contract_context(case: Case, *, today: dt.date | None = None) -> dict:
    person = case.person
    return {
        **_common_context(case, today),
        "document_number": document_number(case),
        "confidential": case.is_child,
        "aliases": [a.name for a in person.aliases.order_by("id")],
        "address": person_address(person),
        "general_conditions": split_conditions(case.general_conditions),
        "special_conditions": split_conditions(case.special_conditions),
        "head": head_of(case.bapas),
        "returns_to_prison": case.programme in _RELEASE_PROGRAMMES,
    }


def render_card_pdf(case: Case, *, today: dt.date | None = None) -> bytes:
    """Kartu bimbingan: ID-1 card size (85.6 × 54 mm), front (identity, PK) and back (phases, wajib lapor)."""
    return render_pdf("cases/pdf/kartu_bimbingan.html", card_context(case, today=today))


def render_contract_pdf(case: Case, *, today: dt.date | None = None) -> bytes:
    """Kontrak bimbingan: A4 letter with identity, rights, duties, sanctions and signatures."""
    return render_pdf("cases/pdf/kontrak_bimbingan.html", contract_context(case, today=today))
