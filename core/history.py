"""Who and why for django-simple-history: the one place a service says it (CONVENTIONS 4)."""

from typing import Any


def history_note(obj: Any, *, by, reason: str) -> None:
    """Name the person (None: the system) and the reason for the history record that the
    next `save()` or `delete()` of `obj` writes; the audit trail takes both from there."""
    obj._history_user = by
    obj._change_reason = reason
