"""Streamed CSV and JSON exports: rows are fetched in chunks and written as they come.

Each event keeps its recorded codes (what its hash covers, for machines) beside the same
event in words (`*_label`, `*_text` columns), read for the person exporting it.
"""

import csv
import json
from collections.abc import Iterator
from itertools import islice

from django.conf import settings
from django.utils import timezone

from core.formats import format_datetime_nb

from .models import AuditEvent
from .readable import Reader, ReadEvent
from .services import HASHED_FIELDS

CSV_COLUMNS = (
    "seq",
    "at",
    "at_text",
    "kind",
    "kind_label",
    "action",
    "action_label",
    "actor",
    "organization_id",
    "object_type",
    "object_id",
    "object",
    "subject_type",
    "subject_id",
    "subject",
    "changes",
    "changes_text",
    "comment",
    "data",
    "details_text",
    "hash",
    "previous_hash",
)


# What the public shape of an event reads of it: what its hash covers (but the subject's
# name), its id and its hash.
PUBLIC_FIELDS = ("id", *(name for name in HASHED_FIELDS if name != "subject_repr"), "hash")


def event_as_dict(event: AuditEvent) -> dict:
    """The public shape of an event (API and JSON export)."""
    return event_row_as_dict({name: getattr(event, name) for name in PUBLIC_FIELDS})


def event_row_as_dict(row: dict) -> dict:
    """The public shape of an event read as a plain row (`.values(*PUBLIC_FIELDS)`): the API
    reads 500 a page, and a model instance for each costs a third of its time."""
    return {
        "id": row["id"],
        "seq": row["seq"],
        "at": timezone.localtime(row["at"]).isoformat(),
        "kind": row["kind"],
        "actor": row["actor_label"] or None,
        "actor_id": row["actor_id"],
        "action": row["action"],
        "organization_id": row["organization_id"],
        "object": f"{row['object_type']}:{row['object_id']}" if row["object_type"] else None,
        "object_repr": row["object_repr"],
        "subject": f"{row['subject_type']}:{row['subject_id']}" if row["subject_type"] else None,
        "changes": row["changes"],
        "comment": row["comment"],
        "data": row["data"],
        "hash": row["hash"],
        "previous_hash": row["previous_hash"],
    }


class _Echo:
    def write(self, value):
        return value


def _read_in_chunks(qs, user) -> Iterator[ReadEvent]:
    """The events newest first, fetched and read a chunk at a time (the records a chunk links
    to are named with one query per kind)."""
    size = settings.AUDIT_EXPORT_CHUNK_SIZE
    events = qs.order_by("-at", "-id").iterator(chunk_size=size)
    while chunk := list(islice(events, size)):
        yield from Reader(user, chunk)


def read_as_dict(read: ReadEvent) -> dict:
    """An event as the JSON export gives it: its public shape and the same in words."""
    e = read.event
    return {
        **event_as_dict(e),
        "at_text": format_datetime_nb(e.at),
        "kind_label": e.get_kind_display(),
        "action_label": e.action_display,
        "changes_readable": [{"field": c.field, "label": c.label, "old": c.old, "new": c.new} for c in read.changes],
        "details_text": read.details_text(),
    }


def _cell(value: str) -> str:
    """Free text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_rows(qs, *, user) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # BOM: Excel opens UTF-8 as such
    for read in _read_in_chunks(qs, user):
        e = read.event
        yield writer.writerow(
            [
                e.seq,
                timezone.localtime(e.at).isoformat(),
                format_datetime_nb(e.at),
                e.kind,
                e.get_kind_display(),
                e.action,
                e.action_display,
                _cell(e.actor_label),
                e.organization_id or "",
                e.object_type,
                e.object_id,
                _cell(e.object_repr),
                e.subject_type,
                e.subject_id,
                _cell(e.subject_repr),
                json.dumps(e.changes, ensure_ascii=False),
                _cell("; ".join(c.as_text() for c in read.changes)),
                _cell(e.comment),
                json.dumps(e.data, ensure_ascii=False),
                _cell(read.details_text()),
                e.hash,
                e.previous_hash,
            ]
        )


def json_chunks(qs, *, user) -> Iterator[str]:
    yield "["
    first = True
    for read in _read_in_chunks(qs, user):
        yield ("" if first else ",\n") + json.dumps(read_as_dict(read), ensure_ascii=False)
        first = False
    yield "]\n"
