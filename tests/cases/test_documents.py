"""Kartu and kontrak bimbingan: downloaded as PDF by the case team, read back with pdftotext."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from bimkemas.audit.models import AuditEntry
from bimkemas.cases.documents import render_card_pdf, render_contract_pdf, split_conditions
from bimkemas.cases.models import CaseEvent
from bimkemas.cases.services import case_assign
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} (poppler-utils) is needed to read PDFs back"
    return path


def pdf_text(content: bytes) -> str:
    """Text of a PDF as a reader sees it: words hyphenated at a line end (U+2010) joined, whitespace
    collapsed (lines wrap anywhere)."""
    assert content.startswith(b"%PDF-")
    out = subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(re.sub(r"\u2010\s*\n\s*", "", out).split())


def pdf_page_sizes_mm(content: bytes) -> list[tuple[int, int]]:
    out = subprocess.run(
        [tool("pdfinfo"), "-f", "1", "-l", "99", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    sizes = []
    for line in out.splitlines():
        if " size:" in line and "Page" in line:
            w, _, h = line.split(":", 1)[1].split()[:3]
            sizes.append((round(float(w) * 25.4 / 72), round(float(h) * 25.4 / 72)))
    return sizes


def card_url(case):
    return reverse("case_card_pdf", kwargs={"case_id": case.id})


def contract_url(case):
    return reverse("case_contract_pdf", kwargs={"case_id": case.id})


def test_pk_of_case_downloads_guidance_card(client, client_rudi, pk_andi):
    client.force_login(pk_andi)
    response = client.get(card_url(client_rudi))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="kartu-bimbingan-BPS-YK_PB.D_0001_2026.pdf"'
    text = pdf_text(response.content)
    assert "KARTU BIMBINGAN" in text
    assert "Rudi Hartono" in text
    assert client_rudi.register_number in text
    assert client_rudi.person.nik in text
    assert "Bapas Kelas I Yogyakarta".upper() in text
    assert "Andi Pratama" in text
    assert "Wajib lapor sesuai jadwal" in text
    # Period 5 January 2026 – 31 December 2026; phases start at 0, ¼ and ¾ of it, after care the day after.
    assert "5 Januari 2026 s.d. 31 Desember 2026" in text
    for label, start in [
        ("Tahap awal", "5 Januari 2026"),
        ("Tahap lanjutan", "5 April 2026"),
        ("Tahap akhir", "2 Oktober 2026"),
        ("After care", "1 Januari 2027"),
    ]:
        assert f"{label} {start}" in text


def test_guidance_card_is_card_sized_front_and_back(client_rudi):
    assert pdf_page_sizes_mm(render_card_pdf(client_rudi)) == [(86, 54), (86, 54)]


def test_card_shows_bapas_phone_for_reporting(client_rudi):
    bapas = client_rudi.bapas
    bapas.phone = "(0274) 512345"
    bapas.save()
    text = pdf_text(render_card_pdf(client_rudi))
    assert "Telepon Bapas" in text
    assert "(0274) 512345" in text


def test_pk_of_case_downloads_guidance_contract(client, client_rudi, pk_andi):
    client.force_login(pk_andi)
    response = client.get(contract_url(client_rudi))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="kontrak-bimbingan-BPS-YK_PB.D_0001_2026.pdf"'
    )
    text = pdf_text(response.content)
    assert "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA" in text
    assert "KANWIL DIY" in text
    assert "KONTRAK BIMBINGAN" in text
    assert f"Nomor: KB/{client_rudi.register_number}" in text
    assert "Rudi Hartono" in text
    assert client_rudi.person.nik in text
    assert "Yogyakarta, 17 Mei 1990" in text
    assert "Pembebasan Bersyarat (PB)" in text
    assert "Lapas Kelas IIA Yogyakarta" in text
    assert "HAK KLIEN" in text and "KEWAJIBAN KLIEN" in text and "SANKSI" in text
    # The general conditions of the case, one item each.
    assert "a. Tidak melakukan pelanggaran hukum;" in text
    assert "e. Memberitahukan perubahan alamat." in text
    # Revocation grounds.
    assert "dapat dicabut (pencabutan) apabila Klien" in text
    assert "tidak melaksanakan wajib lapor kepada Bapas paling banyak 3 (tiga) kali berturut-turut" in text
    assert "menimbulkan keresahan dalam masyarakat" in text
    assert "tidak melaporkan perubahan alamat atau tempat tinggal kepada Bapas" in text
    # Signatures.
    assert "Mengetahui, Kepala Bapas Kelas I Yogyakarta" in text
    assert "Pembimbing Kemasyarakatan," in text
    assert "Andi Pratama" in text  # the PK signs (named nowhere else in the contract)
    assert "RAHASIA" not in text


def test_contract_prints_address_aliases_guarantor_and_special_conditions(kasi_budi, pk_andi, kepala_dewi):
    case = receive_client(
        kasi_budi,
        "Joko Susilo",
        person_kw={
            "aliases": ["Joko Gendut"],
            "village_id": "34.01.01.2001",
            "address": "Jl. Wates Km 9",
            "rt": "3",
            "rw": "12",
        },
        guarantor_name="Siti Aminah",
        guarantor_relation="Istri",
        guarantor_address="Jl. Wates Km 9, Temon",
        special_conditions="Mengikuti rehabilitasi rawat jalan\nTidak mengunjungi tempat hiburan malam",
    )
    case_assign(actor=kasi_budi, cases=[case], pk=pk_andi)
    case.refresh_from_db()
    text = pdf_text(render_contract_pdf(case, today=dt.date(2026, 1, 6)))
    assert "Joko Gendut" in text
    assert "Jl. Wates Km 9, RT 003/RW 012, Desa Jangkaran, Temon, Kabupaten Kulon Progo" in text
    assert "Siti Aminah" in text and "Istri" in text
    assert "a. Mengikuti rehabilitasi rawat jalan; b. Tidak mengunjungi tempat hiburan malam." in text
    assert "Pada hari ini, Selasa, tanggal 6 Januari 2026" in text
    assert "Yogyakarta, 6 Januari 2026" in text
    assert "Dewi Lestari" in text  # the Kepala Bapas signs "Mengetahui"


def test_child_contract_is_marked_confidential(client, kasi_budi, pk_andi):
    child = receive_client(
        kasi_budi, "Ahmad Fauzi", programme="ASIM", group="A", person_kw={"birth": dt.date(2010, 3, 3)}
    )
    case_assign(actor=kasi_budi, cases=[child], pk=pk_andi)
    client.force_login(pk_andi)
    contract = client.get(contract_url(child))
    assert contract.status_code == 200
    text = pdf_text(contract.content)
    assert "RAHASIA" in text
    assert "Ahmad Fauzi" in text  # the document is for the child client
    card = client.get(card_url(child))
    assert card.status_code == 200
    assert "Ahmad Fauzi" in pdf_text(card.content)


def test_staff_outside_child_case_team_cannot_download(client, kasi_budi, pk_andi, kasubsi_eko):
    child = receive_client(
        kasi_budi, "Ahmad Fauzi", programme="ASIM", group="A", person_kw={"birth": dt.date(2010, 3, 3)}
    )
    case_assign(actor=kasi_budi, cases=[child], pk=pk_andi)
    client.force_login(kasubsi_eko)  # sees the Bapas's cases, but is not in the child's team
    assert client.get(card_url(child)).status_code == 403
    assert client.get(contract_url(child)).status_code == 403
    assert not child.events.filter(code=CaseEvent.Code.DOCUMENT_PRINTED).exists()


def test_pk_of_other_bapas_gets_404(client, client_rudi, pk_sari):
    client.force_login(pk_sari)
    assert client.get(card_url(client_rudi)).status_code == 404
    assert client.get(contract_url(client_rudi)).status_code == 404
    assert not client_rudi.events.filter(code=CaseEvent.Code.DOCUMENT_PRINTED).exists()


def test_anonymous_user_is_sent_to_login(client, client_rudi):
    response = client.get(contract_url(client_rudi))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_download_writes_timeline_event_and_audit_entry(client, client_rudi, pk_andi):
    client.force_login(pk_andi)
    client.get(card_url(client_rudi))
    client.get(contract_url(client_rudi))
    events = client_rudi.events.filter(code=CaseEvent.Code.DOCUMENT_PRINTED).order_by("id")
    assert [(e.actor, e.payload["document"]) for e in events] == [
        (pk_andi, "kartu_bimbingan"),
        (pk_andi, "kontrak_bimbingan"),
    ]
    audits = AuditEntry.objects.filter(
        action="export", object_type="case", object_id=client_rudi.id, actor=pk_andi
    ).order_by("id")
    assert [a.context for a in audits] == ["document:kartu_bimbingan", "document:kontrak_bimbingan"]


def test_kasi_of_the_bapas_downloads_contract(client, client_rudi, kasi_budi):
    client.force_login(kasi_budi)
    assert client.get(contract_url(client_rudi)).status_code == 200


@pytest.mark.parametrize(
    ("typed", "items"),
    [
        ("", []),
        (
            "Tidak melakukan pelanggaran hukum; melapor ke Bapas.",
            ["Tidak melakukan pelanggaran hukum", "Melapor ke Bapas"],
        ),
        ("1. wajib lapor\n2) tidak mabuk;\n\n- bekerja", ["Wajib lapor", "Tidak mabuk", "Bekerja"]),
        ("a. satu\nb. dua", ["Satu", "Dua"]),
    ],
)
def test_conditions_typed_as_sentence_or_lines_become_items(typed, items):
    assert split_conditions(typed) == items
