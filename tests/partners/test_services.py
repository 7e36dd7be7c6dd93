"""Partners, agreements and partner users: the services' rules and the selectors' answers."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from bimkemas.audit.models import AuditEntry
from bimkemas.org.models import Role
from bimkemas.partners.models import Agreement, AgreementStatus, Partner, agreement_status_on
from bimkemas.partners.selectors import (
    agreement_is_active,
    agreements_expiring,
    partner_for_member,
    partner_list,
)
from bimkemas.partners.services import (
    AgreementData,
    PartnerData,
    partner_create,
    partner_update,
    partner_user_create,
)
from tests.partners.factories import make_agreement, make_partner, pdf_file

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


def test_kasi_registers_partner_with_normalised_phone_fields_and_area(kasi_budi):
    partner = make_partner(kasi_budi, "  Yayasan   Sekar Mlati ", phone="0812 3456 7890",
                           fields=["kepribadian", "konseling"], village_id="34.04.06.2002",
                           area_ids=["34.04", "34.71"])  # fmt: skip
    partner.refresh_from_db()
    assert partner.name == "Yayasan Sekar Mlati"
    assert partner.bapas == kasi_budi.unit
    assert partner.phone == "+6281234567890"
    assert partner.field_codes == ",kepribadian,konseling,"
    assert partner.field_labels == ["Kepribadian", "Bimbingan konseling"]
    assert sorted(partner.area.values_list("code", flat=True)) == ["34.04", "34.71"]
    assert AuditEntry.objects.filter(object_type="partner", object_id=partner.id, action="create").exists()


def test_partner_rules_name_each_wrong_field(kasi_budi):
    make_partner(kasi_budi, "LBH Pelita Keadilan")
    with pytest.raises(ValidationError) as exc:
        partner_create(actor=kasi_budi, bapas=kasi_budi.unit, data=PartnerData(
            name="lbh pelita keadilan", kind="bukan", fields=[], phone="12", email="x@", village_id="34.99.99.9999",
        ))  # fmt: skip
    errors = exc.value.message_dict
    assert "sudah terdaftar" in errors["name"][0]
    assert set(errors) == {"name", "kind", "field_codes", "phone", "email", "village"}


def test_only_leads_of_the_same_bapas_manage_partners(kasi_budi, kasi_wati, pk_andi):
    partner = make_partner(kasi_budi)
    data = PartnerData(name="Yayasan Lain", kind="yayasan", fields=["hukum"])
    with pytest.raises(PermissionDenied):
        partner_create(actor=pk_andi, bapas=kasi_budi.unit, data=data)
    with pytest.raises(PermissionDenied):
        partner_update(actor=kasi_wati, partner=partner, data=data)


def test_same_name_allowed_in_another_bapas(kasi_budi, kasi_wati):
    make_partner(kasi_budi, "Karang Taruna Tunas Harapan")
    other = make_partner(kasi_wati, "Karang Taruna Tunas Harapan")
    assert other.bapas == kasi_wati.unit


def test_update_records_changes_in_audit(kasi_budi):
    partner = make_partner(kasi_budi)
    partner_update(actor=kasi_budi, partner=partner, data=PartnerData(
        name="Yayasan Sekar Mlati", kind="yayasan", fields=["kepribadian"], contact_person="Sri Rahayu",
        area_ids=["34.71"], active=False,
    ))  # fmt: skip
    entry = AuditEntry.objects.get(object_type="partner", object_id=partner.id, action="update")
    assert entry.changes["contact_person"] == ["", "Sri Rahayu"]
    assert entry.changes["active"] == [True, False]
    assert entry.changes["area"] == [[], ["34.71"]]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2026, 1, 1), AgreementStatus.UPCOMING),
        (dt.date(2026, 2, 1), AgreementStatus.ACTIVE),
        (dt.date(2026, 10, 3), AgreementStatus.ACTIVE),  # 61 days before the end
        (dt.date(2026, 10, 4), AgreementStatus.EXPIRING),  # 60 days before
        (dt.date(2026, 12, 3), AgreementStatus.EXPIRING),  # the last day
        (dt.date(2026, 12, 4), AgreementStatus.EXPIRED),
    ],
)
def test_agreement_status_by_date(on, expected):
    assert agreement_status_on(dt.date(2026, 2, 1), dt.date(2026, 12, 3), on) == expected


@override_settings(PARTNER_AGREEMENT_WARNING_DAYS=10)
def test_warning_days_come_from_settings():
    assert agreement_status_on(dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 12, 20)) == "active"
    assert (
        agreement_status_on(dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 12, 21)) == "expiring"
    )


def test_agreement_stores_pdf_and_audits(kasi_budi):
    partner = make_partner(kasi_budi, fields=["kemandirian", "hukum"])
    agreement = make_agreement(kasi_budi, partner, number="W14-PKS-1/2026")
    agreement.refresh_from_db()
    assert agreement.fields == ["kemandirian", "hukum"]  # the partner's fields when none are given
    assert agreement.bapas == kasi_budi.unit
    assert agreement.document.name.startswith(f"partners/agreements/{kasi_budi.unit_id}/")
    assert agreement.document_name == "pks-bertanda-tangan.pdf"
    with agreement.document.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert AuditEntry.objects.filter(object_type="agreement", object_id=agreement.id).exists()


def test_agreement_rules(kasi_budi):
    partner = make_partner(kasi_budi)
    make_agreement(kasi_budi, partner, number="PKS-7/2026")
    bad = AgreementData(number="pks-7/2026", kind="xx", start=TODAY, end=TODAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        from bimkemas.partners.services import agreement_create

        agreement_create(actor=kasi_budi, partner=partner, data=bad, document=None)
    errors = exc.value.message_dict
    assert "sudah terdaftar" in errors["number"][0]
    assert "sebelum tanggal mulai" in errors["end"][0]
    assert "PDF" in errors["document"][0]
    assert set(errors) == {"number", "kind", "end", "document"}
    assert Agreement.objects.count() == 1


def test_agreement_document_must_be_a_small_pdf(kasi_budi, settings):
    from bimkemas.partners.services import agreement_create

    partner = make_partner(kasi_budi)
    data = AgreementData(number="PKS-8/2026", kind="pks", start=TODAY, end=TODAY + dt.timedelta(days=365))
    with pytest.raises(ValidationError) as exc:
        agreement_create(
            actor=kasi_budi, partner=partner, data=data, document=pdf_file("scan.docx", b"PK\x03\x04")
        )
    assert "bukan PDF" in exc.value.message_dict["document"][0]
    with pytest.raises(ValidationError) as exc:  # named .pdf but not a PDF inside
        agreement_create(
            actor=kasi_budi, partner=partner, data=data, document=pdf_file("scan.pdf", b"<html>")
        )
    assert "bukan PDF" in exc.value.message_dict["document"][0]
    settings.PARTNER_AGREEMENT_MAX_MB = 1
    big = pdf_file("besar.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as exc:
        agreement_create(actor=kasi_budi, partner=partner, data=data, document=big)
    assert "terlalu besar" in exc.value.message_dict["document"][0]
    assert "1 MB" in exc.value.message_dict["document"][0]


def test_agreement_is_active_blocks_after_the_end_and_for_inactive_partners(kasi_budi):
    partner = make_partner(kasi_budi, fields=["kemandirian", "hukum"])
    start = dt.date(2025, 1, 1)
    make_agreement(kasi_budi, partner, start=start, days=364, fields=["kemandirian"])  # to 2025-12-31
    assert not agreement_is_active(partner, on=dt.date(2024, 12, 31))
    assert agreement_is_active(partner, on=dt.date(2025, 6, 1))
    assert agreement_is_active(partner, on=dt.date(2025, 12, 31))
    assert not agreement_is_active(partner, on=dt.date(2026, 1, 1))  # expired: no new activities
    assert agreement_is_active(partner, on=dt.date(2025, 6, 1), field="kemandirian")
    assert not agreement_is_active(partner, on=dt.date(2025, 6, 1), field="hukum")
    Partner.objects.filter(id=partner.id).update(active=False)
    partner.refresh_from_db()
    assert not agreement_is_active(partner, on=dt.date(2025, 6, 1))


def test_expiring_list_leaves_out_renewed_and_other_bapas(kasi_budi, kasi_wati):
    today = timezone.localdate()
    lbh = make_partner(kasi_budi, "LBH Pelita Keadilan")
    make_agreement(kasi_budi, lbh, start=today - dt.timedelta(days=300), days=330)  # 30 days left
    renewed = make_partner(kasi_budi, "Yayasan Diperpanjang")
    make_agreement(kasi_budi, renewed, start=today - dt.timedelta(days=300), days=320)
    make_agreement(kasi_budi, renewed, start=today + dt.timedelta(days=21), days=700)  # the renewal
    far = make_partner(kasi_budi, "Yayasan Masih Lama")
    make_agreement(kasi_budi, far, days=400)
    gone = make_partner(kasi_budi, "Yayasan Sudah Berakhir")
    make_agreement(kasi_budi, gone, start=today - dt.timedelta(days=400), days=300)
    other = make_partner(kasi_wati, "LBH Gunungkidul")
    make_agreement(kasi_wati, other, start=today - dt.timedelta(days=300), days=310)
    names = [a.partner.name for a in agreements_expiring(actor=kasi_budi)]
    assert names == ["LBH Pelita Keadilan"]
    assert [a.partner.name for a in agreements_expiring(actor=kasi_wati)] == ["LBH Gunungkidul"]


def test_partner_list_flags_filters_and_search(kasi_budi, kasi_wati):
    today = timezone.localdate()
    a = make_partner(kasi_budi, "LBH Pelita Keadilan", fields=["hukum"])
    make_agreement(kasi_budi, a, start=today - dt.timedelta(days=300), days=330)
    b = make_partner(kasi_budi, "Karang Taruna Sinduadi", fields=["kemasyarakatan"], contact_person="Wahyu")
    make_agreement(kasi_budi, b, start=today - dt.timedelta(days=800), days=700)
    make_partner(kasi_budi, "CV Mina Makmur", fields=["kemandirian"])
    make_partner(kasi_wati, "LBH Handayani", fields=["hukum"])

    def names(**kw):
        return [p.name for p in partner_list(actor=kasi_budi, **kw)]

    assert names() == ["CV Mina Makmur", "Karang Taruna Sinduadi", "LBH Pelita Keadilan"]
    assert names(field="hukum") == ["LBH Pelita Keadilan"]
    assert names(flag="expiring") == ["LBH Pelita Keadilan"]
    assert names(flag="expired") == ["Karang Taruna Sinduadi"]
    assert names(flag="none") == ["CV Mina Makmur"]
    assert names(query="wahyu") == ["Karang Taruna Sinduadi"]


def test_partner_user_gets_generated_password_and_mitra_role(kasi_budi):
    partner = make_partner(kasi_budi)
    user, password = partner_user_create(actor=kasi_budi, partner=partner, username="pokmas_sekar",
                                         full_name="Sri Rahayu")  # fmt: skip
    assert len(password) >= 12
    assert user.check_password(password)
    assert user.roles == [Role.MITRA]
    assert user.unit is None and user.bapas is None
    assert partner_for_member(user) == partner
    assert AuditEntry.objects.filter(object_type="user", object_id=user.id, action="create").exists()


def test_partner_user_rules(kasi_budi, pk_andi):
    partner = make_partner(kasi_budi)
    with pytest.raises(ValidationError) as exc:
        partner_user_create(
            actor=kasi_budi, partner=partner, username="pk_andi", full_name="", password="123"
        )
    errors = exc.value.message_dict
    assert "sudah dipakai" in errors["username"][0]
    assert errors["full_name"]
    assert errors["password"]  # too short and too common, in Django's words
    with pytest.raises(PermissionDenied):
        partner_user_create(actor=pk_andi, partner=partner, username="baru", full_name="Baru")


def test_mitra_without_membership_has_no_partner(kasi_budi):
    from tests.org.factories import UserFactory

    ani = UserFactory(username="mitra_ani", roles=[Role.MITRA])
    assert partner_for_member(ani) is None
    assert partner_for_member(kasi_budi) is None
