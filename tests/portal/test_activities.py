"""The client's upcoming guidance activities on the portal home: topic, date/time and place — their own,
not cancelled, not ended; nothing of another client's."""

import datetime as dt

from django.utils import timezone

from bimkemas.activities.models import Activity
from bimkemas.activities.services import enrol
from tests.activities.factories import make_activity
from tests.cases.factories import receive_client


def test_upcoming_activities_on_home(rudi_phone, client_rudi, kasi_budi):
    today = timezone.localdate()
    soon = make_activity(
        kasi_budi, day=today + dt.timedelta(days=3), hour=13, topic="Pelatihan budidaya lele"
    )
    enrol(actor=kasi_budi, activity=soon, cases=[client_rudi])
    cancelled = make_activity(kasi_budi, day=today + dt.timedelta(days=4), topic="Kegiatan yang batal")
    enrol(actor=kasi_budi, activity=cancelled, cases=[client_rudi])
    Activity.objects.filter(id=cancelled.id).update(cancelled=True)  # no cancel service yet
    past = make_activity(kasi_budi, day=today - dt.timedelta(days=7), topic="Ceramah yang sudah lewat")
    enrol(actor=kasi_budi, activity=past, cases=[client_rudi])
    other = receive_client(kasi_budi, "Joko Susilo")
    not_mine = make_activity(kasi_budi, day=today + dt.timedelta(days=2), topic="Penyuluhan hukum")
    enrol(actor=kasi_budi, activity=not_mine, cases=[other])

    html = rudi_phone.get("/p/").content.decode()

    assert "Pelatihan budidaya lele" in html
    assert "Balai Kelurahan Sinduadi" in html
    assert "13.00–15.00" in html
    day = today + dt.timedelta(days=3)
    assert f"{day.day} " in html and str(day.year) in html
    for absent in ("Kegiatan yang batal", "Ceramah yang sudah lewat", "Penyuluhan hukum", "Joko Susilo"):
        assert absent not in html
    assert "Kegiatan bimbingan yang Anda ikuti akan tampil di sini." not in html


def test_empty_state(rudi_phone):
    html = rudi_phone.get("/p/").content.decode()
    assert "Belum ada kegiatan bimbingan yang akan datang untuk Anda." in html
