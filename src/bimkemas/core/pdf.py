"""HTML → PDF for official documents (kartu and kontrak bimbingan, Litmas, letters), via WeasyPrint.

Templates extend "core/pdf_base.html" (letterhead, A4 page, tables that do not break mid-row).
Documents never load anything from the network: only `data:` and local `file:` URLs are fetched.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from weasyprint import HTML, URLFetcher


def _offline_url_fetcher() -> URLFetcher:
    # Local files and data: URLs only; an http(s) reference fails (with a warning) instead of hanging.
    return URLFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """Render a Django template to PDF bytes.

    Official documents are written in Bahasa Indonesia whatever the user's interface language, so
    the default language is `settings.LANGUAGE_CODE`; pass `language` to render another one.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_offline_url_fetcher()).write_pdf()


def safe_filename(text: str) -> str:
    """A file-name part from e.g. a register number: 'BPS-YK/PB.D/0001/2026' → 'BPS-YK_PB.D_0001_2026'."""
    cleaned = "".join(c if c.isalnum() or c in ".-_" else "_" for c in text)
    return cleaned.strip("._") or "dokumen"


def pdf_response(content: bytes, *, filename: str, inline: bool = True) -> HttpResponse:
    """A PDF response shown in the browser (inline) or downloaded; never cached (personal data)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=not inline, filename=filename)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
