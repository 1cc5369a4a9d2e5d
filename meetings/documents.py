"""Meeting protocols as a document kind (core/documents.py)."""

from django.utils.translation import gettext_lazy as _

from core.documents import DocumentKind, load_from, render_with

from .models import AgendaItem, Meeting, MeetingStatus
from .services.agenda import presentation_content_hash
from .services.protocol import meeting_content_hash


def document_kind() -> DocumentKind:
    """An approved protocol is frozen with the hash of what it records."""
    return DocumentKind(
        label="meetings.meeting",
        noun=_("Møteprotokoll"),
        load=load_from(Meeting.objects.select_related("municipality")),
        render=render_with("meetings.pdf.render_protocol_pdf"),
        frozen=lambda: Meeting.objects.filter(status=MeetingStatus.APPROVED).exclude(content_hash=""),
        recorded_hash=lambda meeting: meeting.content_hash if meeting.status == MeetingStatus.APPROVED else "",
        current_hash=meeting_content_hash,
        preview_key=lambda meeting: f"{meeting_content_hash(meeting)}|{meeting.status}",
        preview_cost=lambda meeting: 1 + meeting.items.count() / 2,
        archive_task="meetings.tasks.archive_protocol_pdf",
        archive_id_argument="meeting_id",
        archive_filename=lambda meeting: (
            f"moteprotokoll-{meeting.municipality_id}-{meeting.starts_at:%Y-%m-%d}-{meeting.pk}.pdf"
        ),
        warning=_(
            "Protokollen i databasen stemmer ikke med innholdets SHA-256 fra godkjenningen. Bruk det arkiverte "
            "dokumentet, og varsle systemansvarlig."
        ),
    )


def presentation_kind() -> DocumentKind:
    """A PS item's saksframlegg, frozen with its hash when the notice is sent."""
    return DocumentKind(
        label="meetings.agendaitem",
        noun=_("Saksframlegg"),
        load=load_from(AgendaItem.objects.select_related("meeting__municipality", "version__regulation")),
        render=render_with("meetings.pdf.render_presentation_pdf"),
        frozen=lambda: AgendaItem.objects.exclude(content_hash=""),
        recorded_hash=lambda item: item.content_hash,
        current_hash=presentation_content_hash,
        preview_key=lambda item: f"{presentation_content_hash(item)}|{item.meeting.status}",
        preview_cost=lambda item: 2 + len(item.proposal) / 2500,
        archive_task="meetings.tasks.archive_presentation_pdf",
        archive_id_argument="item_id",
        archive_filename=lambda item: f"saksframlegg-{item.series}-{item.number}-{item.year}.pdf",
    )
