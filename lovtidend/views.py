"""The announcement package downloads and the form that records the announcement."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_download
from core.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, access
from core.models import Role
from core.views_helpers import found_or_404
from regulations.models import RegulationVersion

from . import selectors, services
from .forms import AnnouncementForm
from .package import version_package
from .xml import package_xml


def _version_or_404(user, pk: int) -> RegulationVersion:
    return found_or_404(
        lambda: selectors.decided_version_for_staff(user=user, pk=pk),
        _("Fant ingen vedtatt forskriftsversjon å lage kunngjøringspakke for."),
    )


def _download(request, version: RegulationVersion, content: bytes, content_type: str, suffix: str) -> HttpResponse:
    filename = f"kunngjoringspakke-{version.regulation_id}-v{version.number}.{suffix}"
    record_download(request=request, obj=version, filename=filename)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="adopted_version")
@login_required
@require_GET
def package_json(request, pk):
    version = _version_or_404(request.user, pk)
    content = json.dumps(version_package(version), ensure_ascii=False, indent=2).encode("utf-8")
    return _download(request, version, content, "application/json; charset=utf-8", "json")


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="adopted_version")
@login_required
@require_GET
def package_xml_view(request, pk):
    version = _version_or_404(request.user, pk)
    return _download(request, version, package_xml(version_package(version)), "application/xml; charset=utf-8", "xml")


@access(
    anonymous=LOGIN,
    own={Role.CASE_OFFICER: OK, Role.RECORDS_OFFICER: OK, "*": FORBIDDEN},
    other=NOT_FOUND,
    obj="adopted_version",
    method="POST",
    data={"announced_on": "2021-03-10", "lovdata_id": "FOR-2021-03-09-1"},
)
@login_required
@require_POST
def announcement_record(request, pk):
    version = _version_or_404(request.user, pk)
    form = AnnouncementForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("regulations:version_detail", pk=version.pk)
    try:
        services.announcement_record(version=version, by=request.user, **form.cleaned_data)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Kunngjøringen i Norsk Lovtidend er registrert."))
    return redirect("regulations:version_detail", pk=version.pk)
