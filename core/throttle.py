"""Who the client is, and how often it may ask: the client's address (used by the sign-in
lockout and the audit trail too) and the rate limits on requests that cost us something to
answer (a password-reset e-mail), counted in Django's cache."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` proxies of our own
    the address the outermost of them saw (counted from the right of X-Forwarded-For, so a
    client cannot forge it by sending the header itself)."""
    if request is None:
        return ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def _count_within_limit(*, key: str, limit: int, window: timedelta) -> bool:
    """Counts one request under `key` and returns whether it is within `limit` for the window
    that began with the key's first request (a fixed window: later requests do not extend it)."""
    timeout = max(1, int(window.total_seconds()))
    try:
        cache.add(key, 0, timeout)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr: a new window begins
            cache.add(key, 1, timeout)
            count = 1
    except Exception:
        # The cache (Redis) is unreachable: a person must still be able to reset a password,
        # so the limit is not applied until it is back; never a 500 for this.
        logger.warning("Throttle cache unavailable; %s not counted", key.rsplit(":", 1)[0], exc_info=True)
        return True
    return count <= limit


def password_reset_request_record(*, client_address: str, email: str) -> bool:
    """Counts one request for a password-reset e-mail; True if both the client address and
    the e-mail address are within their limits (`PASSWORD_RESET_LIMIT_PER_ADDRESS`,
    `PASSWORD_RESET_LIMIT_PER_EMAIL` per `PASSWORD_RESET_WINDOW`), so the e-mail may be sent.

    The e-mail address counts whether or not an account has it, so the answer tells nobody
    which addresses are known. A request refused for its client address does not count
    against the e-mail address.
    """
    window = settings.PASSWORD_RESET_WINDOW
    if not _count_within_limit(
        key=f"throttle:password-reset:address:{client_address}",
        limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        window=window,
    ):
        return False
    # Hashed: no e-mail address is kept in the cache, and any address makes a valid key.
    email_digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return _count_within_limit(
        key=f"throttle:password-reset:email:{email_digest}",
        limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
        window=window,
    )
