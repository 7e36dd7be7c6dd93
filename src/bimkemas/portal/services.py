"""Operations of the client portal: the PK sets or resets a client's PIN, unlocks the account; the client
logs in with NIK + PIN (locked for a while after repeated failures, without revealing whether a NIK
exists); a check-in from the portal, with its photo, goes to `contacts.services.checkin_submit`.
"""

import base64
import binascii
import datetime as dt
import functools
import json
import secrets
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import psycopg
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bimkemas.audit.services import audit_record
from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.selectors import case_in_team
from bimkemas.clients.models import Person
from bimkemas.contacts.models import CheckIn, CheckInStatus
from bimkemas.contacts.services import CheckInAnswers, checkin_made_at, checkin_submit, checkin_time_error
from bimkemas.core.images import image_kind
from bimkemas.org.models import User
from bimkemas.portal.models import ClientAccount

PIN_LENGTH = 6
# A PIN that anyone would try first is refused (also never generated).
WEAK_PINS = {"123456", "654321", "123123", "012345", "112233", "121212", "000000"} | {
    str(d) * PIN_LENGTH for d in range(10)
}


def max_failures() -> int:
    return getattr(settings, "PORTAL_MAX_FAILURES", 5)


def lockout_minutes() -> int:
    return getattr(settings, "PORTAL_LOCKOUT_MINUTES", 15)


def photo_max_bytes() -> int:
    return getattr(settings, "PORTAL_PHOTO_MAX_BYTES", 5 * 1024 * 1024)


# --- PIN (the PK's side) --------------------------------------------------------------------------------


def pin_problem(pin: str) -> str:
    """Why a PIN cannot be used, or "" when it can."""
    if len(pin) != PIN_LENGTH or not pin.isdigit():
        return _("PIN harus terdiri dari tepat 6 angka.")
    if pin in WEAK_PINS:
        return _("PIN ini terlalu mudah ditebak. Pilih 6 angka lain.")
    return ""


def pin_generate() -> str:
    while True:
        pin = f"{secrets.randbelow(10**PIN_LENGTH):0{PIN_LENGTH}d}"
        if not pin_problem(pin):
            return pin


@transaction.atomic
def pin_set(*, actor: User, case: Case, pin: str | None = None) -> tuple[ClientAccount, str]:
    """The case team sets (or resets) the client's PIN; None generates one. Returns (account, pin): the
    PIN is shown once to the PK and never stored in clear. A reset also lifts a lockout and ends the
    client's open portal sessions (their session hash changes with the PIN)."""
    if not case_in_team(case, actor):
        raise PermissionDenied
    person = Person.objects.select_for_update().get(pk=case.person_id)
    if not person.nik:
        raise ValidationError(
            _("Klien belum memiliki NIK. Isi NIK klien terlebih dahulu; NIK dipakai untuk masuk ke portal.")
        )
    generated = pin is None
    pin = pin_generate() if generated else pin.strip()
    problem = pin_problem(pin)
    if problem:
        raise ValidationError({"pin": problem})
    now = timezone.now()
    account = ClientAccount.objects.select_for_update().filter(person=person).first()
    created = account is None
    account = account or ClientAccount(person=person)
    account.pin_hash = make_password(pin)
    account.failed_attempts = 0
    account.locked_until = None
    account.pin_set_by = actor
    account.pin_set_at = now
    account.save()
    audit_record(
        actor=actor,
        action="create" if created else "update",
        obj=account,
        changes={"pin": "generated" if generated else "typed", "case": case.id},
        context="portal_pin_set",
    )
    return account, pin


@transaction.atomic
def account_unlock(*, actor: User, case: Case) -> ClientAccount:
    """The case team lifts a lockout without changing the PIN."""
    if not case_in_team(case, actor):
        raise PermissionDenied
    account = ClientAccount.objects.select_for_update().filter(person_id=case.person_id).first()
    if account is None:
        raise ValidationError(_("Klien ini belum memiliki akun portal."))
    before = account.locked_until
    account.failed_attempts = 0
    account.locked_until = None
    account.save(update_fields=["failed_attempts", "locked_until"])
    audit_record(
        actor=actor,
        action="update",
        obj=account,
        changes={"locked_until": [before.isoformat() if before else None, None], "case": case.id},
        context="portal_unlock",
    )
    return account


# --- login (the client's side) ----------------------------------------------------------------------------


