"""The minutes (berita acara sidang TPP) as PDF, read back with pdftotext."""

import re

import pytest
from django.urls import reverse

from bimkemas.audit.models import AuditEntry
from bimkemas.tpp.pdf import render_minutes_pdf
from bimkemas.tpp.services import tpp_item_add, tpp_item_record, tpp_member_add, tpp_session_finalise
from tests.cases.factories import receive_client
from tests.pdftext import pdftotext

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(re.sub(r"\u2010\s*\n\s*", "", pdftotext(content)).split())


def pages(content: bytes) -> list[str]:
    return pdftotext(content).split("\f")


def test_final_minutes_hold_members_cases_and_recommendations(
    client, kasi_budi, ready_session, client_rudi, pk_andi
):
    tpp_member_add(actor=kasi_budi, session=ready_session, name="Drs. Joko Susilo",
                   function="Perwakilan Lapas Kelas IIA Yogyakarta")  # fmt: skip
    tpp_session_finalise(actor=kasi_budi, session=ready_session)
    client.force_login(pk_andi)
    response = client.get(reverse("tpp_minutes_pdf", kwargs={"tpp_id": ready_session.id}))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "berita-acara-tpp-BPS-YK_TPP_0001_" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "BERITA ACARA SIDANG TIM PENGAMAT PEMASYARAKATAN (TPP)" in text
    assert ready_session.number in text
    assert "BAPAS KELAS I YOGYAKARTA" in text
    assert "Ruang Sidang TPP" in text
    for name in ("Dewi Lestari", "Budi Santoso", "Andi Pratama", "Drs. Joko Susilo", "Perwakilan Lapas"):
        assert name in text
    assert "Rudi Hartono" in text and client_rudi.register_number in text
    assert "Lanjutkan ke tahap lanjutan." in text and "Evaluasi" in text
    assert "Ketua Sidang TPP" in text and "Sekretaris Sidang TPP" in text
    assert "KONSEP" not in text
    assert AuditEntry.objects.filter(object_type="tppsession", object_id=ready_session.id, action="export",
                                     actor=pk_andi).exists()  # fmt: skip


def test_planned_session_prints_as_draft(kasi_budi, session):
    text = pdf_text(render_minutes_pdf(session, kasi_budi))
    assert "KONSEP — berita acara belum final" in text
    assert "Tidak ada klien dalam agenda." in text


FIRST_NAMES = [
    "Agus",
    "Bayu",
    "Cahyo",
    "Dimas",
    "Eko",
    "Fajar",
    "Gilang",
    "Hendra",
    "Imam",
    "Joko",
    "Kurnia",
    "Lukman",
    "Mulyono",
    "Nanang",
    "Oki",
    "Purnomo",
    "Rahmat",
    "Slamet",
]


def test_long_agenda_rows_do_not_break_across_pages(kasi_budi, session):
    long = "Klien menunjukkan perubahan perilaku yang baik, hadir wajib lapor tepat waktu. " * 4
    names = []
    for i, first in enumerate(FIRST_NAMES):
        name = f"{first} Santoso"
        case = receive_client(kasi_budi, name)
        item = tpp_item_add(actor=kasi_budi, session=session, case=case, purpose="programme")
        tpp_item_record(
            actor=kasi_budi, item=item, discussion="", recommendation=f"{long}Rekomendasi {i + 1}."
        )
        names.append(name)
    content = render_minutes_pdf(session, kasi_budi)
    page_texts = pages(content)
    assert len([p for p in page_texts if p.strip()]) >= 3
    for i, name in enumerate(names):
        # the name and the end of its recommendation land on the same page: the row was not split
        holding = [n for n, p in enumerate(page_texts) if name in p]
        ending = [n for n, p in enumerate(page_texts) if f"Rekomendasi {i + 1}." in " ".join(p.split())]
        assert holding and holding == ending, name
    # the table head repeats on every page that holds agenda rows
    for p in page_texts:
        if "Santoso" in p and "Rekomendasi" in p:
            assert "Nomor register" in p


def test_kanwil_copy_shows_register_numbers_only(client, kasi_budi, ready_session, client_rudi, kanwil_hadi):
    tpp_session_finalise(actor=kasi_budi, session=ready_session)
    client.force_login(kanwil_hadi)
    text = pdf_text(client.get(reverse("tpp_minutes_pdf", kwargs={"tpp_id": ready_session.id})).content)
    assert client_rudi.register_number in text and "Rudi Hartono" not in text


def test_child_case_marks_the_minutes_confidential(kasi_budi, session):
    import datetime as dt

    child = receive_client(kasi_budi, "Putri Ayu Lestari", group="A", programme="DIV",
                           person_kw={"birth": dt.date(2011, 2, 3), "sex": "P"})  # fmt: skip
    tpp_item_add(actor=kasi_budi, session=session, case=child, purpose="litmas")
    assert "RAHASIA" in pdf_text(render_minutes_pdf(session, kasi_budi))
