"""Whole pages kept in Django's cache (Redis in production) and served without being made again.

A page may be kept while nothing has been decided: every decision is in the audit trail, so the
trail's head (its last sequence number and hash, one row) names the state of everything a page
can show, and is part of every key. A new event moves the head, and the next request makes the
page anew; a restored database with fewer events has another hash, so an old page is never
taken for a new one.

Only pages that are the same for every visitor are kept (the public pages: no sign-in, no
form). A page whose making asked for a CSRF token is never kept, since the token is the
visitor's own.

The cache is an aid, never a source: when it cannot be reached, the page is made as usual.
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

KEEP_AT_MOST = 3600  # seconds in the cache whatever else holds: as long as a browser may keep it


@dataclass(frozen=True)
class Page:
    body: str
    etag: str
    max_age: int  # for Cache-Control, at the most
    until: datetime | None = None  # when the page goes out of date (the next change takes effect)


def _trail_head() -> str:
    from audit.selectors import trail_head

    return trail_head()


def page_key(*parts: str) -> str:
    """The key of the page named by `parts` in the trail's current state (and the language)."""
    raw = "|".join((get_language() or "", _trail_head(), *parts))
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _seconds_to(moment: datetime) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def page_get(key: str) -> Page | None:
    try:
        page = cache.get(key)
    except Exception:  # an unreachable cache must not take the page down with it
        logger.warning("Page cache unavailable; page made anew", exc_info=True)
        return None
    if not isinstance(page, Page) or (page.until is not None and page.until <= timezone.now()):
        return None
    return page


def page_make(
    request: HttpRequest, template: str, context: dict, *, key: str, max_age: int, until: datetime | None = None
) -> Page:
    """Render `template` and keep it under `key` until `until` (if given) and at most an hour,
    unless it holds a CSRF token."""
    body = render_to_string(template, context, request)
    page = Page(body=body, etag=quote_etag(hashlib.sha256(body.encode()).hexdigest()), max_age=max_age, until=until)
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        timeout = KEEP_AT_MOST if until is None else min(KEEP_AT_MOST, _seconds_to(until))
        try:
            cache.set(key, page, timeout)
        except Exception:
            logger.warning("Page cache unavailable; page not kept", exc_info=True)
    return page


def page_response(request: HttpRequest, page: Page) -> HttpResponse:
    """The page with public Cache-Control and its ETag (304 when the browser has it)."""
    max_age = page.max_age if page.until is None else min(page.max_age, _seconds_to(page.until))
    response = HttpResponse(page.body)
    patch_cache_control(response, public=True, max_age=max_age)
    response["ETag"] = page.etag
    return get_conditional_response(request, etag=page.etag, response=response) or response
