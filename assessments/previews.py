"""How draft assessments are previewed as PDF (core/previews.py): content key, cost."""

from core.previews import PreviewKind

from .models import FROZEN_STATUSES, SECTION_FIELDS, Assessment


def _key(assessment: Assessment) -> str:
    """Changes whenever the preview would: its content, status, and the approved earlier weeks
    that its trend chart shows (frozen, so their hashes name them)."""
    from .services.archive import assessment_content_hash

    earlier = (
        Assessment.objects.filter(
            municipality=assessment.municipality, status__in=FROZEN_STATUSES, date__lt=assessment.date
        )
        .order_by("-date")
        .values_list("pk", "content_hash")[:11]
    )
    return "|".join(
        str(part)
        for part in (
            assessment_content_hash(assessment),
            assessment.status,
            assessment.municipality.name,
            list(earlier),
        )
    )


def _cost(assessment: Assessment) -> float:
    """In pages: the tables and the chart, and about one page per 2,500 characters of text."""
    return 4 + sum(len(getattr(assessment, name) or "") for name, _label in SECTION_FIELDS) / 2500


def _render(assessment: Assessment) -> bytes:
    from .pdf import render_assessment_pdf  # WeasyPrint is loaded by the first render, not at start

    return render_assessment_pdf(assessment)


def preview_kind() -> PreviewKind:
    return PreviewKind(
        label="assessments.assessment",
        content_key=_key,
        cost=_cost,
        render=_render,
        load=lambda pk: Assessment.objects.select_related("municipality").filter(pk=pk).first(),
    )
