"""Public read API: adopted regulation versions as JSON, for integrations (Lovdata, portals)."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.access import OK, access
from core.api import api_error, page_number, paged_response
from core.documents import content_mismatch
from core.formats import parse_instant
from core.models import Organization
from measures import schema

from .models import EFFECTIVE_STATUSES, Layer, LevelPlacement, Measure, RegulationVersion, Section
from .selectors import versions_in_force_during
from .services.archive import version_content_hash

PAGE_SIZE = 50
PARAMETERS = {"municipality", "in_force_on", "in_force_at", "page"}


def _measures(rows: list[dict]) -> list[dict]:
    """The section's structured measures in the typed kinds (measures.schema), each with the
    rule-or-advice flag; a measure of the first catalog is read as the typed kinds it means."""
    out = []
    for measure in rows:
        for code, params in schema.typed(measure["type"], measure["parameters"]):
            out.append({"type": code, "advice": measure["advice"], "parameters": schema.dump(params)})
    return out


def _load(versions: list[RegulationVersion]) -> dict[int, tuple[list[dict], list[LevelPlacement]]]:
    """The page's sections with their measures (and the placements of the national and
    regional levels), in three queries for the whole page, read as plain rows: building a
    model instance and a related manager for each of some 500 sections cost most of the time."""
    ids = [v.pk for v in versions]
    sections: dict[int, list[dict]] = defaultdict(list)
    by_pk: dict[int, dict] = {}  # each section's content, to attach its measures to
    for row in (
        Section.objects.filter(version_id__in=ids)
        .order_by("version_id", "number")
        .values("pk", "version_id", "number", "heading", "body")
    ):
        section = {"number": row["number"], "heading": row["heading"], "body": row["body"], "measures": []}
        by_pk[row["pk"]] = section
        sections[row["version_id"]].append(section)
    for m in (
        Measure.objects.filter(section__version_id__in=ids)
        .order_by("section_id", "id")
        .values("section_id", "measure_type__code", "parameters", "is_advice")
    ):
        by_pk[m["section_id"]]["measures"].append(
            {"type": m["measure_type__code"], "parameters": m["parameters"], "advice": m["is_advice"]}
        )
    placements: dict[int, list[LevelPlacement]] = defaultdict(list)
    levels = [v.pk for v in versions if v.regulation.layer != Layer.LOCAL]
    if levels:
        for placement in LevelPlacement.objects.filter(version_id__in=levels):
            placements[placement.version_id].append(placement)
    return {v.pk: (sections[v.pk], placements[v.pk]) for v in versions}


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _serialize(version: RegulationVersion, request, content: tuple[list[dict], list[LevelPlacement]]) -> dict:
    regulation = version.regulation
    sections, placements = content
    return {
        "id": version.pk,
        "regulation_id": regulation.pk,
        "version": version.number,
        "kind": version.kind,
        "title": regulation.title,
        "short_title": regulation.short_title,
        "legal_basis": regulation.legal_basis,
        "case": regulation.case.reference,
        "municipality": {"number": regulation.municipality.municipality_number, "name": regulation.municipality.name},
        "status": version.status,
        "valid_from": _iso(version.valid_from),
        "valid_until": _iso(version.valid_until),
        "adopted_by": version.get_decision_body_display() or None,
        "adopted_on": version.meeting_date.isoformat() if version.meeting_date else None,
        "content_sha256": version.content_hash or None,
        # Set when the stored text no longer matches the hash it was adopted with.
        "content_warning": content_mismatch(version, current=version_content_hash(version, sections, placements))
        or None,
        "pdf_sha256": version.archived_pdf.sha256 if version.archived_pdf_id else None,
        "pdf_url": request.build_absolute_uri(reverse("regulations:version_pdf", args=[version.pk])),
        "layer": regulation.layer,
        "level": regulation.level or None,
        "sections": [
            {"number": s["number"], "heading": s["heading"], "text": s["body"], "measures": _measures(s["measures"])}
            for s in sections
        ],
    }


@access(anonymous=OK, own=OK)
@require_GET
def regulations(request):
    """GET /api/regulations/?municipality=<nnnn>&in_force_on=<YYYY-MM-DD>&in_force_at=<instant>&page=<n>

    `in_force_at` is an ISO 8601 instant (2021-05-15T18:00:00+02:00; without an offset,
    Norwegian local time): the versions in force at that instant. An unknown parameter is
    refused with 400. Decided texts only (adopted by the political body, or a hastevedtak by the medical
    officer: `kind` and `status` tell which); never drafts. 50 per page; the headers
    X-Total-Count and Link (rel="next") tell about further pages.
    """
    unknown = sorted(set(request.GET) - PARAMETERS)
    if unknown:
        return api_error(unknown[0], f"unknown parameter {unknown[0]}; known: {', '.join(sorted(PARAMETERS))}")
    versions = (
        RegulationVersion.objects.filter(status__in=EFFECTIVE_STATUSES)
        .select_related("regulation__municipality", "regulation__case", "archived_pdf")
        .defer("archived_pdf__content")  # its hash is listed, never its bytes
        .order_by("regulation_id", "number")
    )
    number = request.GET.get("municipality")
    if number is not None:
        if not (len(number) == 4 and number.isdigit()):
            return api_error("municipality", "municipality must be a 4-digit municipality number, e.g. 5402")
        if not Organization.objects.filter(kind="municipality", municipality_number=number).exists():
            return api_error("municipality", f"no municipality with number {number}")
        versions = versions.filter(regulation__municipality__municipality_number=number)
    day = request.GET.get("in_force_on")
    if day is not None:
        try:
            parsed = datetime.strptime(day, "%Y-%m-%d").date()
        except ValueError:
            return api_error("in_force_on", "in_force_on must be a date as YYYY-MM-DD, e.g. 2021-03-05")
        if not 1900 <= parsed.year <= 2100:
            return api_error("in_force_on", "in_force_on must be a date between the years 1900 and 2100")
        start = timezone.make_aware(datetime.combine(parsed, time.min))
        in_force = versions_in_force_during(start, start + timedelta(days=1))
        versions = versions.filter(pk__in=in_force.values("pk"))
    instant = request.GET.get("in_force_at")
    if instant is not None:
        at = parse_instant(instant)
        if at is None:
            return api_error(
                "in_force_at",
                "in_force_at must be an ISO 8601 date and time between 2020 and 2030, e.g. 2021-03-05T12:00",
            )
        versions = versions.filter(pk__in=versions_in_force_during(at, at + timedelta(microseconds=1)).values("pk"))
    page = page_number(request)
    if isinstance(page, JsonResponse):
        return page
    response = paged_response(request, versions, page=page, page_size=PAGE_SIZE, serialize=_serialize, load=_load)
    response["Cache-Control"] = "public, max-age=60"
    return response