class LoginRefused(Exception):  # noqa: N818 - a refusal, not a bug
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _wrong() -> LoginRefused:
    return LoginRefused(_("NIK atau PIN salah. Periksa kembali, atau minta PK Anda mengatur ulang PIN."))


def _locked(until: dt.datetime, now: dt.datetime) -> LoginRefused:
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return LoginRefused(
        ngettext(
            "Terlalu banyak percobaan yang salah. Coba lagi dalam %(minutes)d menit, atau hubungi PK Anda.",
            "Terlalu banyak percobaan yang salah. Coba lagi dalam %(minutes)d menit, atau hubungi PK Anda.",
            minutes,
        )
        % {"minutes": minutes}
    )


def _unknown_key(nik: str) -> str:
    return "portal-fail:" + salted_hmac("bimkemas.portal.unknown-nik", nik).hexdigest()[:32]


def _unknown_nik_failed(nik: str, now: dt.datetime) -> None:
    """A NIK without an account is locked out in the same way (kept in the cache), so that the answers
    never tell whether a NIK is registered."""
    key = _unknown_key(nik)
    state = cache.get(key) or {"failures": 0, "locked_until": None}
    if state["locked_until"] and state["locked_until"] > now:
        raise _locked(state["locked_until"], now)
    state["failures"] += 1
    if state["failures"] >= max_failures():
        state = {"failures": 0, "locked_until": now + dt.timedelta(minutes=lockout_minutes())}
        cache.set(key, state, timeout=lockout_minutes() * 60)
        raise _locked(state["locked_until"], now)
    cache.set(key, state, timeout=lockout_minutes() * 60)
    raise _wrong()


def normalise_nik(raw: str) -> str:
    return "".join(ch for ch in (raw or "") if not ch.isspace() and ch not in ".-")


def login_check(*, nik: str, pin: str, now: dt.datetime | None = None) -> ClientAccount:
    """The account for NIK + PIN, or LoginRefused with a message that does not reveal whether the NIK
    exists. The failure counter survives the refusal (it is committed, not rolled back)."""
    now = now or timezone.now()
    nik = normalise_nik(nik)
    pin = (pin or "").strip()
    if len(nik) != 16 or not nik.isdigit():
        raise LoginRefused(_("NIK harus terdiri dari 16 angka, sesuai KTP Anda."))
    if len(pin) != PIN_LENGTH or not pin.isdigit():
        raise LoginRefused(_("PIN harus terdiri dari 6 angka."))
    refusal = None
    with transaction.atomic():
        account = (
            ClientAccount.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(person__nik=nik)
            .first()
        )
        if account is None:
            make_password(pin)  # the same work as a real check: the timing tells nothing either
        elif account.is_locked(now):
            refusal = _locked(account.locked_until, now)
        elif check_password(pin, account.pin_hash):
            account.failed_attempts = 0
            account.locked_until = None
            account.last_login_at = now
            account.save(update_fields=["failed_attempts", "locked_until", "last_login_at"])
            return account
        else:
            account.failed_attempts += 1
            if account.failed_attempts >= max_failures():
                account.failed_attempts = 0
                account.locked_until = now + dt.timedelta(minutes=lockout_minutes())
                refusal = _locked(account.locked_until, now)
            else:
                refusal = _wrong()
            account.save(update_fields=["failed_attempts", "locked_until"])
    if account is None:
        _unknown_nik_failed(nik, now)
    raise refusal


def session_hash(account: ClientAccount) -> str:
    """Changes when the PIN changes: a reset ends every session opened with the old PIN."""
    return salted_hmac("bimkemas.portal.session", account.pin_hash).hexdigest()


# --- check-ins from the portal ---------------------------------------------------------------------------


@dataclass
class PortalCheckIn:
    key: uuid.UUID
    address_same: bool | None
    new_address: str = ""
    working: bool | None = None
    workplace: str = ""
    problem: str = ""
    client_time: dt.datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    photo: ContentFile | None = None


