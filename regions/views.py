"""Region pages: the list, the directorate's create and edit forms, the comparison matrix at an
instant with its CSV, and «Lag brevutkast». Thin: validate, call one service or selector."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import FORBIDDEN, LOGIN, OK, access
from core.views_helpers import flash_service_errors, form_saved
from rules.open_data import BOM

from . import selectors, services
from .forms import InstantForm, RegionForm, members_text
from .models import CommutingRegion, may_draft_region_letter, may_edit_regions

# The data are public: every signed-in user reads regions and comparisons; only the
# directorate's case officers and approvers edit, only its case officers draft letters.
# (The matrix test signs in as municipalities' users: they are refused both.)
SEE = {"anonymous": LOGIN, "own": OK}
EDIT = {"anonymous": LOGIN, "own": FORBIDDEN}
EXAMPLE_AT = "2020-11-11T12:00"


def _region_or_404(pk: int) -> CommutingRegion:
    try:
        return selectors.region_get(pk=pk)
    except CommutingRegion.DoesNotExist:
        raise Http404(_("Fant ikke regionen."))


def _require_editor(user) -> None:
    if not may_edit_regions(user):
        raise PermissionDenied(_("Bare direktoratets saksbehandlere og godkjennere kan endre regioner."))


@access(**SEE)
@login_required
@require_GET
def region_list(request):
    return render(
        request,
        "regions/list.html",
        {"regions": selectors.regions_list(), "may_edit": may_edit_regions(request.user)},
    )


def _form_page(request, *, region: CommutingRegion | None):
    _require_editor(request.user)
    initial = {}
    if region is not None:
        initial = {
            "name": region.name,
            "description": region.description,
            "municipalities": members_text(region.municipality_numbers),
        }
    form = RegionForm(request.POST or None, initial=initial)

    def save(data):
        fields = {
            "by": request.user,
            "name": data["name"],
            "description": data["description"],
            "municipality_numbers": data["municipalities"],
            "reason": data["reason"],
        }
        if region is None:
            return services.region_create(**fields)
        return services.region_update(region=region, **fields)

    done = _("Regionen «%(name)s» er opprettet.") if region is None else _("Regionen «%(name)s» er lagret.")
    saved = form_saved(
        request,
        form,
        save,
        success=lambda saved_region: done % {"name": saved_region.name},
        then=lambda saved_region: reverse("regions:detail", args=[saved_region.pk]),
    )
    if saved is not None:
        return saved
    return render(request, "regions/form.html", {"form": form, "region": region})


@access(**EDIT)
@login_required
@require_http_methods(["GET", "POST"])
def region_create(request):
    return _form_page(request, region=None)


@access(**EDIT, obj="region")
@login_required
@require_http_methods(["GET", "POST"])
def region_edit(request, pk):
    return _form_page(request, region=_region_or_404(pk))


def _instant(request):
    form = InstantForm(request.GET or None)
    at = form.cleaned_data["at"] if form.is_valid() else timezone.now().replace(second=0, microsecond=0)
    return form, at


@access(**SEE, obj="region")
@login_required
@require_GET
def region_detail(request, pk):
    """The matrix: settings × the region's municipalities at `?at=` (default now)."""
    region = _region_or_404(pk)
    form, at = _instant(request)
    comparison = selectors.region_comparison(region=region, at=at)
    at_param = timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
    may_draft = may_draft_region_letter(request.user)
    may_edit = may_edit_regions(request.user)
    return render(
        request,
        "regions/detail.html",
        {
            "region": region,
            "form": form,
            "comparison": comparison,
            "at_param": at_param,
            "csv_url": f"{reverse('regions:csv', args=[region.pk])}?at={at_param}",
            "may_edit": may_edit,
            "may_draft": may_draft,
            "letters": selectors.region_letters(region=region, user=request.user)[:10] if may_draft else [],
            "history": selectors.region_history(region=region)[:20] if may_edit else [],
        },
    )


CSV_COLUMNS = [
    "region",
    "at",
    "setting",
    "setting_label",
    "municipality_number",
    "municipality_name",
    "stringency",
    "summary",
    "differs",
    "reference_summary",
    "sources",
]


@access(**SEE, obj="region")
@login_required
@require_GET
def region_csv(request, pk):
    """The matrix as CSV, one row per setting and municipality (UTF-8 with a byte order mark,
    as the open data's exports, so that Excel reads «Bærum»)."""
    region = _region_or_404(pk)
    _form, at = _instant(request)
    comparison = selectors.region_comparison(region=region, at=at)
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    when = timezone.localtime(at).isoformat()
    for row in comparison.rows:
        for cell in row.cells:
            writer.writerow(
                [
                    region.name,
                    when,
                    row.setting.value,
                    row.label,
                    cell.municipality.number,
                    cell.municipality.name,
                    cell.stringency,
                    cell.summary,
                    "true" if cell.differs else "false",
                    row.reference.summary,
                    "; ".join(cell.sources),
                ]
            )
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime(at).strftime("%Y-%m-%dT%H%M")
    response["Content-Disposition"] = f'attachment; filename="region-{region.pk}-{stamp}.csv"'
    return response


@access(**EDIT, obj="region", method="POST", data={"at": EXAMPLE_AT})
@login_required
@require_POST
def region_letter(request, pk):
    """«Lag brevutkast»: a draft letter to the members that differ; then the letter's page."""
    region = _region_or_404(pk)
    if not may_draft_region_letter(request.user):
        raise PermissionDenied(_("Bare direktoratets saksbehandlere kan lage brevutkast fra sammenligningen."))
    form = InstantForm(request.POST)
    back = reverse("regions:detail", args=[region.pk])
    if not form.is_valid():
        for message in form.errors.get("at", []):
            messages.error(request, message)
        return redirect(back)
    at = form.cleaned_data["at"]
    try:
        result = services.region_letter_draft(region=region, at=at, by=request.user)
    except ValidationError as exc:
        flash_service_errors(request, exc)
        return redirect(f"{back}?at={timezone.localtime(at).strftime('%Y-%m-%dT%H:%M')}")
    letter = result.letter
    if result.created:
        messages.success(
            request,
            _(
                "Brevutkast %(ref)s er laget med %(n)s mottakere. Les gjennom teksten og tabellen før du sender til godkjenning."
            )
            % {"ref": letter.reference, "n": letter.recipients.count()},
        )
        if result.not_added:
            messages.warning(
                request,
                _(
                    "Ikke lagt til som mottakere (ingen organisasjon med adresse i registeret): %(names)s. Legg dem til for hånd."
                )
                % {"names": ", ".join(result.not_added)},
            )
    else:
        messages.info(
            request, _("Brevutkastet %(ref)s fra denne sammenligningen finnes allerede.") % {"ref": letter.reference}
        )
    return redirect("letters:detail", pk=letter.pk)
