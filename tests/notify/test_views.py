"""The message log (Pemberitahuan): scope per role, filters, pagination, masking, delivery status."""

import datetime as dt

import pytest
from django.urls import reverse

from bimkemas.cases.services import case_assign, case_restrict
from bimkemas.notify.services import message_deliver
from tests.cases.factories import receive_client
from tests.notify.helpers import JKT, MORNING, queue

pytestmark = pytest.mark.django_db

URL = reverse("message_log")


def page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_bapas_leads_see_their_bapas_messages_only(client, client_rudi, kasi_budi, kasi_wati, kepala_dewi):
    siti = receive_client(kasi_wati, "Siti Aminah")
    queue(case=client_rudi, key="rudi")
    queue(case=siti, key="siti")
    for lead in (kasi_budi, kepala_dewi):
        html = page(client, lead)
        assert "Rudi Hartono" in html and "Siti Aminah" not in html
    html = page(client, kasi_wati)
    assert "Siti Aminah" in html and "Rudi Hartono" not in html


def test_pk_sees_messages_of_own_caseload_only(client, client_rudi, kasi_budi, pk_andi, pk_rina):
    joko = receive_client(kasi_budi, "Joko Susilo")  # same Bapas, not pk_andi's client
    queue(case=client_rudi, key="rudi")
    queue(case=joko, key="joko")
    html = page(client, pk_andi)
    assert "Rudi Hartono" in html and "Joko Susilo" not in html
    html = page(client, pk_rina)
    assert "Rudi Hartono" not in html
    assert "Belum ada pesan yang dikirim." in html


def test_pk_sees_messages_again_after_the_case_moves_to_them(
    client, client_rudi, kasi_budi, pk_andi, pk_rina
):
    queue(case=client_rudi, key="rudi")
    case_assign(actor=kasi_budi, cases=[client_rudi], pk=pk_rina)
    assert "Rudi Hartono" in page(client, pk_rina)
    assert "Rudi Hartono" not in page(client, pk_andi)


def test_delivery_status_and_error_are_shown(client, client_rudi, kasi_budi, gateway):
    gateway.script = [500]
    failed = queue(case=client_rudi, key="a")
    message_deliver(message_id=failed.id, now=MORNING)
    sent = queue(case=client_rudi, key="b")
    message_deliver(message_id=sent.id, now=MORNING)
    queue(case=client_rudi, key="c", now=dt.datetime(2026, 3, 2, 23, 0, tzinfo=JKT))  # deferred
    html = page(client, kasi_budi)
    assert "Terkirim" in html
    assert "Gagal, akan dicoba lagi" in html and "HTTP 500" in html
    assert "Ditunda (jam tenang)" in html and "dikirim 3 Mar 2026 06.00" in html
    assert "Pengingat wajib lapor" in html
    assert "+6281222334455" in html


def test_filters_by_status_channel_and_date(client, client_rudi, kasi_budi):
    sent = queue(case=client_rudi, key="sms-sent")
    message_deliver(message_id=sent.id, now=MORNING)
    queue(case=client_rudi, key="wa-queued", channel="whatsapp", to="0813 1111 2222")
    queue(case=client_rudi, key="old", to="0857 3333 4444", now=MORNING - dt.timedelta(days=10))

    html = page(client, kasi_budi, status="sent")
    assert "+6281222334455" in html and "+6281311112222" not in html
    html = page(client, kasi_budi, channel="whatsapp")
    assert "+6281311112222" in html and "+6281222334455" not in html
    html = page(client, kasi_budi, date_from="2026-03-01", date_to="2026-03-02")
    assert "+6281222334455" in html and "+6285733334444" not in html
    html = page(client, kasi_budi, date_to="2026-02-20")
    assert "+6285733334444" in html and "+6281222334455" not in html
    html = page(client, kasi_budi, status="gave_up")
    assert "Tidak ada pesan yang cocok dengan filter ini." in html


def test_invalid_dates_are_named_in_indonesian(client, client_rudi, kasi_budi):
    queue(case=client_rudi, key="a")
    html = page(client, kasi_budi, date_from="31-02-2026")
    assert "Tanggal awal tidak valid" in html
    assert "+6281222334455" in html  # the invalid filter is ignored, the list still shows
    html = page(client, kasi_budi, date_from="2026-03-05", date_to="2026-03-01")
    assert "Tanggal akhir harus sama dengan atau sesudah tanggal awal." in html


def test_log_paginates_with_bounded_queries(client, client_rudi, kasi_budi, django_assert_max_num_queries):
    for i in range(27):
        queue(case=client_rudi, key=f"k{i}", now=MORNING + dt.timedelta(minutes=i))
    client.force_login(kasi_budi)
    with django_assert_max_num_queries(8):
        first = client.get(URL).content.decode()
    assert "Halaman 1 dari 2" in first and "27 pesan" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert "Halaman 2 dari 2" in second


def test_child_client_masked_outside_the_case_team(client, kasi_budi, kasubsi_eko, pk_andi):
    child = receive_client(
        kasi_budi, "Dimas Anggara", person_kw={"birth": dt.date(2010, 4, 2)}, group="A", programme="PB"
    )
    case_assign(actor=kasi_budi, cases=[child], pk=pk_andi)
    queue(case=child, key="child")
    html = page(client, kasubsi_eko)
    assert "Dimas Anggara" not in html and "D. A." in html and "Disembunyikan" in html
    html = page(client, kasi_budi)  # the Kasi is in the team
    assert "Dimas Anggara" in html


def test_restricted_case_masked_for_staff_not_named(client, client_rudi, kepala_dewi, kasi_budi, kasubsi_eko):
    queue(case=client_rudi, key="a")
    case_restrict(actor=kepala_dewi, case=client_rudi, staff=[kasi_budi], reason="keluarga petugas")
    html = page(client, kasubsi_eko)
    assert "Rudi Hartono" not in html and "kasus terbatas" in html and "+6281222334455" not in html
    assert "Rudi Hartono" in page(client, kasi_budi)


def test_htmx_request_gets_the_table_only(client, client_rudi, kasi_budi):
    queue(case=client_rudi, key="a")
    client.force_login(kasi_budi)
    html = client.get(URL, {"status": "queued"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "+6281222334455" in html


def test_shown_in_english_when_the_ui_is_english(client, client_rudi, kasi_budi, settings):
    queue(case=client_rudi, key="a")
    client.force_login(kasi_budi)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(URL).content.decode()
    assert "Notifications" in html and "Queued" in html
    assert "Yth. Rudi Hartono" in html  # the message itself stays Indonesian