def answers_errors(data: PortalCheckIn) -> dict[str, str]:
    """The questionnaire's own rules (the contacts service checks the rest)."""
    errors = {}
    if data.address_same is None:
        errors["address_same"] = _("Jawab: apakah alamat Anda masih sama?")
    elif not data.address_same and not data.new_address.strip():
        errors["new_address"] = _("Tulis alamat Anda yang baru.")
    if len(data.new_address) > 250:
        errors["new_address"] = _("Alamat terlalu panjang (maksimal 250 huruf).")
    if data.working is None:
        errors["working"] = _("Jawab: apakah Anda sedang bekerja?")
    elif data.working and not data.workplace.strip():
        errors["workplace"] = _("Tulis di mana Anda bekerja.")
    if len(data.workplace) > 150:
        errors["workplace"] = _("Tempat kerja terlalu panjang (maksimal 150 huruf).")
    if len(data.problem) > 1000:
        errors["problem"] = _("Keterangan masalah terlalu panjang (maksimal 1000 huruf).")
    for value, bound in ((data.latitude, 90), (data.longitude, 180)):
        if value is not None and not -bound <= value <= bound:
            errors["location"] = _("Lokasi tidak valid. Coba ambil lokasi lagi atau kirim tanpa lokasi.")
    if (data.latitude is None) != (data.longitude is None):
        errors["location"] = _("Lokasi tidak lengkap. Coba ambil lokasi lagi atau kirim tanpa lokasi.")
    return errors


def coordinate(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({"location": _("Lokasi tidak valid.")}) from None
    if not number.is_finite():
        raise ValidationError({"location": _("Lokasi tidak valid.")})
    return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def photo_from_bytes(raw: bytes, *, key: uuid.UUID) -> ContentFile:
    """A photo as uploaded (form) or sent as a data URL (JSON): an image, not too large."""
    if len(raw) > photo_max_bytes():
        raise ValidationError(
            {
                "photo": _("Foto terlalu besar (maksimal %(mb)s MB).")
                % {"mb": round(photo_max_bytes() / 1024 / 1024, 1)}
            }
        )
    ext = image_kind(raw, allowed=("jpg", "png", "webp"))
    if ext is None:
        raise ValidationError({"photo": _("Berkas foto tidak dapat dibaca. Kirim foto JPG atau PNG.")})
    return ContentFile(raw, name=f"{key}.{ext}")


def photo_from_data_url(value: str | None, *, key: uuid.UUID) -> ContentFile | None:
    if not value:
        return None
    _head, sep, body = value.partition(",")
    if not sep or ";base64" not in _head:
        raise ValidationError({"photo": _("Berkas foto tidak dapat dibaca. Kirim foto JPG atau PNG.")})
    if len(body) > photo_max_bytes() * 4 // 3 + 4:
        raise ValidationError(
            {
                "photo": _("Foto terlalu besar (maksimal %(mb)s MB).")
                % {"mb": round(photo_max_bytes() / 1024 / 1024, 1)}
            }
        )
    try:
        raw = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(
            {"photo": _("Berkas foto tidak dapat dibaca. Kirim foto JPG atau PNG.")}
        ) from None
    return photo_from_bytes(raw, key=key)


def _answers(data: PortalCheckIn) -> CheckInAnswers:
    return CheckInAnswers(
        address_same=bool(data.address_same),
        new_address="" if data.address_same else data.new_address,
        working=data.working,
        workplace=data.workplace if data.working else "",
        problem=data.problem,
    )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, dt.UTC)
    return value


def portal_checkin_submit(*, case: Case, data: PortalCheckIn, now: dt.datetime | None = None):
    """Submit the client's check-in: (checkin, created). A retry with a known key returns the stored
    check-in unchanged (even when it arrives twice at the same moment)."""
    errors = answers_errors(data)
    if errors:
        # A retry of a stored check-in is answered with it even if its answers would not pass today.
        known = CheckIn.objects.filter(key=data.key, case=case).exclude(status=CheckInStatus.OPENED).first()
        if known is not None:
            return known, False
        raise ValidationError(errors)
    kwargs = {
        "case": case,
        "key": data.key,
        "answers": _answers(data),
        "client_time": _aware(data.client_time),
        "latitude": data.latitude,
        "longitude": data.longitude,
        "photo": data.photo,
        "now": now,
    }
    try:
        return checkin_submit(**kwargs)
    except IntegrityError:
        # The same key arrived twice at once: the other request stored it; this one is the retry.
        return checkin_submit(**kwargs)


@dataclass(frozen=True)
class Received:
    key: uuid.UUID
    client_time: dt.datetime
    received_at: dt.datetime


