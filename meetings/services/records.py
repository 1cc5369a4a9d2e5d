"""What every write of the meetings app does with the record it makes or changes: its
history note and save, then its event in the audit trail; a new agenda item's municipality
and body repeated from its meeting."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditKind
from audit.services import record_event
from core.history import save_with_history

from ..models import AgendaItem, Meeting


def new_item(meeting: Meeting, **fields) -> AgendaItem:
    """An (unsaved) item of `meeting`'s agenda; the database keeps its number unique per the
    municipality and body it repeats from the meeting."""
    return AgendaItem(meeting=meeting, municipality=meeting.municipality, body=meeting.body, **fields)


def save_recorded(
    obj, *, by, reason: str, action: str, kind=AuditKind.CHANGE, clash=None, at: datetime | None = None, **event
):
    """Save `obj` (its history naming `by` and `reason`), then record `action` in the audit
    trail with `event`'s comment, changes or data. With `clash` (a message, or a mapping of
    field to message), a save that breaks a unique constraint is refused with it instead. `at`
    (importing a historical meeting) dates both the history record and the event."""
    if clash is None:
        save_with_history(obj, by, reason, at)
    else:
        try:
            with transaction.atomic():
                save_with_history(obj, by, reason, at)
        except IntegrityError as exc:
            raise ValidationError(clash) from exc
    record_event(kind=kind, action=action, actor=by, obj=obj, at=at, **event)
    return obj
