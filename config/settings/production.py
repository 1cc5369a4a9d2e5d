"""Production: PostgreSQL (DATABASE_URL), Redis + Celery workers (REDIS_URL), HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment")
if not REDIS_URL:  # noqa: F405
    # Without a broker base.py runs every task eagerly: PDFs and letter dispatch would run
    # inside web requests, and nothing would catch up after a failure.
    raise ImproperlyConfigured(
        "REDIS_URL must be set in the environment: production needs a Celery broker "
        "(tasks would otherwise run inside web requests)"
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]  # noqa: F405
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# One reverse proxy of ours in front: the client's address (sign-in lockout, audit trail)
# is the hop it appended to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))  # noqa: F405
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
        "frame-ancestors": [NONE],  # noqa: F405
        "upgrade-insecure-requests": True,
    },
}
# The password-reset counters (core.throttle) must be shared by every web process, so the
# cache is Redis (REDIS_URL, required above); Django's default, LocMemCache, would keep one
# count per process. Local and test settings stay on LocMemCache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,  # noqa: F405
        # As for the broker: a hanging Redis must not hold a web request.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    },
}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")  # noqa: F405
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")  # noqa: F405
# A new database connection per request costs 6–7 ms (TCP, authentication): keep each
# process's connection for a minute, checked before it is reused after an error or restart.
# CONN_MAX_AGE=0 in the environment goes back to one connection per request.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = os.environ.get("CONN_HEALTH_CHECKS", "true").lower() not in ("0", "false")  # noqa: F405
