"""Read API: risk assessments as JSON, with the same scoping as the pages."""

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.access import OK, UNAUTHORIZED, access
from core.api import api_error, page_number, paged_response
from core.documents import content_mismatch
from core.models import Organization
from measures.display import measure_text

from .selectors import assessment_list, indicator_rows

PAGE_SIZE = 50


def _serialize(assessment, request) -> dict:
    return {
        "id": assessment.pk,
        "municipality": {"number": assessment.municipality.municipality_number, "name": assessment.municipality.name},
        "date": assessment.date.isoformat(),
        "week": assessment.iso_week,
        "year": assessment.iso_year,
        "status": assessment.status,
        "risk_level": assessment.risk_level,
        "suggested_risk_level": assessment.suggested_risk_level,
        "indicators": [
            {"code": row.code, "value": float(row.value) if row.value is not None else None, "level": row.level}
            for row in indicator_rows(assessment)
        ],
        "recommended_measures": [
            {
                "order": m.order,
                "heading": m.heading,
                "measure_type": m.measure_type.code,
                "parameters": m.parameters,
                "parameters_text": measure_text(m.measure_type.code, m.parameters),
                "fhi_level": m.fhi_level,
                "regulation_chapter": m.regulation_chapter or None,
                "is_advice": m.is_advice,
                "justification": m.justification,
            }
            for m in assessment.recommended_measures.all()
        ],
        "content_sha256": assessment.content_hash or None,
        # Set when the stored content no longer matches the hash it was approved with.
        "content_warning": content_mismatch(assessment) or None,
        "pdf_sha256": assessment.archived_pdf.sha256 if assessment.archived_pdf_id else None,
        "pdf_url": request.build_absolute_uri(reverse("assessments:pdf", args=[assessment.pk])),
    }


@access(anonymous=UNAUTHORIZED, own=OK)
@require_GET
def assessments(request):
    """GET /api/assessments/?municipality=<nnnn>&page=<n> (authenticated; scoped like the pages).

    Newest first, 50 per page; the headers X-Total-Count and Link (rel="next") tell about
    further pages.
    """
    if not request.user.is_authenticated:
        return api_error("authentication", "authentication required: sign in first", status=401)
    municipality = None
    number = request.GET.get("municipality")
    if number is not None:
        if not (len(number) == 4 and number.isdigit()):
            return api_error("municipality", "municipality must be a 4-digit municipality number, e.g. 5402")
        municipality = Organization.objects.filter(kind="municipality", municipality_number=number).first()
        if municipality is None:
            return api_error("municipality", f"no municipality with number {number}")
    page = page_number(request)
    if isinstance(page, JsonResponse):
        return page
    response = paged_response(
        request,
        assessment_list(user=request.user, municipality=municipality),
        page=page,
        page_size=PAGE_SIZE,
        serialize=_serialize,
    )
    response["Cache-Control"] = "private, no-store"
    return response
