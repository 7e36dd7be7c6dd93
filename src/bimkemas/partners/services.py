"""Every write of the partners app: partners, agreements (with the signed document), partner users."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from bimkemas.audit.services import audit_record, diff, snapshot
from bimkemas.clients.phones import phone_e164
from bimkemas.org.models import Role, Unit, User
from bimkemas.partners.models import Agreement, AgreementKind, Field, Partner, PartnerKind, PartnerMember
from bimkemas.regions.models import Region

PARTNER_FIELDS = ["name", "kind", "field_codes", "contact_person", "phone", "email", "address",
                  "village_id", "active"]  # fmt: skip
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - not a password


def max_document_bytes() -> int:
    """Upper limit of a signed agreement upload (settings.PARTNER_AGREEMENT_MAX_MB, default 10 MB)."""
    return int(getattr(settings, "PARTNER_AGREEMENT_MAX_MB", 10)) * 1024 * 1024


def _require_lead(actor: User, bapas: Unit) -> None:
    if not (actor.is_authenticated and actor.is_bapas_lead and actor.unit_id == bapas.id):
        raise PermissionDenied(_("Hanya Kasi, Kasubsi atau Kepala Bapas ini yang dapat melakukan ini."))


@dataclass
class PartnerData:
    name: str
    kind: str
    fields: list[str] = field(default_factory=list)
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    village_id: str | None = None
    area_ids: list[str] = field(default_factory=list)
    active: bool = True


def partner_validate(*, bapas: Unit, data: PartnerData, partner: Partner | None = None) -> PartnerData:
    """Check the business rules; returns the data normalised (phone in E.164). Raises ValidationError."""
    errors: dict[str, list[str]] = {}
    data.name = " ".join(data.name.split())
    if not data.name:
        errors.setdefault("name", []).append(_("Nama mitra wajib diisi."))
    else:
        same = Partner.objects.filter(bapas=bapas, name__iexact=data.name)
        if partner is not None:
            same = same.exclude(id=partner.id)
        if same.exists():
            errors.setdefault("name", []).append(
                _("Mitra dengan nama %(name)s sudah terdaftar di Bapas ini.") % {"name": data.name}
            )
    if data.kind not in PartnerKind.values:
        errors.setdefault("kind", []).append(_("Pilih jenis mitra."))
    unknown = [f for f in data.fields if f not in Field.values]
    if unknown or not data.fields:
        errors.setdefault("field_codes", []).append(_("Pilih paling sedikit satu bidang pembimbingan."))
    if data.phone.strip():
        try:
            data.phone = phone_e164(data.phone)
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(exc.messages)
    else:
        data.phone = ""
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            errors.setdefault("email", []).append(_("Alamat e-mail tidak valid."))
    if (
        data.village_id
        and not Region.objects.filter(code=data.village_id, level=Region.Level.VILLAGE).exists()
    ):
        errors.setdefault("village", []).append(_("Kelurahan/desa tidak ditemukan."))
    if data.area_ids:
        found = set(Region.objects.filter(code__in=data.area_ids).values_list("code", flat=True))
        if missing := [c for c in data.area_ids if c not in found]:
            errors.setdefault("area", []).append(
                _("Wilayah tidak ditemukan: %(codes)s.") % {"codes": ", ".join(missing)}
            )
    if errors:
        raise ValidationError(errors)
    return data


def _apply(partner: Partner, data: PartnerData) -> None:
    partner.name = data.name
    partner.kind = data.kind
    partner.fields = data.fields
    partner.contact_person = data.contact_person.strip()
    partner.phone = data.phone
    partner.email = data.email.strip()
    partner.address = data.address.strip()
    partner.village_id = data.village_id or None
    partner.active = data.active


@transaction.atomic
def partner_create(*, actor: User, bapas: Unit, data: PartnerData) -> Partner:
    _require_lead(actor, bapas)
    data = partner_validate(bapas=bapas, data=data)
    partner = Partner(bapas=bapas, created_by=actor)
    _apply(partner, data)
    partner.save()
    partner.area.set(data.area_ids)
    audit_record(actor=actor, action="create", obj=partner, changes=diff({}, snapshot(partner, PARTNER_FIELDS)),
                 context="partner_create")  # fmt: skip
    return partner


@transaction.atomic
def partner_update(*, actor: User, partner: Partner, data: PartnerData) -> Partner:
    _require_lead(actor, partner.bapas)
    data = partner_validate(bapas=partner.bapas, data=data, partner=partner)
    before = snapshot(partner, PARTNER_FIELDS)
    before_area = sorted(partner.area.values_list("code", flat=True))
    _apply(partner, data)
    partner.save()
    partner.area.set(data.area_ids)
    changes = diff(before, snapshot(partner, PARTNER_FIELDS))
    if sorted(data.area_ids) != before_area:
        changes["area"] = [before_area, sorted(data.area_ids)]
    audit_record(actor=actor, action="update", obj=partner, changes=changes, context="partner_update")
    return partner


@dataclass
class AgreementData:
    number: str
    kind: str
    start: dt.date
    end: dt.date
    fields: list[str] = field(default_factory=list)


def document_validate(document: UploadedFile | None) -> None:
    """A signed agreement must be a PDF no larger than the limit."""
    if document is None:
        raise ValidationError({"document": [_("Unggah dokumen perjanjian yang sudah ditandatangani (PDF).")]})
    limit = max_document_bytes()
    if document.size > limit:
        raise ValidationError({"document": [
            _("Berkas %(name)s terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"name": document.name, "size": f"{document.size / 1048576:.1f}", "limit": limit // 1048576}
        ]})  # fmt: skip
    document.seek(0)
    head = document.read(5)
    document.seek(0)
    if not document.name.lower().endswith(".pdf") or head != b"%PDF-":
        raise ValidationError({"document": [
            _("Berkas %(name)s bukan PDF. Unggah hasil pindaian perjanjian dalam format PDF.")
            % {"name": document.name}
        ]})  # fmt: skip


@transaction.atomic
def agreement_create(
    *, actor: User, partner: Partner, data: AgreementData, document: UploadedFile | None
) -> Agreement:
    """Register a signed PKS/MoU with its scanned document."""
    bapas = partner.bapas
    _require_lead(actor, bapas)
    errors: dict[str, list[str]] = {}
    number = " ".join(data.number.split())
    if not number:
        errors["number"] = [_("Nomor perjanjian wajib diisi.")]
    elif Agreement.objects.filter(bapas=bapas, number__iexact=number).exists():
        errors["number"] = [_("Nomor perjanjian %(number)s sudah terdaftar.") % {"number": number}]
    if data.kind not in AgreementKind.values:
        errors["kind"] = [_("Pilih jenis perjanjian (PKS atau MoU).")]
    if data.start and data.end and data.end < data.start:
        errors["end"] = [_("Tanggal berakhir tidak boleh sebelum tanggal mulai.")]
    fields = data.fields or partner.fields
    if any(f not in Field.values for f in fields) or not fields:
        errors["field_codes"] = [_("Pilih paling sedikit satu bidang pembimbingan.")]
    try:
        document_validate(document)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    agreement = Agreement(partner=partner, bapas=bapas, number=number, kind=data.kind, start=data.start,
                          end=data.end, created_by=actor, document_name=document.name[-200:])  # fmt: skip
    agreement.fields = fields
    agreement.document.save(document.name, document, save=False)
    agreement.save()
    audit_record(actor=actor, action="create", obj=agreement, context="agreement_create",
                 changes={"number": [None, number], "partner": [None, partner.id],
                          "start": [None, data.start.isoformat()], "end": [None, data.end.isoformat()]})  # fmt: skip
    return agreement


def password_generate(length: int = 12) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


@transaction.atomic
def partner_user_create(
    *, actor: User, partner: Partner, username: str, full_name: str, email: str = "", password: str = ""
) -> tuple[User, str]:
    """Create a login (role mitra, no unit) for a partner. Returns the user and the initial password
    (generated when none is given) — show it once; it is stored only as a hash."""
    _require_lead(actor, partner.bapas)
    errors: dict[str, list[str]] = {}
    username = username.strip()
    if not username:
        errors["username"] = [_("Nama pengguna wajib diisi.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("Nama pengguna %(u)s sudah dipakai.") % {"u": username}]
    if not full_name.strip():
        errors["full_name"] = [_("Nama lengkap wajib diisi.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Alamat e-mail tidak valid.")]
    generated = not password
    password = password or password_generate()
    user = User(username=username, full_name=full_name.strip(), email=email.strip())
    user.roles = [Role.MITRA]
    if not generated:
        try:
            validate_password(password, user=user)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    PartnerMember.objects.create(user=user, partner=partner, created_by=actor)
    audit_record(actor=actor, action="create", obj=user, context="partner_user_create",
                 changes={"username": [None, username], "partner": [None, partner.id]})  # fmt: skip
    return user, password
