"""Bimkemas settings: one file, read from the environment through small typed helpers.

SQLite is the embedded default; set DATABASE_URL=postgres://… for PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


class SettingError(ValueError):
    pass


def envstr(name: str, default: str) -> str:
    return os.environ.get(name) or default


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingError(f"{name} must be true/false, got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingError(f"{name} must be an integer, got {raw!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
DEMO_MODE = envbool("BIMKEMAS_DEMO", False)
# Production must set SECRET_KEY; the fallback only serves the demo and the tests.
SECRET_KEY = envstr("SECRET_KEY", "insecure-development-key-not-for-production")
if (
    not DEBUG
    and not DEMO_MODE
    and SECRET_KEY.startswith("insecure")
    and envbool("BIMKEMAS_PRODUCTION", False)
):
    raise SettingError("SECRET_KEY must be set in production")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
DATA_DIR = Path(envstr("BIMKEMAS_DATA_DIR", str(PROJECT_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)  # SQLite database and the embedded huey queue live here

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "huey.contrib.djhuey",
    "bimkemas.core",
    "bimkemas.regions",
    "bimkemas.org",
    "bimkemas.clients",
    "bimkemas.cases",
    "bimkemas.audit",
    "bimkemas.contacts",
    "bimkemas.notify",
    "bimkemas.linkage",
    "bimkemas.assessments",
    "bimkemas.partners",
    "bimkemas.portal",
    "bimkemas.monitoring",
    "bimkemas.activities",
    "bimkemas.violations",
    "bimkemas.litmas",
    "bimkemas.plans",
    "bimkemas.tpp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bimkemas.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "bimkemas.urls"
WSGI_APPLICATION = "bimkemas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "bimkemas.core.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{DATA_DIR / 'bimkemas.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and envbool("DB_PREPARE", True):
    # Server-side prepared statements only where the code asks for one (the check-in inbox insert,
    # docs/decisions/0008): Django's cursors bind on the client and are never prepared. Set
    # DB_PREPARE=0 behind a connection pooler in transaction mode that cannot keep them.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "bimkemas",
    "filename": str(DATA_DIR / "huey.sqlite3"),
    "immediate": envbool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": envint("HUEY_WORKERS", 2), "worker_type": envstr("HUEY_WORKER_TYPE", "thread")},
}
if envstr("REDIS_URL", ""):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "bimkemas",
        "url": envstr("REDIS_URL", ""),
        "immediate": False,
        "consumer": {
            "workers": envint("HUEY_WORKERS", 4),
            "worker_type": envstr("HUEY_WORKER_TYPE", "thread"),
        },
    }

# Business rules that are configuration, not constants (domain.md: "treat every number as
# configuration with a date of validity").
FIRST_CONTACT_WORKING_DAYS = envint("FIRST_CONTACT_WORKING_DAYS", 2)
# A follow-up task left open this many days goes to the Kasi.
CONTACTS_ESCALATE_AFTER_DAYS = envint("CONTACTS_ESCALATE_AFTER_DAYS", 3)
# Partners: agreements ending within this many days are flagged; the largest signed document accepted.
# Revocation service standard (working days from the report to the proposal decision).
REVOCATION_SERVICE_DAYS = envint("REVOCATION_SERVICE_DAYS", 20)
PARTNER_AGREEMENT_WARNING_DAYS = envint("PARTNER_AGREEMENT_WARNING_DAYS", 60)
PARTNER_AGREEMENT_MAX_MB = envint("PARTNER_AGREEMENT_MAX_MB", 10)
CASELOAD_PAGE_SIZE = envint("CASELOAD_PAGE_SIZE", 25)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
