"""The client portal's JSON routes (mounted at /api/v1/portal/ by bimkemas.api.api).

Authentication is the portal session (NIK + PIN, see bimkemas.portal.auth), not a staff login: a staff
session gets 401 here. Unsafe methods need Django's CSRF token in the `X-CSRFToken` header (the portal
pages read it from the `csrftoken` cookie at send time, so a check-in queued offline still carries a
valid one).

`POST /checkins` is idempotent by `key` (a UUID made on the device when the form opens): 201 when the
check-in is stored, 200 with the stored check-in when the key is known (a retry), 400 with an
Indonesian `detail` and per-field `errors` when the answers are refused.
"""

import datetime as dt
import json
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.responses import NinjaJSONEncoder
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from bimkemas.contacts.models import CheckIn, CheckInStatus
from bimkemas.contacts.services import checkin_open
from bimkemas.contacts.tasks import checkins_process_soon
from bimkemas.portal import services
from bimkemas.portal.auth import TOKEN_COOKIE, PortalToken, portal_account, token_read
from bimkemas.portal.selectors import client_active_case, client_checkins, client_today, next_obligations


class PortalAuth(APIKeyCookie):
    """The portal session cookie; the request's `auth` is the client's active case."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if self.csrf and request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request):
            raise HttpError(403, _("Pemeriksaan CSRF gagal. Muat ulang halaman lalu coba lagi."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        account = portal_account(request) if key else None
        if account is None:
            return None
        case = client_active_case(account=account, related=False)
        if case is None:
            raise HttpError(403, _("Masa bimbingan Anda sudah berakhir."))
        request.portal_account = account
        return case


class PortalTokenAuth(APIKeyCookie):
    """The check-in token (bimkemas.portal.auth): who the client is, without a database read. Only
    `POST /checkins` accepts it; the request's `auth` is then a PortalToken, not a case."""

    param_name = TOKEN_COOKIE

    def _get_key(self, request):
        return PortalAuth._get_key(self, request)

    def authenticate(self, request, key):
        return token_read(key)


portal_auth = PortalAuth()
portal_token_auth = PortalTokenAuth()
router = Router(tags=["portal"], auth=portal_auth)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class ObligationOut(Schema):
    requirement: str
    label: str
    window_start: dt.date
    due: dt.date
    last_day: dt.date
    state: str


class CheckInOut(Schema):
    key: uuid.UUID
    status: str
    status_label: str
    client_time: dt.datetime | None
    received_at: dt.datetime | None
    deadline: dt.datetime | None = Field(None, description="empty until a received check-in is processed")
    review_note: str = Field("", description="the PK's question (status more) or why it was refused")


class MeOut(Schema):
    name: str
    officer: str
    office: str
    office_phone: str
    today: dt.date
    obligations: list[ObligationOut]
    latest_checkin: CheckInOut | None


class CheckInIn(Schema):
    key: uuid.UUID
    client_time: dt.datetime | None = None
    address_same: bool | None = None
    new_address: str = ""
    working: bool | None = None
    workplace: str = ""
    problem: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    photo: str | None = Field(None, description="data:image/jpeg;base64,… (≤ PORTAL_PHOTO_MAX_BYTES)")


class OpenIn(Schema):
    key: uuid.UUID


def _out(checkin: CheckIn) -> dict:
    return {
        "key": checkin.key,
        "status": checkin.status,
        "status_label": str(checkin.get_status_display()),
        "client_time": checkin.client_time,
        "received_at": checkin.received_at,
        "deadline": checkin.deadline,
        "review_note": checkin.review_note if checkin.status in ("more", "refused") else "",
    }


def _refused(error: ValidationError):
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    detail = " ".join(m for messages in errors.values() for m in messages)
    return Status(400, {"detail": detail, "errors": errors})


@router.get("/ping", response={200: dict})
def ping(request):
    """Trivial authenticated route: the baseline of the check-in benchmark."""
    return {"ok": True}


@router.get("/me", response=MeOut)
def me(request):
    case = request.auth
    today = client_today(case)
    latest = client_checkins(case=case).first()
    return {
        "name": request.portal_account.person.name,
        "officer": case.officer.display_name if case.officer else "",
        "office": case.bapas.name,
        "office_phone": case.bapas.phone,
        "today": today,
        "obligations": [o.__dict__ for o in next_obligations(case=case, today=today)],
        "latest_checkin": _out(latest) if latest else None,
    }


@router.get("/checkins", response=list[CheckInOut])
def checkins(request):
    """The client's own sent check-ins, newest first (the last 50)."""
    return [_out(c) for c in client_checkins(case=request.auth)[:50]]


@router.post("/checkins/open", response={200: CheckInOut, 400: ErrorOut})
def checkin_opened(request, payload: OpenIn):
    """The form was opened (online): the check-in starts its deadline window. Optional for the client."""
    try:
        return Status(200, _out(checkin_open(case=request.auth, key=payload.key)))
    except ValidationError as error:
        return _refused(error)


@router.post(
    "/checkins",
    response={200: CheckInOut, 201: CheckInOut, 400: ErrorOut},
    auth=[portal_token_auth, portal_auth],
)
def checkin_send(request, payload: CheckInIn):
    """Send a check-in. 201: stored — usually as `received`, judged a moment later (then `submitted`, or
    `refused` with the reason); 200: the key was known (a retry) and the stored check-in is returned."""
    try:
        data = services.PortalCheckIn(
            key=payload.key,
            client_time=payload.client_time,
            address_same=payload.address_same,
            new_address=payload.new_address,
            working=payload.working,
            workplace=payload.workplace,
            problem=payload.problem,
            latitude=services.coordinate(payload.latitude),
            longitude=services.coordinate(payload.longitude),
            photo=services.photo_from_data_url(payload.photo, key=payload.key),
        )
        case = request.auth
        if isinstance(case, PortalToken):
            received = services.checkin_accept(
                person_id=case.person_id, pin_set_at=case.pin_set_at, data=data
            )
            if received is not None:
                checkins_process_soon()
                # Answered directly: the hottest route skips validating its own output (same shape).
                return HttpResponse(_received_out(received), status=201, content_type="application/json")
            case = _session_case(request)  # not stored the fast way: the full path says why
        checkin, created = services.portal_checkin_submit(case=case, data=data)
    except ValidationError as error:
        return _refused(error)
    return Status(201 if created else 200, _out(checkin))


def _session_case(request):
    case = portal_auth(request)
    if case is None:
        raise HttpError(401, _("Silakan masuk lagi."))
    return case


def _received_out(received: services.Received) -> bytes:
    """The 201 body of a received check-in (the shape of CheckInOut), encoded the way ninja would."""
    encode = NinjaJSONEncoder().default
    return json.dumps(
        {
            "key": str(received.key),
            "status": CheckInStatus.RECEIVED.value,
            "status_label": str(CheckInStatus.RECEIVED.label),
            "client_time": encode(received.client_time),
            "received_at": encode(received.received_at),
            "deadline": None,
            "review_note": "",
        }
    ).encode()
