"""`make bench-load` only: production, except that the session and CSRF cookies travel over
loopback HTTP, because no TLS-terminating proxy stands in front of gunicorn there (the users
send `X-Forwarded-Proto: https` as that proxy would)."""

from .production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
