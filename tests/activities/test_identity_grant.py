"""A Bapas lead lets the partner running one activity see the enrolled children's names: masked before,
named after the grant (pages and sign-in sheet), still masked in another activity and after revocation."""

import datetime as dt
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from bimkemas.activities.models import IdentityGrant
from bimkemas.activities.services import enrol, identity_grant, identity_revoke
from bimkemas.audit.models import AuditEntry
from tests.activities.factories import make_activity

pytestmark = pytest.mark.django_db
MASK = "Anak (identitas dirahasiakan)"


def sheet_text(client, activity, tmp_path) -> str:
    response = client.get(reverse("activity_sheet", args=[activity.id]))
    assert response.status_code == 200
    pdf = tmp_path / f"sheet-{activity.id}.pdf"
    pdf.write_bytes(response.content)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,  # noqa: S603, S607
                          check=True).stdout  # fmt: skip


@pytest.fixture
def two_activities(pk_andi, sekar, caseload):
    """Two activities of the partner, each with Rudi (adult) and the child Dimas enrolled."""
    day = timezone.localdate() + dt.timedelta(days=3)
    lele = make_activity(pk_andi, partner=sekar, day=day, topic="Budidaya lele")
    jahit = make_activity(pk_andi, partner=sekar, day=day, hour=13, topic="Menjahit")
    for activity in (lele, jahit):
        enrol(actor=pk_andi, activity=activity, cases=[caseload[0], caseload[3]])
    return lele, jahit


def test_partner_sees_child_name_only_in_the_granted_activity(client, kasi_budi, sekar, two_activities,
                                                              caseload, tmp_path):  # fmt: skip
    lele, jahit = two_activities
    child = caseload[3]
    client.force_login(sekar.user)
    before = client.get(reverse("activity_detail", args=[lele.id])).content.decode()
    assert "Dimas Anggoro" not in before and MASK in before
    assert "Dimas Anggoro" not in sheet_text(client, lele, tmp_path)

    identity_grant(actor=kasi_budi, activity=lele, reason="Pelatih perlu memanggil nama peserta")
    after = client.get(reverse("activity_detail", args=[lele.id])).content.decode()
    assert "Dimas Anggoro" in after and MASK not in after and 'data-testid="grant-note"' in after
    # still never the offence, the address, or the register number of the child
    assert "362" not in after and child.register_number not in after
    rollcall = client.get(reverse("activity_rollcall", args=[lele.id])).content.decode()
    assert "Dimas Anggoro" in rollcall
    assert "Dimas Anggoro" in sheet_text(client, lele, tmp_path)

    other = client.get(reverse("activity_detail", args=[jahit.id])).content.decode()
    assert "Dimas Anggoro" not in other and MASK in other
    assert "Dimas Anggoro" not in sheet_text(client, jahit, tmp_path)

    identity_revoke(actor=kasi_budi, activity=lele)
    revoked = client.get(reverse("activity_detail", args=[lele.id])).content.decode()
    assert "Dimas Anggoro" not in revoked and MASK in revoked
    assert "Dimas Anggoro" not in sheet_text(client, lele, tmp_path)


def test_grant_is_recorded_audited_and_only_by_leads_of_the_bapas(kasi_budi, kepala_dewi, pk_andi, kasi_wati,
                                                                   sekar, two_activities):  # fmt: skip
    lele, _jahit = two_activities
    for actor in (pk_andi, kasi_wati, sekar.user):
        with pytest.raises(PermissionDenied):
            identity_grant(actor=actor, activity=lele, reason="x")
    with pytest.raises(ValidationError) as exc:
        identity_grant(actor=kasi_budi, activity=lele, reason=" ")
    assert "reason" in exc.value.message_dict
    grant = identity_grant(actor=kepala_dewi, activity=lele, reason="Sertifikat pelatihan atas nama peserta")
    assert grant.granted_by == kepala_dewi and grant.granted_at is not None
    with pytest.raises(ValidationError):
        identity_grant(actor=kasi_budi, activity=lele, reason="lagi")
    with pytest.raises(PermissionDenied):
        identity_revoke(actor=pk_andi, activity=lele)
    identity_revoke(actor=kasi_budi, activity=lele)
    grant.refresh_from_db()
    assert grant.revoked_by == kasi_budi and grant.revoked_at is not None
    with pytest.raises(ValidationError):
        identity_revoke(actor=kasi_budi, activity=lele)
    assert AuditEntry.objects.filter(
        context="activity_identity_grant", object_id=grant.id, actor=kepala_dewi
    ).exists()
    assert AuditEntry.objects.filter(
        context="activity_identity_revoke", object_id=grant.id, actor=kasi_budi
    ).exists()
    # A new grant after the revocation is a new record.
    identity_grant(actor=kasi_budi, activity=lele, reason="Kelas lanjutan")
    assert IdentityGrant.objects.filter(activity=lele).count() == 2


def test_bapas_own_activity_needs_no_grant(kasi_budi):
    activity = make_activity(kasi_budi)
    with pytest.raises(ValidationError):
        identity_grant(actor=kasi_budi, activity=activity, reason="x")


def test_grant_and_revoke_pages(client, kasi_budi, pk_andi, sekar, two_activities):
    lele, _jahit = two_activities
    client.force_login(pk_andi)
    page = client.get(reverse("activity_detail", args=[lele.id])).content.decode()
    assert reverse("activity_identity_grant", args=[lele.id]) not in page
    assert client.post(reverse("activity_identity_grant", args=[lele.id]), {"reason": "x"}).status_code == 403
    client.force_login(kasi_budi)
    page = client.get(reverse("activity_detail", args=[lele.id])).content.decode()
    assert reverse("activity_identity_grant", args=[lele.id]) in page
    response = client.post(reverse("activity_identity_grant", args=[lele.id]), {"reason": ""})
    assert (
        response.status_code == 400
        and "Alasan membuka identitas anak wajib diisi." in response.content.decode()
    )
    response = client.post(reverse("activity_identity_grant", args=[lele.id]), {"reason": "Pemanggilan nama"})
    assert response.status_code == 302
    page = client.get(reverse("activity_detail", args=[lele.id])).content.decode()
    assert 'data-testid="grant-current"' in page and "Budi Santoso" in page and "Pemanggilan nama" in page
    assert client.post(reverse("activity_identity_revoke", args=[lele.id])).status_code == 302
    page = client.get(reverse("activity_detail", args=[lele.id])).content.decode()
    assert 'data-testid="grant-current"' not in page and "Riwayat izin" in page
    client.force_login(sekar.user)  # the partner cannot grant itself
    assert client.post(reverse("activity_identity_grant", args=[lele.id]), {"reason": "x"}).status_code == 403
    assert not IdentityGrant.objects.filter(activity=lele, revoked_at__isnull=True).exists()
