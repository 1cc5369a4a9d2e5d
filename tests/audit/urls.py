"""The project's URLconf with the audit pages and API, for the tests, until config/urls.py
includes them (then `audit_urls_wired` below is true and this module is not used)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("audit/", include("audit.urls")),
    path("api/", include("audit.api_urls")),
]


def audit_urls_wired() -> bool:
    return any(getattr(p, "pattern", None) and str(p.pattern) == "audit/" for p in project_urlpatterns)
