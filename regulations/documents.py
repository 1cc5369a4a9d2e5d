"""Regulation versions as a document kind (core/documents.py): how they are loaded, rendered,
previewed, archived and checked against the content hash they were decided with."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.documents import DocumentKind, load_from, render_with
from core.models import Role
from core.selectors import DRAFTING_ROLES, organization_ids_for_user

from .models import RegulationVersion
from .services.archive import version_content_hash


def _preview_key(version: RegulationVersion) -> str:
    """Changes whenever the preview would: the content hash and what the draft note shows."""
    municipality = version.regulation.municipality
    parts = (
        version_content_hash(version),
        version.status,
        version.meeting_date,
        version.get_decision_body_display(),
        municipality.name,
        municipality.county,
    )
    return "|".join(str(part) for part in parts)


def _preview_cost(version: RegulationVersion) -> float:
    """In pages: about one per 2,000 characters, and a heading takes room of its own."""
    sizes = [len(s.heading) + len(s.body) for s in version.sections.all()]
    return sum(sizes) / 2000 + len(sizes) / 4


def _retriable_for(user):
    """The versions whose archival PDF the person may ask again for: as on the version page."""
    orgs = organization_ids_for_user(user, *DRAFTING_ROLES, Role.COMMITTEE_SECRETARY)
    return RegulationVersion.objects.filter(regulation__municipality_id__in=orgs).select_related("regulation")


def document_kind() -> DocumentKind:
    """Decided versions are frozen from the moment their content hash is recorded."""
    return DocumentKind(
        label="regulations.regulationversion",
        noun=_("Forskriftsversjon"),
        load=load_from(RegulationVersion.objects.select_related("regulation__municipality")),
        render=render_with("regulations.pdf.render_version_pdf"),
        frozen=lambda: RegulationVersion.objects.exclude(content_hash="").select_related("regulation__municipality"),
        recorded_hash=lambda version: version.content_hash,
        current_hash=version_content_hash,
        preview_key=_preview_key,
        preview_cost=_preview_cost,
        archive_task="regulations.tasks.archive_version_pdf",
        archive_id_argument="version_id",
        archive_filename=lambda version: f"forskrift-{version.regulation_id}-v{version.number}.pdf",
        retriable_for=_retriable_for,
        url=lambda version: reverse("regulations:version_detail", args=[version.pk]),
    )
