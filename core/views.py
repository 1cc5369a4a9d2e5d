import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import LOGIN, OK, access
from .dashboard import panels_for
from .throttle import client_ip, password_reset_request_record


@access(anonymous=LOGIN, own=OK)
@login_required
def dashboard(request):
    return render(request, "core/dashboard.html", {"panels": panels_for(request=request, now=timezone.now())})


@access(anonymous=OK, own=OK)
def healthz(request):
    """Liveness for load balancers: answers even when Redis is down."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with no e-mail sent once the client address or the e-mail
    address has asked too often (`core.throttle`); the answer is the same whether or not an
    account has the address. Public under the exempt `accounts/` prefix, as Django's is."""

    def form_valid(self, form):
        if not password_reset_request_record(client_address=client_ip(self.request), email=form.cleaned_data["email"]):
            form.add_error(
                "email",
                _("For mange forespørsler om nytt passord. Ingen e-post er sendt. Vent en stund og prøv igjen."),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


def server_error(request):
    """The 500 handler (config/urls.py): a database that was out of reach for a moment (a
    dropped connection, a restart, SQLite busy beyond its timeout) gets 503 with «try again»,
    since nothing half-done was kept: the request's transaction died with its connection.
    Anything else is the plain error page. Rendered without context processors or the database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
