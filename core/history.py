"""What a record keeps about itself: who and why for django-simple-history (the one place a
service says it, CONVENTIONS 4), and instants in the canonical form content hashes use."""

from datetime import UTC, datetime
from typing import Any


def history_note(obj: Any, *, by, reason: str, at: datetime | None = None) -> None:
    """Name the person (None: the system) and the reason for the history record that the
    next `save()` or `delete()` of `obj` writes; the audit trail takes both from there. `at`
    (only when importing a historical decision) is the record's time instead of now, unless
    `obj` already has a later record: a record is compared with the one before it in time, so
    one dated before its predecessor would read as if it had made the object anew."""
    obj._history_user = by
    obj._change_reason = reason
    if at is not None and (obj.pk is None or not obj.history.filter(history_date__gt=at).exists()):
        obj._history_date = at
    else:  # now (an earlier save's historical time is not this one's)
        obj.__dict__.pop("_history_date", None)


def canonical_instant(value: datetime | None) -> str | None:
    """An instant as content hashes see it: ISO 8601 in UTC, as the database returns it, so a
    datetime still in memory in Oslo time hashes like the same instant read back."""
    return value.astimezone(UTC).isoformat() if value is not None else None


def save_with_history(obj: Any, by, reason: str, at: datetime | None = None) -> None:
    """Save `obj`, its history record naming `by` (None: the system) and `reason` (`at`: see
    `history_note`)."""
    history_note(obj, by=by, reason=reason, at=at)
    obj.save()
