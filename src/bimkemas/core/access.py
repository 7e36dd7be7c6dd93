"""View decorators for the coarse role checks; object-level checks live in the selectors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def bapas_staff_required(view):
    """PK/APK or Kasi/Kasubsi/Kepala of a Bapas."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.bapas and (user.is_supervisor or user.is_bapas_lead)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def bapas_lead_required(view):
    """Kasi/Kasubsi/Kepala of a Bapas."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.bapas and request.user.is_bapas_lead):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
