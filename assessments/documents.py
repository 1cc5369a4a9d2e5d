"""Risk assessments as a document kind (core/documents.py): how they are loaded, rendered,
previewed, archived and checked against the content hash they were approved with."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.documents import DocumentKind, load_from, render_with
from core.selectors import organization_ids_for_user

from .models import APPROVING_ROLES, DRAFTING_ROLES, FROZEN_STATUSES, SECTION_FIELDS, Assessment
from .services.archive import assessment_content_hash


def _preview_key(assessment: Assessment) -> str:
    """Changes whenever the preview would: its content, status, and the approved earlier weeks
    that its trend chart shows (frozen, so their hashes name them)."""
    earlier = (
        Assessment.objects.filter(
            municipality=assessment.municipality, status__in=FROZEN_STATUSES, date__lt=assessment.date
        )
        .order_by("-date")
        .values_list("pk", "content_hash")[:11]
    )
    parts = (assessment_content_hash(assessment), assessment.status, assessment.municipality.name, list(earlier))
    return "|".join(str(part) for part in parts)


def _preview_cost(assessment: Assessment) -> float:
    """In pages: the tables and the chart, and about one page per 2,500 characters of text."""
    return 4 + sum(len(getattr(assessment, name) or "") for name, _label in SECTION_FIELDS) / 2500


def _retriable_for(user):
    """The assessments whose archival PDF the person may ask again for: as on its page."""
    orgs = organization_ids_for_user(user, *DRAFTING_ROLES, *APPROVING_ROLES)
    return Assessment.objects.filter(municipality_id__in=orgs).select_related("municipality")


def document_kind() -> DocumentKind:
    """Approved (and later superseded) assessments are frozen with their content hash."""
    return DocumentKind(
        label="assessments.assessment",
        noun=_("Risikovurdering"),
        load=load_from(Assessment.objects.select_related("municipality")),
        render=render_with("assessments.pdf.render_assessment_pdf"),
        frozen=lambda: (
            Assessment.objects.filter(status__in=FROZEN_STATUSES)
            .exclude(content_hash="")
            .select_related("municipality")
        ),
        recorded_hash=lambda assessment: assessment.content_hash if assessment.is_frozen else "",
        current_hash=assessment_content_hash,
        preview_key=_preview_key,
        preview_cost=_preview_cost,
        archive_task="assessments.tasks.archive_assessment_pdf",
        archive_id_argument="assessment_id",
        archive_filename=lambda a: f"risikovurdering-{a.municipality_id}-{a.iso_year}-uke{a.iso_week:02d}.pdf",
        warning=_(
            "Vurderingen i databasen stemmer ikke med innholdets SHA-256 fra godkjenningen. Den kan være "
            "endret utenom applikasjonen: bruk det arkiverte dokumentet, og varsle systemansvarlig."
        ),
        retriable_for=_retriable_for,
        url=lambda assessment: reverse("assessments:detail", args=[assessment.pk]),
    )
