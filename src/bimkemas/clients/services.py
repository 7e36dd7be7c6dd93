"""Operations that change persons. Each takes the acting user explicitly and writes an audit entry."""

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.audit.services import audit_record, diff, snapshot
from bimkemas.clients.models import Person, PersonAlias, PersonPhone, PersonPhoto
from bimkemas.clients.names import name_key
from bimkemas.clients.nik import nik_check
from bimkemas.clients.phones import phone_e164
from bimkemas.clients.photos import photo_check
from bimkemas.org.models import User

PERSON_FIELDS = [
    "nik", "name", "birth_place", "birth_date", "sex", "religion", "education", "occupation",
    "marital_status", "mother_name", "village", "address", "rt", "rw",
]  # fmt: skip


@dataclass
class PersonData:
    name: str
    sex: str
    nik: str | None = None
    birth_place: str = ""
    birth_date: dt.date | None = None
    religion: str = ""
    education: str = ""
    occupation: str = ""
    marital_status: str = ""
    mother_name: str = ""
    village_id: str | None = None
    address: str = ""
    rt: str = ""
    rw: str = ""
    aliases: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)


def person_validate(
    data: PersonData, *, existing: Person | None = None
) -> tuple[dict[str, list[str]], list[str]]:
    """Field errors (reject) and warnings (accept) for a person's data."""
    errors: dict[str, list[str]] = {}
    warnings: list[str] = []
    if not data.name.strip():
        errors.setdefault("name", []).append(_("Nama wajib diisi."))
    if len(data.name) > 120:
        errors.setdefault("name", []).append(_("Nama paling banyak 120 karakter."))
    if data.sex not in ("L", "P"):
        errors.setdefault("sex", []).append(_("Jenis kelamin harus L atau P."))
    if data.nik:
        check = nik_check(data.nik, birth_date=data.birth_date, sex=data.sex)
        if check.errors:
            errors.setdefault("nik", []).extend(check.errors)
        warnings.extend(check.warnings)
        clash = Person.objects.filter(nik=check.nik)
        if existing:
            clash = clash.exclude(id=existing.id)
        if check.valid and clash.exists():
            errors.setdefault("nik", []).append(
                _("NIK %(nik)s sudah terdaftar untuk orang lain.") % {"nik": check.nik}
            )
    if data.birth_date and data.birth_date > timezone.localdate():
        errors.setdefault("birth_date", []).append(_("Tanggal lahir tidak boleh di masa depan."))
    for label, value in (("rt", data.rt), ("rw", data.rw)):
        if value and (not value.isdigit() or len(value) > 3):
            errors.setdefault(label, []).append(
                _("%(label)s harus angka, paling banyak 3 digit.") % {"label": label.upper()}
            )
    if data.village_id:
        from bimkemas.regions.models import Region

        if not Region.objects.filter(code=data.village_id, level=Region.Level.VILLAGE).exists():
            errors.setdefault("village", []).append(
                _("Kode kelurahan/desa %(code)s tidak dikenal.") % {"code": data.village_id}
            )
    for raw in data.phones:
        try:
            phone_e164(raw)
        except ValidationError as exc:
            errors.setdefault("phones", []).extend(exc.messages)
    return errors, warnings


def person_apply(person: Person, data: PersonData) -> None:
    person.nik = "".join(ch for ch in data.nik if ch.isdigit()) if data.nik else None
    person.name = " ".join(data.name.split())
    person.name_key = name_key(person.name)
    for attr in ("birth_place", "birth_date", "sex", "religion", "education", "occupation", "marital_status",
                 "mother_name", "village_id", "address", "rt", "rw"):  # fmt: skip
        setattr(person, attr, getattr(data, attr))


def _set_children(person: Person, data: PersonData) -> None:
    person.aliases.all().delete()
    PersonAlias.objects.bulk_create(
        [PersonAlias(person=person, name=a.strip(), name_key=name_key(a)) for a in data.aliases if a.strip()]
    )
    person.phones.all().delete()
    PersonPhone.objects.bulk_create(
        [PersonPhone(person=person, number=phone_e164(p)) for p in dict.fromkeys(data.phones) if p.strip()]
    )


def _checked_photo(errors: dict[str, list[str]], photo: File | None) -> ContentFile | None:
    """The photo to store (its problems added to `errors`), so that one answer names every problem."""
    if photo is None:
        return None
    try:
        return photo_check(photo)
    except ValidationError as exc:
        for message in exc.message_dict.get("photo", []):
            errors.setdefault("photo", []).append(message)
        return None


