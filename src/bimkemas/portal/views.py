"""Portal pages (the client's, under /p/: tiny, no Bootstrap, no htmx) and the PK's PIN page."""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from bimkemas.cases.selectors import case_get_for, case_in_team
from bimkemas.portal import services
from bimkemas.portal.auth import (
    portal_account,
    portal_login,
    portal_login_required,
    portal_logout,
    token_sync,
)
from bimkemas.portal.forms import CheckInForm, PinForm, PortalLoginForm
from bimkemas.portal.models import ClientAccount
from bimkemas.portal.selectors import (
    account_for_staff,
    client_active_case,
    client_checkins,
    client_today,
    client_upcoming_activities,
    next_obligations,
)

STATIC = Path(__file__).parent / "static" / "portal"


@cache
def asset_version() -> str:
    """Changes with the portal's script and style: the service worker's caches and the asset URLs."""
    digest = hashlib.sha256()
    for name in ("portal.js", "portal.css", "sw.js"):
        digest.update((STATIC / name).read_bytes())
    return digest.hexdigest()[:10]


def queue_tag(account: ClientAccount) -> str:
    """Marks this client's queued check-ins on a shared phone without putting their id in the page."""
    return salted_hmac("bimkemas.portal.queue", str(account.person_id)).hexdigest()[:16]


def _client_context(request) -> dict:
    account = portal_account(request)
    case = client_active_case(account=account)
    context = {"account": account, "case": case, "queue_tag": queue_tag(account)}
    if case is not None:
        officer = case.officer
        context.update(
            officer_name=officer.display_name if officer else "",
            officer_phone=getattr(officer, "phone", "") if officer else "",
            office_phone=case.bapas.phone,
            office_name=case.bapas.name,
        )
    return context


def _render(request, template: str, context: dict, status: int = 200):
    return render(request, template, {**context, "asset_version": asset_version()}, status=status)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/p/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("portal_home")


@never_cache
def login_view(request):
    if portal_account(request) is not None:
        return redirect(_safe_next(request))
    form = PortalLoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.login_check(nik=form.cleaned_data["nik"], pin=form.cleaned_data["pin"])
        except services.LoginRefused as refused:
            form.add_error(None, refused.message)
        else:
            if client_active_case(account=account) is None:
                form.add_error(
                    None,
                    _("Tidak ada masa bimbingan aktif atas NIK ini. Hubungi Bapas jika ini keliru."),
                )
            else:
                portal_login(request, account)
                return token_sync(request, redirect(_safe_next(request)))
    return _render(request, "portal/login.html", {"form": form, "next": _safe_next(request)})


@require_POST
def logout_view(request):
    portal_logout(request)
    messages.info(request, _("Anda sudah keluar dari portal."))
    return token_sync(request, redirect("portal_login"))


@portal_login_required
@never_cache
def home(request):
    context = _client_context(request)
    case = context["case"]
    if case is not None:
        today = client_today(case)
        recent = list(client_checkins(case=case)[:5])
        context.update(
            today=today,
            obligations=next_obligations(case=case, today=today),
            checkins=recent,
            latest=recent[0] if recent else None,
            activities=client_upcoming_activities(case=case),
        )
    return _render(request, "portal/home.html", context)


def _apply_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@portal_login_required
@never_cache
def checkin(request):
    context = _client_context(request)
    case = context["case"]
    if case is None:
        return redirect("portal_home")
    form = CheckInForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            photo = data.get("photo")
            submitted = services.PortalCheckIn(
                key=data["key"],
                client_time=data.get("client_time"),
                latitude=services.coordinate(data.get("latitude")),
                longitude=services.coordinate(data.get("longitude")),
                photo=services.photo_from_bytes(photo.read(), key=data["key"]) if photo else None,
                **form.answers(),
            )
            checkin_, created = services.portal_checkin_submit(case=case, data=submitted)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Laporan Anda sudah terkirim dan menunggu tinjauan PK.")
                if created
                else _("Laporan ini sudah diterima sebelumnya."),
            )
            return redirect("portal_home")
    today = client_today(case)
    upcoming = next_obligations(case=case, today=today, limit=1)
    context.update(form=form, current=upcoming[0] if upcoming else None)
    return _render(request, "portal/checkin.html", context)


# --- installable app: manifest and service worker (served under /p/ so the worker's scope is /p/) ------


@require_GET
def manifest(request):
    static = "/static/portal/"
    body = {
        "name": "Bimkemas",
        "short_name": "Bimkemas",
        "description": _("Lapor diri klien Bapas dari mana saja."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("portal_home"),
        "scope": reverse("portal_home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [
            {"src": static + "icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            {"src": static + "icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": static + "icon-512.png", "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = HttpResponse(json.dumps(body), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def service_worker(request):
    script = (STATIC / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", asset_version())
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("portal_home")
    response["Cache-Control"] = "no-cache"
    return response


# --- the PK's side ---------------------------------------------------------------------------------------


@login_required
@never_cache
def client_pin(request, case_id: int):
    """Set or reset the client's portal PIN (typed, or generated and shown once); unlock the account."""
    actor = request.user
    case = case_get_for(actor=actor, case_id=case_id, for_update=True)
    if not case_in_team(case, actor):
        raise PermissionDenied
    form = PinForm(request.POST if request.method == "POST" else None)
    new_pin = None
    if request.method == "POST" and "unlock" in request.POST:
        try:
            services.account_unlock(actor=actor, case=case)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Akun portal klien sudah dibuka kembali."))
        return redirect("client_pin", case_id=case.id)
    if request.method == "POST" and form.is_valid():
        generate = form.cleaned_data["mode"] == PinForm.MODE_GENERATE
        try:
            _account, pin = services.pin_set(
                actor=actor, case=case, pin=None if generate else form.cleaned_data["pin"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if not generate:
                messages.success(
                    request, _("PIN baru sudah disimpan. Sampaikan kepada klien secara langsung.")
                )
                return redirect("client_pin", case_id=case.id)
            new_pin = pin  # shown once, in this response only (never cached, never stored in clear)
            form = PinForm()
    account = account_for_staff(case=case)
    context = {
        "case": case,
        "account": account,
        "locked": account is not None and account.is_locked(),
        "form": form,
        "new_pin": new_pin,
        "portal_url": request.build_absolute_uri(reverse("portal_login")),
    }
    return render(request, "portal/pin.html", context)  # never_cache: no-store
