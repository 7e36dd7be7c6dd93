"""Bimbingan keliling, the next step: an activity at each proposed site, the clients nearest each enrolled and
invited by SMS once; the confirmation per site; all or nothing; never a client of another Bapas."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bimkemas.activities.models import Activity, Enrolment
from bimkemas.activities.services import MobileRoundsData, mobile_counselling_invite
from bimkemas.cases.services import case_assign, case_end
from bimkemas.notify.models import Message
from bimkemas.partners.selectors_sites import site_proposal
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db

KOTA = ["34.71.01.1001", "34.71.01.1002", "34.71.01.1003"]
WNS = ["34.03.01.2001", "34.03.01.2002"]


@pytest.fixture
def area(bapas_a):
    bapas_a.area.set(["34.71", "34.03"])
    return bapas_a


@pytest.fixture
def clients(area, kasi_budi, kasi_wati, pk_andi):
    """6 clients in Kota Yogyakarta (the first 3 with a phone), 3 around Wonosari (one with a phone); a client
    of Bapas B and an ended case living in the same kelurahan."""
    made = {"kota": [], "wns": []}
    for i in range(6):
        phones = [f"08123456780{i}"] if i < 3 else []
        made["kota"].append(receive_client(kasi_budi, f"Kota {chr(65 + i)}",
                                           person_kw={"village_id": KOTA[i % 3], "phones": phones}))  # fmt: skip
    for i in range(3):
        phones = ["081298765400"] if i == 0 else []
        made["wns"].append(receive_client(kasi_budi, f"Gunung {chr(65 + i)}",
                                          person_kw={"village_id": WNS[i % 2], "phones": phones}))  # fmt: skip
    made["other_bapas"] = receive_client(kasi_wati, "Klien Wonosari",
                                         person_kw={"village_id": KOTA[0], "phones": ["081211112222"]})  # fmt: skip
    ended = receive_client(
        kasi_budi, "Sudah Selesai", person_kw={"village_id": KOTA[0], "phones": ["081233334444"]}
    )
    case_assign(actor=kasi_budi, cases=[ended], pk=pk_andi)
    case_end(actor=kasi_budi, case=ended, reason="completed", end_date=ended.period_start, note="")
    made["ended"] = ended
    return made


def next_saturday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)


def _form(proposal, **kw) -> dict:
    data = {"sites": ",".join(r.region.code for r in proposal.rows), "k": "2", "candidates": "clients",
            "date": next_saturday().isoformat(), "start_time": "09:00", "end_time": "11:00",
            "field_code": "konseling", "topic": "Bimbingan keliling", "rounds": "1", "every_days": "14"}  # fmt: skip
    data.update(kw)
    return data


def test_planner_offers_the_invitation_form(client, kasi_budi, clients):
    client.force_login(kasi_budi)
    page = client.get(reverse("site_planner"), {"k": 2, "candidates": "clients"}).content.decode()
    assert reverse("site_invite") in page and "Buat kegiatan dan kirim undangan" in page
    assert 'value="Balai ' in page  # the default place per site: the village hall


def test_invite_creates_one_activity_per_site_with_the_plan_counts(client, kasi_budi, clients):
    proposal = site_proposal(actor=kasi_budi, k=2)
    planned = {r.region.code: r.clients for r in proposal.rows}
    assert sorted(planned.values()) == [3, 6]
    client.force_login(kasi_budi)
    response = client.post(reverse("site_invite"), _form(proposal))
    assert response.status_code == 302
    batch = response.url.rstrip("/").rsplit("/", 1)[1]
    assert response.url == reverse("site_invitations", args=[batch])

    activities = list(Activity.objects.filter(batch_key=batch))
    assert len(activities) == 2
    for a in activities:
        assert a.partner is None and a.mode == "in_person" and a.field == "konseling"
        assert a.topic == "Bimbingan keliling" and a.village_id in planned and a.place.startswith("Balai ")
        assert a.enrolments.count() == planned[a.village_id] and a.capacity >= planned[a.village_id]
        assert timezone.localtime(a.starts_at).date() == next_saturday()
    enrolled = set(Enrolment.objects.filter(activity__batch_key=batch).values_list("case_id", flat=True))
    assert enrolled == {c.id for c in clients["kota"] + clients["wns"]}
    assert clients["other_bapas"].id not in enrolled and clients["ended"].id not in enrolled

    invitations = Message.objects.filter(template="activity_invitation")
    assert invitations.count() == 4  # 3 + 1 clients with a phone, once each
    assert not invitations.filter(case__in=[clients["other_bapas"], clients["ended"]]).exists()
    body = invitations.get(case=clients["kota"][0]).body
    assert body.startswith("Yth. Kota A, Anda diundang ke Bimbingan keliling") and "09.00" in body
    assert "Balai " in body

    page = client.get(response.url).content.decode()
    assert page.count('data-testid="invite-site"') == 2
    sites = page.split('data-testid="invite-site"')[1:]
    assert "6 klien diundang" in sites[0] and "3 tanpa telepon" in sites[0]
    assert "3 klien diundang" in sites[1] and "2 tanpa telepon" in sites[1]
    assert "Kota D" in sites[0] and "Gunung B" in sites[1]  # to be called by their PK
    assert "9 klien diundang ke 2 lokasi" in page


def test_the_same_rounds_twice_invite_nobody_twice(client, kasi_budi, clients):
    proposal = site_proposal(actor=kasi_budi, k=2)
    client.force_login(kasi_budi)
    assert client.post(reverse("site_invite"), _form(proposal)).status_code == 302
    again = client.post(reverse("site_invite"), _form(proposal))
    assert again.status_code == 400 and "klien di sekitarnya sudah diundang" in again.content.decode()
    assert (
        Activity.objects.count() == 2 and Message.objects.filter(template="activity_invitation").count() == 4
    )


def test_a_series_of_rounds_enrols_in_every_session_and_invites_once(kasi_budi, clients):
    proposal = site_proposal(actor=kasi_budi, k=2)
    data = MobileRoundsData(sites=[r.region.code for r in proposal.rows], date=next_saturday(),
                            start_time=dt.time(8), end_time=dt.time(10), rounds=3, every_days=14,
                            places={proposal.rows[0].region.code: "Pendopo Kelurahan"})  # fmt: skip
    batch, rows = mobile_counselling_invite(actor=kasi_budi, data=data)
    assert [r.invited for r in rows] == [6, 3] and [r.without_phone for r in rows] == [3, 2]
    assert rows[0].activity.place == "Pendopo Kelurahan"
    sessions = Activity.objects.filter(batch_key=batch, village_id=proposal.rows[0].region.code).order_by(
        "starts_at"
    )
    assert sessions.count() == 3
    assert sessions[2].starts_at - sessions[0].starts_at == dt.timedelta(days=28)
    assert all(s.enrolments.count() == 6 for s in sessions)
    invitations = Message.objects.filter(template="activity_invitation")
    assert invitations.count() == 4 and "3 kali, tiap 14 hari" in invitations.first().body


def test_all_or_nothing_and_errors_named(client, kasi_budi, clients):
    proposal = site_proposal(actor=kasi_budi, k=2)
    client.force_login(kasi_budi)
    bad_site = _form(proposal)
    bad_site["sites"] += ",34.71.99.9999"
    response = client.post(reverse("site_invite"), bad_site)
    assert response.status_code == 400 and "Lokasi tidak dikenal" in response.content.decode()
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(reverse("site_invite"), _form(proposal, date=past, end_time="08:00"))
    body = response.content.decode()
    assert response.status_code == 400 and "Jam selesai harus setelah jam mulai." in body
    response = client.post(reverse("site_invite"), _form(proposal, date=past))
    assert "tidak boleh sebelum hari ini" in response.content.decode()
    assert not Activity.objects.exists() and not Message.objects.exists() and not Enrolment.objects.exists()
    with pytest.raises(ValidationError):
        mobile_counselling_invite(actor=kasi_budi, data=MobileRoundsData(
            sites=[proposal.rows[0].region.code, "34.71.99.9999"], date=next_saturday(),
            start_time=dt.time(9), end_time=dt.time(11)))  # fmt: skip
    assert not Activity.objects.exists()


def test_only_leads_of_the_bapas(client, kasi_budi, kasi_wati, pk_andi, clients):
    proposal = site_proposal(actor=kasi_budi, k=2)
    client.force_login(pk_andi)
    assert client.post(reverse("site_invite"), _form(proposal)).status_code == 403
    client.force_login(kasi_wati)  # Bapas B: only its own client lives near these sites
    response = client.post(reverse("site_invite"), _form(proposal))
    assert response.status_code == 302
    assert set(Enrolment.objects.values_list("case_id", flat=True)) == {clients["other_bapas"].id}
    batch = response.url.rstrip("/").rsplit("/", 1)[1]
    client.force_login(kasi_budi)  # another Bapas's batch is not found
    assert client.get(reverse("site_invitations", args=[batch])).status_code == 404
