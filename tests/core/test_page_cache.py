"""Whole pages kept in the cache: renewed by every event in the audit trail, never with a
visitor's CSRF token in them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from core.page_cache import page_get, page_key, page_make, page_response
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def _request():
    request = RequestFactory().get("/regler/")
    request.user = AnonymousUser()
    return request


def test_a_page_is_kept_until_the_audit_trail_moves():
    key = page_key("3024")
    page_make(_request(), "rules/public_not_found.html", {"number": "3024"}, key=key, max_age=60)
    assert page_get(key) is not None and page_key("3024") == key
    MunicipalityFactory(name="Asker kommune", municipality_number="3025")  # recorded in the trail
    assert page_key("3024") != key


def test_a_page_holding_a_csrf_token_is_never_kept():
    key = page_key("login")
    page = page_make(_request(), "registration/login.html", {}, key=key, max_age=60)
    assert "csrfmiddlewaretoken" in page.body
    assert page_get(key) is None


def test_an_unreachable_cache_makes_the_page_anew(settings):
    redis = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {"default": {"BACKEND": redis, "LOCATION": "redis://127.0.0.1:1/0"}}
    key = page_key("3024")
    page = page_make(_request(), "rules/public_not_found.html", {"number": "3024"}, key=key, max_age=60)
    assert page_get(key) is None
    response = page_response(_request(), page)
    assert response.status_code == 200 and b"3024" in response.content
