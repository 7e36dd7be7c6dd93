"""Partners and agreements made through the real services."""

import datetime as dt
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bimkemas.partners.services import AgreementData, PartnerData, agreement_create, partner_create

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
_serial = itertools.count(1)


def pdf_file(name: str = "pks-bertanda-tangan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_partner(actor, name: str = "Yayasan Sekar Mlati", **kw):
    data = PartnerData(
        name=name, kind=kw.pop("kind", "yayasan"), fields=kw.pop("fields", ["kepribadian"]), **kw
    )
    return partner_create(actor=actor, bapas=actor.unit, data=data)


def make_agreement(actor, partner, *, start: dt.date | None = None, days: int = 365, number: str = "", **kw):
    start = start or timezone.localdate() - dt.timedelta(days=30)
    data = AgreementData(
        number=number or f"W14.PAS.PAS1-PK.01.05-{next(_serial)}/2026", kind=kw.pop("kind", "pks"),
        start=start, end=start + dt.timedelta(days=days), fields=kw.pop("fields", []),
    )  # fmt: skip
    return agreement_create(
        actor=actor, partner=partner, data=data, document=kw.pop("document", None) or pdf_file()
    )
