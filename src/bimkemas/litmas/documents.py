"""The Litmas as an official letter (PDF): letterhead of the Bapas, RAHASIA, the Litmas number, the
title of its kind, numbered sections, and the signature block (the PK; the approving official)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.cases.documents import bapas_today
from bimkemas.core.pdf import render_pdf, safe_filename
from bimkemas.litmas.forms import sections_for_form
from bimkemas.litmas.models import Litmas

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
         "XVI", "XVII", "XVIII", "XIX", "XX"]  # fmt: skip


def roman(n: int) -> str:
    return ROMAN[n - 1] if 0 < n <= len(ROMAN) else str(n)


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def litmas_filename(litmas: Litmas) -> str:
    return f"litmas-{safe_filename(litmas.register_number)}.pdf"


def litmas_context(litmas: Litmas) -> dict:
    bapas = litmas.bapas
    sections = sections_for_form(litmas.definition, litmas.values)
    for s in sections:
        s["roman"] = roman(s["number"])
        for f in s["fields"]:
            if f["type"] == "textarea":
                f["paragraphs"] = paragraphs(f["value"])
            elif f["type"] == "date" and f["value"]:
                f["date"] = dt.date.fromisoformat(f["value"])
    approved_on = timezone.localtime(litmas.approved_at).date() if litmas.approved_at else None
    return {
        "litmas": litmas,
        "case": litmas.case,
        "unit": bapas,
        "confidential": True,
        "document_number": litmas.register_number,
        "title": litmas.kind_title,
        "sections": sections,
        "author": litmas.author,
        "approved": litmas.status == Litmas.Status.APPROVED,
        "approved_on": approved_on,
        "city": bapas.city or bapas.name,
        "date": approved_on or bapas_today(bapas),
        "draft_label": "" if litmas.status == Litmas.Status.APPROVED else _("DRAF — belum disetujui"),
    }


def render_litmas_pdf(litmas: Litmas) -> bytes:
    return render_pdf("litmas/pdf/litmas.html", litmas_context(litmas))
