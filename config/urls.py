from django.contrib import admin
from django.urls import include, path

from core.views import PasswordResetView

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before Django's own: the same page and name, with a rate limit on the e-mails sent.
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("core.urls")),
    path("regulations/", include("regulations.urls")),
    path("regulations/", include("lovtidend.urls")),
    path("assessments/", include("assessments.urls")),
    path("meetings/", include("meetings.urls")),
    path("letters/cases/", include("cases.urls")),
    path("letters/", include("letters.urls")),
    path("audit/", include("audit.urls")),
    path("gjeldende-regler/", include("rules.urls")),
    path("regler/", include("rules.public_urls")),
    path("regioner/", include("regions.urls")),
    path("api/", include("regulations.api_urls")),
    path("api/", include("assessments.api_urls")),
    path("api/", include("letters.api_urls")),
    path("api/", include("audit.api_urls")),
    path("api/", include("rules.api_urls")),
    path("", include("rules.open_data_urls")),
]

handler500 = "core.views.server_error"