def checkin_accept(
    *, person_id: int, pin_set_at: dt.datetime, data: PortalCheckIn, now: dt.datetime | None = None
) -> Received | None:
    """The portal API's fast way in: store a sent check-in as `received` in one statement (the
    `checkins_process` job judges it a moment later, as of now). None when it cannot be stored this
    way — answers that do not pass, a key already used, no active case for this client with this PIN —
    and the caller then takes the full path (`portal_checkin_submit`), which answers each of those."""
    now = now or timezone.now()
    if answers_errors(data):
        return None
    made = checkin_made_at(_aware(data.client_time), now)
    if checkin_time_error(made, now):
        return None
    photo = ""
    if data.photo:
        photo = default_storage.save(
            CheckIn._meta.get_field("photo").generate_filename(None, data.photo.name), data.photo
        )
    row = (
        data.key,
        made,
        made,
        now,
        json.dumps(_answers(data).as_dict()),
        photo,
        data.latitude,
        data.longitude,
    )
    if not _inbox_insert(row, person_id=person_id, pin_set_at=pin_set_at):
        if photo:
            default_storage.delete(photo)
        return None
    return Received(key=data.key, client_time=made, received_at=now)


# The inbox row's columns, in the order of `checkin_accept`'s row; status and review note are constants.
_INBOX_COLUMNS = (
    "key",
    "opened_at",
    "client_time",
    "received_at",
    "answers",
    "photo",
    "latitude",
    "longitude",
)


@functools.cache
def _inbox_statement(vendor: str) -> str:
    """INSERT … SELECT the client's active case (checking the PIN stamp) … ON CONFLICT (key): a new
    key is stored; a key the client opened before becomes `received`; any other key is left alone.
    Built once per database vendor: this is the hottest statement of the system."""
    quote = connection.ops.quote_name
    table = CheckIn._meta.db_table
    # Identifiers come from the models' metadata and the constants from code (plain ASCII words);
    # every value from a request is a parameter.
    statuses = ", ".join(f"'{s}'" for s in sorted(ACTIVE_STATUSES))
    columns = ", ".join(quote(c) for c in ("case_id", "status", "review_note", *_INBOX_COLUMNS))
    select = ", ".join(
        "CAST(%s AS jsonb)" if c == "answers" and vendor == "postgresql" else "%s" for c in _INBOX_COLUMNS
    )
    updated = ("status", "review_note", *(c for c in _INBOX_COLUMNS if c not in ("key", "opened_at")))
    return (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608
        f"SELECT c.id, '{CheckInStatus.RECEIVED.value}', '', {select} FROM {Case._meta.db_table} c "
        f"JOIN {ClientAccount._meta.db_table} a ON a.person_id = c.person_id "
        f"WHERE c.person_id = %s AND a.pin_set_at = %s AND c.status IN ({statuses}) "
        "ORDER BY c.handover_date DESC, c.id DESC LIMIT 1 "
        f"ON CONFLICT ({quote('key')}) DO UPDATE SET "
        + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in updated)
        + f" WHERE {table}.status = '{CheckInStatus.OPENED.value}' AND {table}.case_id = excluded.case_id "
        "RETURNING 1"
    )


def _decimal(ops, name: str, value: Decimal | None):
    if value is None:
        return None
    field = CheckIn._meta.get_field(name)
    return ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)


def _inbox_insert(row: tuple, *, person_id: int, pin_set_at: dt.datetime) -> bool:
    """Run the inbox statement; values adapted the way the model's fields would store them."""
    key, opened_at, client_time, received_at, answers, photo, latitude, longitude = row
    db = connections[DEFAULT_DB_ALIAS]
    ops = db.ops
    params = [
        key if db.features.has_native_uuid_field else key.hex,
        ops.adapt_datetimefield_value(opened_at),
        ops.adapt_datetimefield_value(client_time),
        ops.adapt_datetimefield_value(received_at),
        answers,
        photo,
        _decimal(ops, "latitude", latitude),
        _decimal(ops, "longitude", longitude),
        person_id,
        ops.adapt_datetimefield_value(pin_set_at),
    ]
    sql = _inbox_statement(db.vendor)
    if db.vendor == "postgresql":
        # A server-side prepared statement (settings: DB_PREPARE): planning this join on every
        # check-in cost more than running it. Django's own cursors bind on the client and never prepare.
        db.ensure_connection()
        with db.wrap_database_errors, psycopg.Cursor(db.connection) as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchone() is not None
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None
