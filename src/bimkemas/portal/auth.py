"""The portal session: a client logged in with NIK + PIN, kept apart from the staff login.

The person's id and a hash of their PIN live in the Django session under portal keys; the staff keys
(`_auth_user_id` …) are never read or written here, so `request.user` stays anonymous for a client
and a staff login gives no portal access.
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from bimkemas.portal.models import ClientAccount
from bimkemas.portal.selectors import account_get
from bimkemas.portal.services import session_hash

SESSION_PERSON = "_portal_person_id"
SESSION_HASH = "_portal_hash"


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


def portal_login_required(view):
    """Portal pages: a client session, else the portal login page (never the staff login)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if portal_account(request) is None:
            return redirect(reverse("portal_login") + "?" + urlencode({"next": request.get_full_path()}))
        return view(request, *args, **kwargs)

    return wrapped
