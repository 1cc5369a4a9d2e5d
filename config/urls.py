from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("core.urls")),
    path("regulations/", include("regulations.urls")),
    path("assessments/", include("assessments.urls")),
    path("letters/", include("letters.urls")),
    path("audit/", include("audit.urls")),
    path("api/", include("regulations.api_urls")),
    path("api/", include("assessments.api_urls")),
    path("api/", include("letters.api_urls")),
    path("api/", include("audit.api_urls")),
]
