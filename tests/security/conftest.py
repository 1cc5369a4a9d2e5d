import pytest

from tests.audit.urls import audit_urls_wired


@pytest.fixture(autouse=True)
def audit_urls(settings):
    if not audit_urls_wired():
        settings.ROOT_URLCONF = "tests.audit.urls"
