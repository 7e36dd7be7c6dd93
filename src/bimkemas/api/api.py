"""The NinjaAPI instance: session auth with CSRF, errors as JSON {"detail": "..."} in Indonesian."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from bimkemas.api.routers.cases import router as cases_router
from bimkemas.api.routers.me import router as me_router
from bimkemas.api.routers.regions import router as regions_router
from bimkemas.portal.api import router as portal_router


class SessionAuth(NinjaSessionAuth):
    """Django session auth (ninja's `django_auth`), CSRF-checked on unsafe methods, Indonesian error."""

    def _get_key(self, request):
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("Pemeriksaan CSRF gagal. Muat ulang halaman lalu coba lagi."))
        return request.COOKIES.get(self.param_name)


session_auth = SessionAuth()

api = NinjaAPI(
    title="Bimkemas API",
    version="1",
    description="API Bimkemas: data klien pemasyarakatan sesuai wewenang pengguna yang masuk.",
    urls_namespace="api",
    auth=session_auth,
)


def _error(request, status: int, detail: str, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, _("Anda harus masuk terlebih dahulu."))


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or _("Anda tidak berwenang mengakses data ini."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, _("Data tidak ditemukan."))


@api.exception_handler(NinjaValidationError)
def _invalid_request(request, exc):
    return _error(request, 422, _("Parameter permintaan tidak valid."), errors=exc.errors)


@api.exception_handler(DjangoValidationError)
def _invalid_data(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 400, _("Data tidak valid."), errors=errors)


api.add_router("/cases", cases_router)
api.add_router("/regions", regions_router)
api.add_router("/me", me_router)
api.add_router("/portal", portal_router)  # its own auth: the client session, not a staff login
