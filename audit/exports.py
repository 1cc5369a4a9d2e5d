"""Streamed CSV and JSON exports: rows are fetched in chunks and written as they come."""

import csv
import json
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from .models import AuditEvent

CSV_COLUMNS = (
    "seq",
    "at",
    "kind",
    "action",
    "actor",
    "organization_id",
    "object_type",
    "object_id",
    "object",
    "subject_type",
    "subject_id",
    "subject",
    "changes",
    "comment",
    "data",
    "hash",
    "previous_hash",
)


def event_as_dict(event: AuditEvent) -> dict:
    """The public shape of an event (API and JSON export)."""
    return {
        "id": event.pk,
        "seq": event.seq,
        "at": timezone.localtime(event.at).isoformat(),
        "kind": event.kind,
        "actor": event.actor_label or None,
        "actor_id": event.actor_id,
        "action": event.action,
        "organization_id": event.organization_id,
        "object": f"{event.object_type}:{event.object_id}" if event.object_type else None,
        "object_repr": event.object_repr,
        "subject": f"{event.subject_type}:{event.subject_id}" if event.subject_type else None,
        "changes": event.changes,
        "comment": event.comment,
        "data": event.data,
        "hash": event.hash,
        "previous_hash": event.previous_hash,
    }


class _Echo:
    def write(self, value):
        return value


def _chunked(qs) -> Iterator[AuditEvent]:
    return qs.order_by("-at", "-id").iterator(chunk_size=settings.AUDIT_EXPORT_CHUNK_SIZE)


def _cell(value: str) -> str:
    """Free text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_rows(qs) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # BOM: Excel opens UTF-8 as such
    for e in _chunked(qs):
        yield writer.writerow(
            [
                e.seq,
                timezone.localtime(e.at).isoformat(),
                e.kind,
                e.action,
                _cell(e.actor_label),
                e.organization_id or "",
                e.object_type,
                e.object_id,
                _cell(e.object_repr),
                e.subject_type,
                e.subject_id,
                _cell(e.subject_repr),
                json.dumps(e.changes, ensure_ascii=False),
                _cell(e.comment),
                json.dumps(e.data, ensure_ascii=False),
                e.hash,
                e.previous_hash,
            ]
        )


def json_chunks(qs) -> Iterator[str]:
    yield "["
    first = True
    for e in _chunked(qs):
        yield ("" if first else ",\n") + json.dumps(event_as_dict(e), ensure_ascii=False)
        first = False
    yield "]\n"
