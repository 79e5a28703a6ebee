"""Settings for Một Cửa, driven by environment variables.

Defaults give a working developer setup with no service to install: an SQLite file under
``var/`` in WAL mode. Production sets at least ``SECRET_KEY``, ``DEBUG=0``, ``ALLOWED_HOSTS``
and ``DATABASE_URL`` (``postgres://…``).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("MOTCUA_REQUIRE_SECRET_KEY", False):
        raise RuntimeError("SECRET_KEY must be set in production")
    # Development-only key: never used when SECRET_KEY is provided.
    SECRET_KEY = "dev-insecure-motcua-key-change-me-in-production-0123456789"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "motcua.core",
    "motcua.workcalendar",
    "motcua.agencies",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.reports",
    "motcua.documents",
    "motcua.api",
    "motcua.feedback",
    "motcua.office",
    "motcua.portal",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DEFAULT_SQLITE_PATH = VAR_DIR / "motcua.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        conn_max_age=None,  # persistent connections
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that costs no round trip (motcua/core/postgresql).
    DATABASES["default"]["ENGINE"] = "motcua.core.postgresql"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh checkout has no var/: SQLite creates the file but not its directory.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # BEGIN IMMEDIATE: writers queue on the busy timeout instead of failing mid-transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            # Checkpoint the write-ahead log every 4,000 pages (16 MB) instead of 1,000: each
            # checkpoint waits for the disk, and a busy counter writes ~25 pages per dossier
            # (docs/benchmarks.md). The log file is then reused from its start.
            "PRAGMA wal_autocheckpoint=4000;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }
    # Test databases are in memory: a fresh suite needs no file under var/.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("MOTCUA_TEST_SQLITE") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id for new and changed passwords; older PBKDF2 hashes still verify and are upgraded at
# the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Lock-out after repeated failed sign-ins (django-axes): per username and address, for a
# cool-off period (a guesser elsewhere cannot lock an officer out of the counter).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("MOTCUA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("MOTCUA_LOGIN_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "motcua.office.views.auth.locked_out"
# Sessions end after a working day of inactivity, or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("MOTCUA_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("MOTCUA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LOGIN_URL = "office:login"
LOGIN_REDIRECT_URL = "office:inbox"

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
# Dossier files (scans, uploads): outside the web root, served only after a visibility check.
MOTCUA_FILES_ROOT = Path(os.environ.get("MOTCUA_FILES_ROOT", VAR_DIR / "files"))
MOTCUA_UPLOAD_MAX_BYTES = int(os.environ.get("MOTCUA_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Working-time clock (motcua.workcalendar) -------------------------------------------------
# Working periods of a day, "HH:MM-HH:MM" separated by commas. Set per locality (domain §6.1).
MOTCUA_WORKING_PERIODS = os.environ.get("MOTCUA_WORKING_PERIODS", "07:30-11:30,13:00-17:00")

# --- Organisation ----------------------------------------------------------------------------
# The 2025 reform abolished districts from this date (two-level local government).
MOTCUA_DISTRICTS_ABOLISHED_ON = os.environ.get("MOTCUA_DISTRICTS_ABOLISHED_ON", "2025-07-01")
# Public address of the portal: the QR code on Form 01 links to its status page (/tra-cuu/).
# Portal: working days an agency has to answer feedback (unconfirmed nationally: domain.md
# §10.2), and the status lookup's limits on wrong guesses (motcua/portal/lookup.py).
MOTCUA_FEEDBACK_ANSWER_WORKING_DAYS = int(
    os.environ.get("MOTCUA_FEEDBACK_ANSWER_WORKING_DAYS", "10")
)
MOTCUA_LOOKUP_WINDOW_MINUTES = float(os.environ.get("MOTCUA_LOOKUP_WINDOW_MINUTES", "15"))
MOTCUA_LOOKUP_ADDRESS_FAILURES = int(os.environ.get("MOTCUA_LOOKUP_ADDRESS_FAILURES", "10"))
MOTCUA_LOOKUP_CODE_FAILURES = int(os.environ.get("MOTCUA_LOOKUP_CODE_FAILURES", "5"))
MOTCUA_LOOKUP_PRUNE_EVERY = int(os.environ.get("MOTCUA_LOOKUP_PRUNE_EVERY", "100"))
MOTCUA_PUBLIC_BASE_URL = os.environ.get("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# --- Decision 766 index (motcua/reports/index766.py; docs/reports.md) -------------------------
# Rank bands on the normalised score, (lowest score, band): 90–100 excellent and under 50 weak
# are the Decision's; the bands between are unconfirmed (domain.md §9.2).
MOTCUA_766_BANDS = [(90, "excellent"), (80, "good"), (65, "fair"), (50, "average"), (0, "weak")]
# Points of the satisfaction group's three ratios (18 in all): their weights are unconfirmed.
MOTCUA_766_SATISFACTION_WEIGHTS = [
    int(w) for w in os.environ.get("MOTCUA_766_SATISFACTION_WEIGHTS", "6,6,6").split(",")
]

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "motcua@localhost")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
