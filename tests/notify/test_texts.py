"""Message templates: Indonesian whatever the UI language, one SMS part where practical."""

import datetime as dt

import pytest
from django.utils import translation

from bimkemas.notify.models import MessageStatus
from bimkemas.notify.texts import SMS_LIMIT, TEXTS, text_render
from tests.notify.helpers import queue

# Long but real-looking values: a four-word name, a long activity and place, an 8-word PK name.
LONG = {
    "name": "Muhammad Rizky Aditya Saputra",
    "date": dt.date(2026, 8, 17),
    "deadline": dt.datetime(2026, 8, 19, 16, 0, tzinfo=dt.UTC),
    "time": dt.time(9, 0),
    "pk": "Fransiska Wulandari Kusumaningrum",
    "pk_phone": "0812-2233-4455",
    "activity": "Pelatihan budidaya ikan lele dan nila",
    "place": "Balai Desa Wonokromo, Pleret",
}
CLIENT_TEMPLATES = ["reminder_before", "reminder_missed", "checkin_more_requested", "activity_reminder"]


@pytest.mark.parametrize("code", CLIENT_TEMPLATES)
def test_client_sms_fits_in_one_part_with_long_names(code):
    rendered = text_render(code=code, context=LONG, sms=True)
    assert len(rendered.body) <= SMS_LIMIT, rendered.body
    assert rendered.body.startswith("Yth. Muhammad")


@pytest.mark.parametrize("code", CLIENT_TEMPLATES)
def test_client_sms_with_ordinary_names_is_not_shortened(code):
    context = {
        **LONG,
        "name": "Rudi Hartono",
        "pk": "Andi Pratama",
        "activity": "Konseling",
        "place": "Bapas",
    }
    rendered = text_render(code=code, context=context, sms=True)
    assert "Rudi Hartono" in rendered.body
    assert len(rendered.body) <= SMS_LIMIT


def test_dates_and_times_are_written_the_indonesian_way():
    body = text_render(code="activity_reminder", context=LONG).body
    assert "17 Agu 2026" in body and "pukul 09.00" in body
    body = text_render(code="checkin_more_requested", context=LONG, timezone_name="Asia/Makassar").body
    assert "sebelum 20 Agu 2026 00.00" in body  # 16.00 UTC is midnight in WITA


@pytest.mark.django_db
def test_message_is_indonesian_even_when_the_ui_is_english(client_rudi):
    with translation.override("en"):
        message = queue(case=client_rudi)
    assert message.body.startswith("Yth. Rudi Hartono, Anda wajib lapor ke Bapas paling lambat 5 Mar 2026.")
    assert message.status == MessageStatus.QUEUED


def test_every_template_renders():
    context = {
        **LONG,
        "staff": "Andi",
        "register": "PB.D-1/2026",
        "link": "https://x",
        "title": "Judul",
        "text": "Isi",
    }
    for code in TEXTS:
        assert text_render(code=code, context=context).body.startswith("Yth.")


def test_very_long_activity_and_place_are_cut_to_fit():
    context = {
        **LONG,
        "activity": "Penyuluhan hukum dan bahaya narkotika bagi klien dewasa",
        "place": "Aula Kantor Kecamatan Banguntapan, Bantul",
    }
    body = text_render(code="activity_reminder", context=context, sms=True).body
    assert len(body) <= SMS_LIMIT
    assert "Penyuluhan hukum" in body and "…" in body


def test_whatsapp_and_email_bodies_are_not_shortened():
    body = text_render(code="reminder_before", context={**LONG, "pk": LONG["pk"] * 3}).body
    assert LONG["name"] in body


def test_shortened_names_drop_academic_titles():
    context = {**LONG, "pk": "Fransiska Wulandari Kusumaningrum, S.Psi., M.Si."}
    body = text_render(code="reminder_missed", context=context, sms=True).body
    assert "PK Fransiska Wulandari 0812" in body
