"""The Litmas PDF, read back with pdftotext: letterhead, RAHASIA, number, sections, signatures."""

from django.urls import reverse

from bimkemas.litmas.documents import render_litmas_pdf
from bimkemas.litmas.services import litmas_approve, litmas_save, litmas_submit
from tests.litmas.conftest import RECOMMENDATION, complete_values
from tests.pdftext import pdftotext


def pdf_text(content: bytes, tmp_path) -> str:
    return pdftotext(content, layout=True)


def _approved(draft, pk_andi, kepala_dewi):
    values = complete_values(draft)
    values["keluarga.members"] = [
        {"name": f"Anggota {i}", "relation": "Saudara", "age": str(20 + i)} for i in range(40)
    ]
    litmas, _ = litmas_save(actor=pk_andi, litmas=draft, values=values)
    litmas = litmas_submit(actor=pk_andi, litmas=litmas)
    return litmas_approve(actor=kepala_dewi, litmas=litmas)


def test_approved_pdf_holds_name_number_recommendation_and_signatures(draft, pk_andi, kepala_dewi, tmp_path):
    litmas = _approved(draft, pk_andi, kepala_dewi)
    text = pdf_text(render_litmas_pdf(litmas), tmp_path)
    flat = " ".join(text.split())
    assert "RAHASIA" in text
    assert "BAPAS KELAS I YOGYAKARTA" in text
    assert "LAPORAN PENELITIAN KEMASYARAKATAN" in text
    assert "LITMAS UNTUK PEMBIMBINGAN KLIEN PEMASYARAKATAN" in flat
    assert litmas.register_number in text
    assert "Rudi Hartono" in text
    assert RECOMMENDATION in flat
    assert "I. PENDAHULUAN" in text and "X. KESIMPULAN DAN REKOMENDASI" in text
    assert "Pembimbing Kemasyarakatan," in text and "Andi Pratama" in text
    assert "Kepala Bapas Kelas I Yogyakarta" in flat and "Dewi Lestari" in text
    assert "DRAF" not in text
    assert "Anggota 39" in text  # a long table continues over pages


def test_draft_pdf_is_marked_as_draft(draft, tmp_path):
    text = pdf_text(render_litmas_pdf(draft), tmp_path)
    assert "DRAF — belum disetujui" in text
    assert "Rudi Hartono" in text


def test_pdf_download_is_audited(client, draft, pk_andi, tmp_path):
    from bimkemas.audit.models import AuditEntry

    client.force_login(pk_andi)
    response = client.get(reverse("litmas_pdf", args=[draft.id]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "Rudi Hartono" in pdf_text(response.content, tmp_path)
    assert AuditEntry.objects.filter(object_type="litmas", object_id=draft.id, action="export").exists()


def test_table_rows_do_not_break_across_pages():
    from django.template.loader import get_template

    source = get_template("core/pdf_base.html").template.source
    assert "break-inside: avoid" in source and "table-header-group" in source