def _photo_name(person: Person) -> str:
    """The stored file's name for the audit log (random, says nothing about the person), or ""."""
    photo = person.photo
    return photo.name.rsplit("/", 1)[-1] if photo else ""


def _photo_set(*, actor: User, person: Person, content: ContentFile | None, clear: bool) -> None:
    """Store the new photo, or remove the old one. Called last in a service, so that the file is written only
    when everything else succeeded; the old file is deleted once the change is committed."""
    record = PersonPhoto.objects.filter(person_id=person.id).first()
    old = record.image.name if record else ""
    if content is not None:
        record = record or PersonPhoto(person=person)
        record.uploaded_by = actor
        record.image.save(content.name, content, save=False)
        try:
            record.save()
        except BaseException:
            default_storage.delete(record.image.name)
            raise
    elif clear and record is not None:
        record.delete()
    else:
        return
    if old:
        transaction.on_commit(lambda: default_storage.delete(old))
    person._state.fields_cache.pop("photo_record", None)


@transaction.atomic
def person_create(*, actor: User, data: PersonData, photo: File | None = None) -> Person:
    """Register a person; `photo` (optional) is an uploaded JPEG/PNG, checked with the data."""
    errors, warnings = person_validate(data)
    content = _checked_photo(errors, photo)
    if errors:
        raise ValidationError(errors)
    person = Person()
    person_apply(person, data)
    person.nik_warnings = warnings
    person.save()
    _set_children(person, data)
    changes = diff({}, snapshot(person))
    if content is not None:
        _photo_set(actor=actor, person=person, content=content, clear=False)
        changes["photo"] = [None, _photo_name(person)]
    audit_record(actor=actor, action="create", obj=person, changes=changes, context="person_create")
    return person


@transaction.atomic
def person_photo_set(*, actor: User, person: Person, photo: File) -> Person:
    """Give (or replace) the person's photo alone: the photo sent with the penerimaan form, attached last in
    the registration's transaction so that a failure before it leaves no file behind."""
    errors: dict[str, list[str]] = {}
    content = _checked_photo(errors, photo)
    if errors:
        raise ValidationError(errors)
    person = Person.objects.select_for_update().get(id=person.id)
    before = _photo_name(person)
    _photo_set(actor=actor, person=person, content=content, clear=False)
    audit_record(actor=actor, action="update", obj=person, changes={"photo": [before, _photo_name(person)]},
                 context="person_photo_set")  # fmt: skip
    return person


@transaction.atomic
def person_update(
    *, actor: User, person: Person, data: PersonData, photo: File | None = None, photo_clear: bool = False
) -> Person:
    """Change a person's data and, optionally, replace (`photo`) or remove (`photo_clear`) the photo. All or
    nothing: any problem in the data or the photo leaves the person unchanged."""
    errors, warnings = person_validate(data, existing=person)
    content = _checked_photo(errors, photo)
    if errors:
        raise ValidationError(errors)
    person = Person.objects.select_for_update().get(id=person.id)
    before = snapshot(person)
    before["aliases"] = sorted(a.name for a in person.aliases.all())
    before["phones"] = sorted(p.number for p in person.phones.all())
    before["photo"] = _photo_name(person)
    person_apply(person, data)
    person.nik_warnings = warnings
    person.save()
    _set_children(person, data)
    _photo_set(actor=actor, person=person, content=content, clear=photo_clear)
    after = snapshot(person)
    after["aliases"] = sorted(a.name for a in person.aliases.all())
    after["phones"] = sorted(p.number for p in person.phones.all())
    after["photo"] = _photo_name(person)
    changes = diff(before, after)
    changes.pop("updated_at", None)
    if changes:
        audit_record(actor=actor, action="update", obj=person, changes=changes, context="person_update")
    return person


def person_duplicates(
    *, nik: str | None, name: str, birth_date: dt.date | None, limit: int = 10
) -> list[Person]:
    """Likely existing records of the same person: same NIK, or a similar name with the same birth date."""
    from rapidfuzz import fuzz

    found: dict[int, Person] = {}
    digits = "".join(ch for ch in (nik or "") if ch.isdigit())
    if len(digits) == 16:
        for p in Person.objects.filter(nik=digits):
            found[p.id] = p
    key = name_key(name)
    if birth_date and key:
        candidates = Person.objects.filter(birth_date=birth_date).prefetch_related("aliases")[:500]
        for p in candidates:
            keys = [p.name_key, *(a.name_key for a in p.aliases.all())]
            score = max(fuzz.token_set_ratio(key, k) for k in keys)
            if score >= 80:
                found.setdefault(p.id, p)
    return list(found.values())[:limit]


