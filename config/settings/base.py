"""Settings shared by every environment; values come from the environment (12-factor)."""

import os
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_htmx",
    "axes",
    "csp",
    "register",
    "core",
    "audit",
    "measures",
    "rules",
    "cases",
    "regulations",
    "lovtidend",
    "assessments",
    "meetings",
    "letters",
    "regions",
]

MIDDLEWARE = [
    "core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (runserver, live tests) and a Celery worker share one file. Deferred
    # transactions (SQLite's default) fail at once with «database is locked» when one that has
    # read must become a writer while another writes; IMMEDIATE takes the write lock at BEGIN
    # and waits for it (timeout, busy_timeout: 20 s). WAL lets readers go on meanwhile (an
    # in-memory database ignores it). Django 5.1+ reads transaction_mode and init_command.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Reasons carry the committee's decision text and comments: no 100-character limit.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The lockout check comes first; it lets request-less calls (tests, shell) through.
AUTHENTICATION_BACKENDS = [
    "audit.backends.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# django-axes: five failed sign-ins for one username from one address lock that pair out
# for 15 minutes, and twenty from one address, whatever the usernames, lock the address out
# (so an attacker cannot try four passwords on each of many accounts); a successful sign-in
# forgives only that account's failures (audit.backends.SignInLockoutHandler).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
SIGN_IN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "audit.backends.SignInLockoutHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "core.throttle.client_ip"
TRUSTED_PROXY_COUNT = 0

# Password-reset e-mails: at most five per client address and three per e-mail address in
# an hour (core.throttle), counted in Django's cache (production: Redis when REDIS_URL is set).
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "5"))
PASSWORD_RESET_LIMIT_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_EMAIL", "3"))
PASSWORD_RESET_WINDOW = timedelta(minutes=int(os.environ.get("PASSWORD_RESET_WINDOW_MINUTES", "60")))

# django-csp: only our own files; no inline scripts or style attributes anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# The audit trail: page size of the timeline and rows fetched per round trip when exporting.
AUDIT_PAGE_SIZE = int(os.environ.get("AUDIT_PAGE_SIZE", "50"))
AUDIT_EXPORT_CHUNK_SIZE = int(os.environ.get("AUDIT_EXPORT_CHUNK_SIZE", "2000"))

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Sessions end after 8 hours, or when the browser closes, whichever comes first.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "smittevern@localhost")
# Largest request body accepted (an incoming document's PDF is at most 10 MB, plus the form).
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(12 * 1024 * 1024)))
# A mail server that hangs must not hold a dispatch worker (and the delivery's row lock).
# Where the accessibility statement tells people to report a barrier (tilgjengelighetserklæringen).
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# Right-hand side of the fixed Message-ID of a dispatched letter's e-mail.
EMAIL_MESSAGE_ID_DOMAIN = os.environ.get(
    "EMAIL_MESSAGE_ID_DOMAIN", parseaddr(DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
)

# Celery: with REDIS_URL a real broker and workers; without it, tasks run in process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task stuck on a hanging server is stopped instead of holding a worker for ever: the soft
# limit raises inside the task, which records the failure and retries (a bounded number of
# times); the hard limit is the last resort. Every task here finishes in seconds; one letter
# copy (an address stamped on the shared PDF, one e-mail) has limits of its own, lower still.
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
DISPATCH_COPY_SOFT_TIME_LIMIT = 60
DISPATCH_COPY_TIME_LIMIT = 90
# An automatic retry waits at most this long, less than the visibility timeout: Redis hands an
# unacknowledged message (an ETA retry held by a worker) to another worker after that timeout.
TASK_RETRY_MAX_DELAY = 300
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    "max_retries": 0,
    # Matched to the time limits: a message unacknowledged this long belongs to a dead worker
    # (no task may run longer than CELERY_TASK_TIME_LIMIT), so Redis may deliver it again.
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 60,
}
# Self-healing (core.recovery, every STUCK_JOB_CHECK_SECONDS by beat): a letter copy, or a
# decided document's archive job, that has seen no progress for STUCK_JOB_SECONDS is queued
# again. Longer than any task's time limit, so a job still running is never taken for dead.
STUCK_JOB_SECONDS = int(os.environ.get("STUCK_JOB_SECONDS", str(CELERY_TASK_TIME_LIMIT + 120)))
STUCK_JOB_CHECK_SECONDS = float(os.environ.get("STUCK_JOB_CHECK_SECONDS", "60"))
CELERY_TIMEZONE = TIME_ZONE

# Days before a regulation's valid_until or an urgent decision's deadline to remind owners.
REMINDER_DAYS_BEFORE_EXPIRY = int(os.environ.get("REMINDER_DAYS_BEFORE_EXPIRY", "3"))
REMINDER_DAYS_BEFORE_DEADLINE = int(os.environ.get("REMINDER_DAYS_BEFORE_DEADLINE", "1"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Draft previews (core/previews.py): a document estimated at more pages than this renders in a
# worker, not in the web request; a person has at most this many in the making at once; a
# render not finished after this many seconds is queued again.
PDF_PREVIEW_INLINE_MAX_PAGES = int(os.environ.get("PDF_PREVIEW_INLINE_MAX_PAGES", "30"))
PDF_PREVIEW_MAX_PER_USER = int(os.environ.get("PDF_PREVIEW_MAX_PER_USER", "2"))
PDF_PREVIEW_STALE_SECONDS = int(os.environ.get("PDF_PREVIEW_STALE_SECONDS", "300"))
