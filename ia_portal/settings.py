"""Settings for IA-portalen, read from the environment.

A fresh clone runs on SQLite with safe development defaults; production sets
SECRET_KEY, DEBUG=False, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    """Accept only the words True/False (any case), so a typo fails loudly."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"true", "1", "yes"}:
        return True
    if value.lower() in {"false", "0", "no"}:
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "import_export",
    "axes",
    "core",
    "measures",
    "findings",
    "followup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.middleware.RejectNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivateForLoggedInMiddleware",
    "core.middleware.PortalLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ia_portal.urls"
WSGI_APPLICATION = "ia_portal.wsgi.application"

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
                "findings.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url):
    """CACHE_URL: where whole public pages are cached (core.page_cache).

    The default is the database cache: every process (gunicorn workers, runserver,
    management commands) shares it with no extra service. Local memory would be
    correct too, since pages are keyed on a version kept in the database, but each
    process would render and hold its own copy. Redis (redis://…) suits several
    servers; dummy:// turns caching off.
    """
    scheme, _, rest = url.partition("://")
    backends = {
        "db": ("django.core.cache.backends.db.DatabaseCache", rest or "ia_page_cache"),
        "locmem": ("django.core.cache.backends.locmem.LocMemCache", rest or "ia-portalen"),
        "redis": ("django.core.cache.backends.redis.RedisCache", url),
        "rediss": ("django.core.cache.backends.redis.RedisCache", url),
        "dummy": ("django.core.cache.backends.dummy.DummyCache", ""),
    }
    if scheme not in backends:
        raise ImproperlyConfigured(
            f"CACHE_URL must start with {', '.join(f'{name}://' for name in backends)}, not {url!r}"
        )
    backend, location = backends[scheme]
    return {
        "BACKEND": backend,
        "LOCATION": location,
        "KEY_PREFIX": "ia-portalen",
        # Stale versions are never read again; a day lets them age out.
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 10_000} if scheme in {"db", "locmem"} else {},
    }


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL") or "db://")}
# PAGE_CACHE=off stores no whole pages for visitors, but keeps counts and
# rows per content version (core.memo) in the cache: the benchmark's way of
# timing rendering as members get it.
PAGE_CACHE = os.environ.get("PAGE_CACHE", "on").lower() != "off"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address are refused before the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: after 5 failures a username is locked out from that address
# for 15 minutes; other users and addresses are not affected.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Successful logins django-axes logs are deleted after this many days (core.retention),
# as the privacy statement says.
LOGIN_LOG_RETENTION_DAYS = 90
# The number of reverse proxies in front, each adding to X-Forwarded-For: the
# client's address for login throttling is read from it (core.client_address).
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"

# At least 12 characters, not like the username, name or e-mail, not a common
# password and not only digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
# The project's own Norwegian for the admin, where Django and the admin packages lack
# it; these translations win over theirs. The compiled .mo files are committed.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# Norwegian number format: "21 200" with a (non-breaking) space, "71,6".
USE_THOUSAND_SEPARATOR = False  # numbers are formatted by core.formatting
FORMAT_MODULE_PATH = ["ia_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "findings:overview"
LOGOUT_REDIRECT_URL = "findings:overview"
# Put every page behind login, for deployments that want the portal closed.
PORTAL_REQUIRE_LOGIN = env_bool("PORTAL_REQUIRE_LOGIN", False)
# The owner's address in the footer, the privacy and the accessibility statement.
# The default is a placeholder; `check --deploy` warns until it is set.
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "ia-portalen@example.org")
# The portal's public address, for the links in the weekly e-mail (send_digest).
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# Content Security Policy, in development too so a violation shows up early:
# nothing inline, nothing from other origins, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],  # Designsystemet's icons are data: SVGs
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Sessions end after eight hours or when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

if DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # __Host- cookies are refused by browsers unless Secure, host-only and path=/.
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("SMTP_HOST", "localhost"),
                "port": int(os.environ.get("SMTP_PORT", "587")),
                "username": os.environ.get("SMTP_USER", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_TLS", True),
            },
        }
    }
    DEFAULT_FROM_EMAIL = SERVER_EMAIL = os.environ.get("FROM_EMAIL", "ia-portalen@localhost")

# Errors (every 500 with its traceback) go to stderr, which gunicorn writes to its
# log, and by mail to ADMINS when it is set (comma-separated addresses).
ADMINS = env_list("ADMINS", [])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {
            "handlers": ["stderr", "mail_admins"],
            "level": "INFO" if DEBUG else "WARNING",
            "propagate": False,
        },
        "core": {"handlers": ["stderr", "mail_admins"], "level": "INFO", "propagate": False},
    },
}

# Spreadsheet import/export in the admin (core.spreadsheet_admin): importing
# needs "add", exporting "view", and a file with any bad row imports nothing.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Bigger files are refused with a message. 10 000 rows take about 7 s of CPU to
# preview and 15 s to import, within gunicorn's 30-second timeout.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 5) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 10_000)
# Previewed files waiting for the secretariat to confirm the import (core.uploads).
IMPORT_UPLOAD_DIR = Path(tempfile.gettempdir()) / "ia-portalen-import"

# The raw source texts the fixtures were written from (provenance checks).
SOURCE_TEXT_DIR = BASE_DIR / "data" / "sources"
