"""The Kasi's partner pages: list, register/edit, agreement upload, partner account, expiring list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bimkemas.org.models import Role, User
from bimkemas.partners.models import Agreement, Partner, PartnerMember
from tests.partners.factories import PDF, make_agreement, make_partner, pdf_file

pytestmark = pytest.mark.django_db


def partner_post(**over):
    data = {"name": "Pondok Pesantren Al-Hidayah", "kind": "pesantren", "field_codes": ["kepribadian", "konseling"],
            "contact_person": "K.H. Ahmad Mustofa", "phone": "0813 2233 4455", "email": "alhidayah@example.org",
            "address": "Jl. Kemasan No. 5", "village": "34.71.14.1002", "area": ["34.71", "34.02"], "active": "on"}  # fmt: skip
    data.update(over)
    return data


def test_partner_list_shows_flags_and_expiring_panel(
    client, kasi_budi, kasi_wati, django_assert_max_num_queries
):
    today = timezone.localdate()
    lbh = make_partner(kasi_budi, "LBH Pelita Keadilan", fields=["hukum"])
    make_agreement(kasi_budi, lbh, start=today - dt.timedelta(days=300), days=330)
    kt = make_partner(kasi_budi, "Karang Taruna Sinduadi")
    make_agreement(kasi_budi, kt, start=today - dt.timedelta(days=800), days=700)
    for i in range(5):
        make_partner(kasi_budi, f"Yayasan Nomor {i}")
    make_partner(kasi_wati, "LBH Handayani")
    client.force_login(kasi_budi)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("partner_list")).content.decode()
    assert page.count('data-testid="partner-row"') == 7
    assert "LBH Handayani" not in page
    assert 'data-testid="expiring-panel"' in page
    assert "Akan berakhir" in page and "Berakhir" in page and "Belum ada" in page
    filtered = client.get(reverse("partner_list"), {"field": "hukum"}).content.decode()
    assert filtered.count('data-testid="partner-row"') == 1
    nothing = client.get(reverse("partner_list"), {"q": "tidak ada"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Tidak ada mitra yang cocok" in nothing
    assert "<html" not in nothing  # the htmx partial only


def test_partner_list_paginates_and_has_empty_state(client, kasi_budi):
    client.force_login(kasi_budi)
    assert "Belum ada mitra terdaftar" in client.get(reverse("partner_list")).content.decode()
    for i in range(27):
        make_partner(kasi_budi, f"Mitra {i:02d}")
    first = client.get(reverse("partner_list")).content.decode()
    assert "Halaman 1 dari 2" in first
    second = client.get(reverse("partner_list"), {"page": 2}).content.decode()
    assert second.count('data-testid="partner-row"') == 2


def test_kasi_registers_a_partner(client, kasi_budi):
    client.force_login(kasi_budi)
    assert client.get(reverse("partner_create")).status_code == 200
    response = client.post(reverse("partner_create"), partner_post())
    partner = Partner.objects.get(name="Pondok Pesantren Al-Hidayah")
    assert response.status_code == 302 and response.url == reverse("partner_detail", args=[partner.id])
    assert partner.phone == "+6281322334455"
    assert partner.village_id == "34.71.14.1002"
    page = client.get(response.url).content.decode()
    assert "Pondok Pesantren Al-Hidayah" in page and "Kepribadian, Bimbingan konseling" in page
    assert "Belum ada perjanjian" in page


def test_partner_form_shows_errors_in_indonesian(client, kasi_budi):
    make_partner(kasi_budi, "Pondok Pesantren Al-Hidayah")
    client.force_login(kasi_budi)
    response = client.post(reverse("partner_create"), partner_post(field_codes=[], phone="0812"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Periksa kembali isian yang ditandai." in page
    assert "Pilih paling sedikit satu bidang" in page or "wajib" in page
    assert Partner.objects.count() == 1
    response = client.post(reverse("partner_create"), partner_post())
    page = response.content.decode()
    assert "sudah terdaftar di Bapas ini" in page
    response = client.post(reverse("partner_create"), partner_post(name="Yayasan Baru", phone="0812"))
    assert "Nomor telepon 0812 tidak valid." in response.content.decode()


def test_kasi_edits_a_partner(client, kasi_budi):
    partner = make_partner(kasi_budi, "Yayasan Sekar Mlati")
    client.force_login(kasi_budi)
    form = client.get(reverse("partner_edit", args=[partner.id])).content.decode()
    assert 'value="Yayasan Sekar Mlati"' in form
    response = client.post(reverse("partner_edit", args=[partner.id]),
                           partner_post(name="Yayasan Sekar Mlati", kind="yayasan", active=""))  # fmt: skip
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.active is False and partner.contact_person == "K.H. Ahmad Mustofa"


def test_kasi_registers_an_agreement_with_pdf(client, kasi_budi):
    partner = make_partner(kasi_budi, fields=["kemandirian"])
    client.force_login(kasi_budi)
    assert client.get(reverse("agreement_create", args=[partner.id])).status_code == 200
    response = client.post(reverse("agreement_create", args=[partner.id]), {
        "number": "W14.PAS.PAS1-PK.01.05-123/2026", "kind": "pks", "start": "2026-01-02", "end": "2028-01-01",
        "document": pdf_file("PKS Yayasan.pdf"),
    })  # fmt: skip
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.fields == ["kemandirian"] and agreement.document_name == "PKS Yayasan.pdf"
    page = client.get(reverse("partner_detail", args=[partner.id])).content.decode()
    assert "W14.PAS.PAS1-PK.01.05-123/2026" in page
    doc = client.get(reverse("agreement_document", args=[agreement.id]))
    assert doc.status_code == 200 and doc["Content-Type"] == "application/pdf"
    assert b"".join(doc.streaming_content) == PDF


def test_agreement_form_errors_name_the_problem(client, kasi_budi):
    partner = make_partner(kasi_budi)
    client.force_login(kasi_budi)
    url = reverse("agreement_create", args=[partner.id])
    page = client.post(url, {"number": "X-1", "kind": "pks", "start": "2026-05-01", "end": "2026-04-01",
                             "document": pdf_file("pks.docx", b"PK\x03\x04")}).content.decode()  # fmt: skip
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in page
    assert "bukan PDF" in page
    page = client.post(
        url, {"number": "X-1", "kind": "pks", "start": "2026-05-01", "end": "2027-04-01"}
    ).content.decode()
    assert "Unggah dokumen perjanjian" in page
    page = client.post(url, {"number": "", "kind": "pks", "start": "", "end": "2027-04-01",
                             "document": pdf_file()}).content.decode()  # fmt: skip
    assert "Pilih lagi berkas PDF-nya" in page
    assert Agreement.objects.count() == 0


def test_agreement_upload_size_limit(client, kasi_budi, settings):
    settings.PARTNER_AGREEMENT_MAX_MB = 1
    partner = make_partner(kasi_budi)
    client.force_login(kasi_budi)
    page = client.post(reverse("agreement_create", args=[partner.id]), {
        "number": "X-2", "kind": "mou", "start": "2026-05-01", "end": "2027-04-01",
        "document": pdf_file("besar.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 10)),
    }).content.decode()  # fmt: skip
    assert "terlalu besar" in page and "batasnya 1 MB" in page
    assert "paling besar 1 MB" in page  # the help text says the limit before the upload


def test_kasi_creates_partner_account_with_password_shown_once(client, kasi_budi):
    partner = make_partner(kasi_budi)
    client.force_login(kasi_budi)
    url = reverse("partner_user_create", args=[partner.id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "pokmas_sekar", "full_name": "Sri Rahayu"})
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    user = User.objects.get(username="pokmas_sekar")
    password = page.split('data-testid="new-password">')[1].split("<")[0]
    assert user.check_password(password)
    assert user.roles == [Role.MITRA] and PartnerMember.objects.get(user=user).partner == partner
    detail = client.get(reverse("partner_detail", args=[partner.id])).content.decode()
    assert "pokmas_sekar" in detail and password not in detail


def test_kasi_may_set_the_password_and_errors_are_clear(client, kasi_budi):
    partner = make_partner(kasi_budi)
    client.force_login(kasi_budi)
    url = reverse("partner_user_create", args=[partner.id])
    page = client.post(url, {"username": "kasi_budi", "full_name": "X", "password": "123"}).content.decode()
    assert "Nama pengguna kasi_budi sudah dipakai." in page
    assert "Periksa kembali isian" in page
    page = client.post(
        url, {"username": "pokmas2", "full_name": "Joko", "password": "Lele-Mina-2026!"}
    ).content.decode()
    assert "Akun memakai kata sandi yang Anda tetapkan." in page and "Lele-Mina-2026!" not in page
    assert User.objects.get(username="pokmas2").check_password("Lele-Mina-2026!")


def test_expiring_page_and_panel(client, kasi_budi):
    today = timezone.localdate()
    lbh = make_partner(kasi_budi, "LBH Pelita Keadilan")
    make_agreement(kasi_budi, lbh, start=today - dt.timedelta(days=300), days=340)
    client.force_login(kasi_budi)
    page = client.get(reverse("partner_agreements_expiring")).content.decode()
    assert page.count('data-testid="expiring-row"') == 1 and "LBH Pelita Keadilan" in page
    assert "Daftarkan perpanjangan" in page
    panel = client.get(reverse("partner_agreements_expiring"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in panel and "LBH Pelita Keadilan" in panel and "sisa 40 hari" in panel


def test_expiring_page_empty_state(client, kasi_wati):
    client.force_login(kasi_wati)
    page = client.get(reverse("partner_agreements_expiring")).content.decode()
    assert "Tidak ada perjanjian yang berakhir dalam 60 hari ke depan." in page


def test_other_bapas_lead_gets_404_for_partner_pages(client, kasi_budi, kasi_wati):
    partner = make_partner(kasi_budi)
    agreement = make_agreement(kasi_budi, partner)
    client.force_login(kasi_wati)
    for name in ("partner_detail", "partner_edit", "agreement_create", "partner_user_create"):
        assert client.get(reverse(name, args=[partner.id])).status_code == 404, name
    assert client.get(reverse("agreement_document", args=[agreement.id])).status_code == 404


def test_pk_and_offices_cannot_open_partner_pages(client, kasi_budi, pk_andi, kanwil_hadi):
    partner = make_partner(kasi_budi)
    for user in (pk_andi, kanwil_hadi):
        client.force_login(user)
        assert client.get(reverse("partner_list")).status_code == 403
        assert client.get(reverse("partner_detail", args=[partner.id])).status_code == 403
