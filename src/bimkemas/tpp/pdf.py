"""The minutes of a TPP session (berita acara sidang TPP) as PDF. The caller has authorised the actor
(`tpp_session_get_for`); client names follow what the actor may see (`client_name_for`)."""

from django.utils import timezone

from bimkemas.core.pdf import render_pdf, safe_filename
from bimkemas.tpp.models import SessionStatus, TppSession
from bimkemas.tpp.selectors import tpp_session_items

ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def minutes_context(session: TppSession, actor) -> dict:
    rows = tpp_session_items(actor=actor, session=session)
    members = list(session.members.filter(present=True).select_related("user").order_by("id"))
    order = {"chair": 0, "secretary": 1, "member": 2}
    members.sort(key=lambda m: (order.get(m.board_role, 3), m.id))
    return {
        "session": session,
        "unit": session.bapas,
        "document_number": session.number,
        "rows": rows,
        "members": members,
        "discussed": [r for r in rows if r.item.discussion],
        "zone": ZONE_LABELS.get(session.bapas.timezone, ""),
        "city": session.bapas.city or session.bapas.name,
        "draft": session.status == SessionStatus.PLANNED,
        "cancelled": session.status == SessionStatus.CANCELLED,
        "confidential": any(r.item.case.is_child for r in rows),
        "generated": timezone.now(),
    }


def render_minutes_pdf(session: TppSession, actor) -> bytes:
    return render_pdf("tpp/pdf/berita_acara.html", minutes_context(session, actor))


def minutes_filename(session: TppSession) -> str:
    return f"berita-acara-tpp-{safe_filename(session.number)}.pdf"
