import sys
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services
from .access import ALL, FORBIDDEN, LOGIN, NOT_FOUND, OK, access
from .dashboard import panels_for
from .forms import MemberInviteForm, RoleChangeForm
from .models import Organization, Role
from .selectors import has_role, organization_member_get, organization_members, organizations_for_user
from .throttle import client_ip, password_reset_request_record
from .views_helpers import flash_form_errors, form_saved, service_call_with_messages


@access(anonymous=LOGIN, own=OK)
@login_required
def dashboard(request):
    return render(request, "core/dashboard.html", {"panels": panels_for(request=request, now=timezone.now())})


@access(anonymous=OK, own=OK)
@require_GET
def accessibility_statement(request):
    """Tilgjengelighetserklæringen: public, linked from the footer of every page."""
    return render(request, "core/accessibility.html", {"contact": settings.ACCESSIBILITY_CONTACT_EMAIL})


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


# «Brukere og roller»: an organization's administrators only; its other people are refused,
# another organization's pages are not found.
ADMINISTER: dict[str, Any] = {
    "anonymous": LOGIN,
    "own": {Role.ADMIN: OK, ALL: FORBIDDEN},
    "other": NOT_FOUND,
    "obj": "organization",
}


@access(anonymous=LOGIN, own={Role.ADMIN: OK, ALL: FORBIDDEN})
@login_required
@require_GET
def members_home(request):
    """The menu's «Brukere og roller»: the first organization the person administers."""
    organization = organizations_for_user(request.user, Role.ADMIN).order_by("name").first()
    if organization is None:
        raise PermissionDenied(_("Bare en organisasjons systemansvarlige kan se brukere og roller."))
    return redirect("core:members", pk=organization.pk)


def _administered_or_refused(request, pk: int) -> Organization:
    organization = get_object_or_404(Organization, pk=pk)
    if not has_role(request.user, organization, Role.ADMIN):
        if has_role(request.user, organization):
            raise PermissionDenied(_("Bare organisasjonens systemansvarlige kan se og endre brukere og roller."))
        raise Http404
    return organization


@access(**ADMINISTER)
@login_required
@require_http_methods(["GET", "POST"])
def members(request, pk: int):
    """Who holds which role, and (POST) a colleague invited by e-mail."""
    organization = _administered_or_refused(request, pk)
    form = MemberInviteForm(request.POST if request.method == "POST" else None)
    saved = form_saved(
        request,
        form,
        lambda data: services.member_invite(
            organization=organization,
            by=request.user,
            domain=request.get_host(),
            use_https=request.is_secure(),
            **data,
        ),
        success=lambda user: _("Invitasjonen er sendt til %(email)s.") % {"email": user.email},
        then=reverse("core:members", args=[organization.pk]),
    )
    if saved is not None:
        return saved
    return render(
        request,
        "core/members.html",
        {
            "organization": organization,
            "members": organization_members(organization=organization),
            "administered": organizations_for_user(request.user, Role.ADMIN).order_by("name"),
            "form": form,
            "roles": Role.choices,
        },
    )


def _role_change(request, pk: int, user_pk: int, service, success):
    organization = _administered_or_refused(request, pk)
    person = organization_member_get(organization=organization, user_id=user_pk)
    if person is None:
        raise Http404
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(reverse("core:members", args=[organization.pk]) + f"#person-{person.pk}")
    role = form.cleaned_data["role"]
    done = service_call_with_messages(
        request,
        lambda: service(
            organization=organization, user=person, role=role, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success=success % {"person": person.get_full_name() or person.get_username(), "role": Role(role).label},
    )
    if done and person == request.user and role == Role.ADMIN and service is services.membership_revoke:
        return redirect("core:dashboard")  # no longer this organization's administrator
    return redirect(reverse("core:members", args=[organization.pk]) + f"#person-{person.pk}")


@access(**ADMINISTER, method="POST")
@login_required
@require_POST
def member_role_grant(request, pk: int, user_pk: int):
    return _role_change(request, pk, user_pk, services.membership_grant, _("%(person)s har fått rollen %(role)s."))


@access(**ADMINISTER, method="POST")
@login_required
@require_POST
def member_role_revoke(request, pk: int, user_pk: int):
    return _role_change(
        request, pk, user_pk, services.membership_revoke, _("%(person)s har ikke lenger rollen %(role)s.")
    )


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