# --- a photo held between two submissions of a form ---------------------------------------------------------
#
# A browser does not send a chosen file again when a form is shown a second time (the penerimaan form's
# duplicate confirmation, or an error in another field). The checked upload is therefore kept in private
# storage under a random name, and the form carries a signed token naming it (with the uploader, the original
# file name and the size). The held files are never served; whatever is not used is removed by
# `photo_holds_cleanup`.

PHOTO_HOLD_DIR = "photo-holds"
_HOLD_SALT = "bimkemas.clients.photo_hold"
_HOLD_KEY = re.compile(r"[0-9a-f]{32}")


def photo_hold_max_age() -> int:
    """Seconds a held photo's token stays valid (CLIENTS_PHOTO_HOLD_MAX_AGE, default one hour)."""
    return int(getattr(settings, "CLIENTS_PHOTO_HOLD_MAX_AGE", 3600))


@dataclass(frozen=True)
class HeldPhoto:
    token: str
    key: str
    ext: str
    name: str  # the file name as uploaded, for the note on the form
    size: int

    @property
    def path(self) -> str:
        return f"{PHOTO_HOLD_DIR}/{self.key}.{self.ext}"

    def read(self) -> ContentFile:
        with default_storage.open(self.path, "rb") as handle:
            return ContentFile(handle.read(), name=f"photo.{self.ext}")


def photo_hold(*, actor: User, photo: File) -> HeldPhoto:
    """Check an uploaded photo (ValidationError on `photo`) and keep it until the form is sent again."""
    content = photo_check(photo)
    ext = content.name.rsplit(".", 1)[-1]
    key = secrets.token_hex(16)
    stored = default_storage.save(f"{PHOTO_HOLD_DIR}/{key}.{ext}", content)
    if stored != f"{PHOTO_HOLD_DIR}/{key}.{ext}":  # a storage that renamed it: the token could not find it
        default_storage.delete(stored)
        raise RuntimeError(f"photo hold stored as {stored}")
    name = (getattr(photo, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:100] or content.name
    payload = {"k": key, "e": ext, "n": name, "s": content.size, "u": actor.id}
    token = signing.dumps(payload, salt=_HOLD_SALT, compress=True)
    return HeldPhoto(token=token, key=key, ext=ext, name=name, size=content.size)


def photo_held_get(*, actor: User, token: str) -> HeldPhoto:
    """The photo a token names, if the token is genuine, not older than `photo_hold_max_age()`, issued to this
    actor, and the file is still there; otherwise a ValidationError on `photo` saying so."""
    try:
        payload = signing.loads(token, salt=_HOLD_SALT, max_age=photo_hold_max_age())
    except signing.SignatureExpired:
        raise ValidationError(
            {"photo": _("Foto yang diunggah tadi sudah kedaluwarsa. Pilih foto itu sekali lagi.")}
        ) from None
    except signing.BadSignature:
        payload = None
    refused = ValidationError(
        {"photo": _("Foto yang diunggah tadi tidak ditemukan atau tidak sah. Pilih foto itu sekali lagi.")}
    )
    if not (
        isinstance(payload, dict)
        and payload.get("u") == actor.id
        and isinstance(payload.get("k"), str)
        and _HOLD_KEY.fullmatch(payload["k"])
        and payload.get("e") in ("jpg", "png")
        and isinstance(payload.get("n"), str)
        and isinstance(payload.get("s"), int)
    ):
        raise refused
    held = HeldPhoto(token=token, key=payload["k"], ext=payload["e"], name=payload["n"], size=payload["s"])
    if not default_storage.exists(held.path):
        raise refused
    return held


def photo_held_discard(held: HeldPhoto) -> None:
    default_storage.delete(held.path)


def photo_holds_cleanup(
    *, now: dt.datetime | None = None, older_than: dt.timedelta = dt.timedelta(days=1)
) -> int:
    """Delete held photos older than `older_than` (never used: the form was abandoned). Returns how many were
    deleted. Meant for a daily huey periodic task."""
    cutoff = (now or timezone.now()) - older_than
    try:
        _dirs, files = default_storage.listdir(PHOTO_HOLD_DIR)
    except FileNotFoundError:
        return 0
    removed = 0
    for filename in files:
        path = f"{PHOTO_HOLD_DIR}/{filename}"
        try:
            if default_storage.get_modified_time(path) >= cutoff:
                continue
        except FileNotFoundError:
            continue
        default_storage.delete(path)
        removed += 1
    return removed
