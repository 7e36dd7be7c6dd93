"""The portal session: a client logged in with NIK + PIN, kept apart from the staff login.

The person's id and a hash of their PIN live in the Django session under portal keys; the staff keys
(`_auth_user_id` …) are never read or written here, so `request.user` stays anonymous for a client
and a staff login gives no portal access.
"""

import datetime as dt
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from bimkemas.portal.models import ClientAccount
from bimkemas.portal.selectors import account_get
from bimkemas.portal.services import session_hash

SESSION_PERSON = "_portal_person_id"
SESSION_HASH = "_portal_hash"
TOKEN_COOKIE = "bimkemas_portal"  # noqa: S105 - a cookie name
TOKEN_SALT = "bimkemas.portal.checkin-token"  # noqa: S105 - a signing namespace, not a secret


def session_days() -> int:
    """Clients may be offline for days with a check-in queued: their session outlives the staff's."""
    return getattr(settings, "PORTAL_SESSION_DAYS", 30)


def portal_login(request, account: ClientAccount) -> None:
    request.session.cycle_key()  # no session fixation
    request.session[SESSION_PERSON] = account.person_id
    request.session[SESSION_HASH] = session_hash(account)
    if "_auth_user_id" not in request.session:  # never lengthen a staff session sharing the browser
        request.session.set_expiry(session_days() * 24 * 3600)
    rotate_token(request)
    request._portal_account = account


def portal_logout(request) -> None:
    request.session.pop(SESSION_PERSON, None)
    request.session.pop(SESSION_HASH, None)
    request.session.cycle_key()
    request._portal_account = None


def portal_account(request) -> ClientAccount | None:
    """The client of this request's portal session, or None (anonymous, staff, PIN reset since)."""
    if hasattr(request, "_portal_account"):
        return request._portal_account
    account = None
    person_id = request.session.get(SESSION_PERSON)
    if person_id:
        account = account_get(person_id=person_id)
        if account is not None and not constant_time_compare(
            request.session.get(SESSION_HASH, ""), session_hash(account)
        ):
            account = None
    request._portal_account = account
    return account


# --- the check-in token ----------------------------------------------------------------------------------
# Beside the session, a logged-in client holds a signed cookie naming them and when their PIN was set.
# It lets the check-in API store a check-in in one statement without reading the session (see
# docs/decisions/0007): it authorises nothing but sending a check-in, and a PIN reset voids it.


@dataclass(frozen=True)
class PortalToken:
    person_id: int
    pin_set_at: dt.datetime


def token_make(account: ClientAccount) -> str:
    return signing.dumps([account.person_id, account.pin_set_at.isoformat()], salt=TOKEN_SALT)


def token_read(value: str | None) -> PortalToken | None:
    if not value:
        return None
    try:
        person_id, stamp = signing.loads(value, salt=TOKEN_SALT, max_age=session_days() * 24 * 3600)
        return PortalToken(int(person_id), dt.datetime.fromisoformat(stamp))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def token_sync(request, response):
    """Keep the token cookie in step with the portal session: set for a client, gone otherwise."""
    account = getattr(request, "_portal_account", None)
    current = token_read(request.COOKIES.get(TOKEN_COOKIE))
    if account is None or account.pin_set_at is None:
        if TOKEN_COOKIE in request.COOKIES:
            response.delete_cookie(TOKEN_COOKIE, samesite="Lax")
    elif current != PortalToken(account.person_id, account.pin_set_at):
        response.set_cookie(
            TOKEN_COOKIE,
            token_make(account),
            max_age=session_days() * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def portal_login_required(view):
    """Portal pages: a client session, else the portal login page (never the staff login)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if portal_account(request) is None:
            return redirect(reverse("portal_login") + "?" + urlencode({"next": request.get_full_path()}))
        return token_sync(request, view(request, *args, **kwargs))

    return wrapped
