"""Regulation pages on a draft's parts: its sections' measures (one form from the section, swapped
with htmx) and a regional level's placements. Thin views over regulations.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import access
from core.views_helpers import EDIT_DRAFT, flash_form_errors, service_call_with_messages
from measures.forms import MeasureForm, add_measure_errors
from measures.models import MeasureType

from . import selectors, services
from .forms import (
    PlacementForm,
)
from .models import (
    LevelPlacement,
    Measure,
    RegulationVersion,
    version_may_draft,
)
from .views import measure_form, version_or_404, version_page


@access(**EDIT_DRAFT, obj="draft_version")
@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request, pk, section_pk):
    """Add a measure to a section from the version page: the type and its parameters in one
    form. Choosing a type (htmx on change, or «Velg tiltakstype» without JavaScript) shows its
    fields; «Legg til tiltak» saves."""
    version = _editable_version(request, pk)
    section = get_object_or_404(version.sections.all(), pk=section_pk)
    key = f"add{section.pk}"
    url = reverse("regulations:measure_add", args=[version.pk, section.pk])
    form = measure_form(key, url, request.POST) if "save" in request.POST else _chosen_form(request, key, url)
    return _measure_saved(
        request,
        version,
        form,
        lambda: services.measure_add(section=section, by=request.user, **_measure_values(form)),
        success=_("Tiltaket er lagt til i § %(n)s.") % {"n": section.number},
        key=key,
        url=url,
        section=section,
    )


@access(**EDIT_DRAFT, obj="draft_version")
@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk, measure_pk):
    """Change a measure from the version page, in the same form as adding one."""
    version = _editable_version(request, pk)
    measures = Measure.objects.filter(section__version=version).select_related("section", "measure_type")
    measure = get_object_or_404(measures, pk=measure_pk)
    key = f"edit{measure.pk}"
    url = reverse("regulations:measure_edit", args=[version.pk, measure.pk])
    if "save" in request.POST:
        form = measure_form(key, url, request.POST)
    else:
        form = _chosen_form(
            request,
            key,
            url,
            measure_type=measure.measure_type,
            parameters=measure.parameters,
            is_advice=measure.is_advice,
        )
    return _measure_saved(
        request,
        version,
        form,
        lambda: services.measure_update(
            measure=measure, by=request.user, expected_revision=_revision(request), **_measure_values(form)
        ),
        success=_("Tiltaket i § %(n)s er endret.") % {"n": measure.section.number},
        key=key,
        url=url,
        section=measure.section,
        measure=measure,
    )


def _measure_values(form: MeasureForm) -> dict:
    """What a valid measure form says: the type, its parameters, and whether it is advice."""
    return {
        "measure_type": form.cleaned_data["measure_type"],
        "parameters": form.parameters,
        "is_advice": form.cleaned_data["is_advice"],
    }


def _measure_saved(request, version, form, save, *, success: str, key, url, section, measure=None):
    """A submitted measure form, adding or changing: saved through `save` (its service) when
    valid, then back to the section; the service's refusals and an invalid form show the form
    again with the errors."""
    if form.is_bound and form.is_valid():
        try:
            save()
        except ValidationError as exc:
            add_measure_errors(form, exc)
        else:
            messages.success(request, success)
            return _back_to_version(request, version, f"#s{section.number}")
    return _measure_form_response(request, version, form, key=key, url=url, section=section, measure=measure)


def _editable_version(request, pk) -> RegulationVersion:
    version = version_or_404(request.user, pk)
    if not (version.is_editable and version_may_draft(version, request.user)):
        raise PermissionDenied(_("Tiltak kan bare legges til eller endres i et utkast du kan endre."))
    return version


def _chosen_form(request, key: str, url: str, **initial) -> MeasureForm:
    """An unbound form showing the fields of the type asked for (a changed select, or the
    «Velg tiltakstype» button), or of the measure being edited."""
    data = request.POST if request.method == "POST" else request.GET
    code = data.get("measure_type")
    if code is not None:
        initial["measure_type"] = MeasureType.objects.filter(code=code, legacy=False).first()
        initial["parameters"] = None
        initial["is_advice"] = data.get("is_advice") == "on"
    return measure_form(key, url, **initial)


def _revision(request) -> int | None:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return None


def _back_to_version(request, version, anchor: str):
    url = reverse("regulations:version_detail", args=[version.pk]) + anchor
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _measure_form_response(request, version, form, *, key, url, section, measure=None):
    """With htmx, the form alone (swapped in place); without, the whole version page with it open."""
    if request.htmx:
        return render(
            request,
            "regulations/_measure_form.html",
            {"form": form, "key": key, "url": url, "version": version, "section": section, "measure": measure},
        )
    return version_page(request, version, open_form=form, open_key=key)


@access(**EDIT_DRAFT, obj="draft_version", method="POST")
@login_required
@require_POST
def measure_remove(request, pk, measure_pk):
    return _part_removed(
        request,
        pk,
        lambda version: get_object_or_404(Measure.objects.filter(section__version=version), pk=measure_pk),
        lambda measure: services.measure_remove(measure=measure, by=request.user),
        success=_("Tiltaket er fjernet."),
    )


def _require_drafter(user, version) -> None:
    if not version_may_draft(version, user):
        raise PermissionDenied(_("Du har ikke tilgang til å endre dette utkastet."))


def _part_removed(request, pk, find, remove, *, success: str, anchor: str = ""):
    """POST from the version page removing one part of a draft (a measure, a placement)."""
    version = version_or_404(request.user, pk)
    part = find(version)
    _require_drafter(request.user, version)
    service_call_with_messages(request, lambda: remove(part), success=success)
    return redirect(reverse("regulations:version_detail", args=[version.pk]) + anchor)


@access(
    **EDIT_DRAFT,
    obj="regional_draft",
    method="POST",
    data={"municipality_number": "3024", "valid_from": "2021-05-06T00:00", "valid_until": "2021-05-21T23:59"},
)
@login_required
@require_POST
def placement_add(request, pk):
    """Place a municipality on the regional level of a draft (one form on the version page)."""
    version = version_or_404(request.user, pk)
    _require_drafter(request.user, version)
    form = PlacementForm(request.POST, municipalities=selectors.placement_municipalities())
    if form.is_valid():
        data = form.cleaned_data
        service_call_with_messages(
            request,
            lambda: services.placement_add(
                version=version,
                by=request.user,
                municipality_number=data["municipality_number"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            ),
            success=lambda placement: placement.history.first().history_change_reason,
        )
    else:
        flash_form_errors(request, form)
    return redirect(reverse("regulations:version_detail", args=[version.pk]) + "#placements")


@access(**EDIT_DRAFT, obj="regional_draft", method="POST")
@login_required
@require_POST
def placement_remove(request, pk, placement_pk):
    return _part_removed(
        request,
        pk,
        lambda version: get_object_or_404(LevelPlacement.objects.filter(version=version), pk=placement_pk),
        lambda placement: services.placement_remove(placement=placement, by=request.user),
        success=_("Plasseringen er fjernet."),
        anchor="#placements",
    )
