"""Receivers that record the trail as things happen (decoupled side effects, CONVENTIONS 7).

Connected in `AuditConfig.ready()`:

- simple_history's `post_create_historical_record` (instance, history_instance,
  history_user, history_change_reason, ...): one field-level change event per history record;
- `user_logged_in` / `user_logged_out` (request, user) and `user_login_failed`
  (credentials, request): sign-in events.

Each receiver only appends to the audit table, in the transaction of the change it describes.
These are the hooks the libraries give; decisions and archived documents are recorded by the
actions that make them (`core.workflow.transition_run`, `core.services.archived_documents_create`
call `audit.services.record_decision` / append `archived_spec`).
"""

from .models import AuditKind
from .services import plain_text as _text
from .services import record_event, record_sign_in

HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Fields whose values mean nothing to a reader (optimistic-lock counters).
SILENT_FIELDS = {"revision"}


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def history_changes(history_instance, model) -> list[dict]:
    """Field-level old → new values of one history record against the one before it."""
    fields = [f for f in history_instance.tracked_fields if f.editable and f.name not in SILENT_FIELDS]
    kind = history_instance.history_type
    if kind == "~":
        previous = history_instance.prev_record
        if previous is not None:
            delta = history_instance.diff_against(previous, excluded_fields=SILENT_FIELDS)
            return [
                {"field": c.field, "label": _field_label(model, c.field), "old": _text(c.old), "new": _text(c.new)}
                for c in delta.changes
            ]
    result = []
    for field in fields:
        value = _text(getattr(history_instance, field.attname))
        if value == "":
            continue
        old, new = ("", value) if kind != "-" else (value, "")
        result.append({"field": field.name, "label": _field_label(model, field.name), "old": old, "new": new})
    return result


def on_history_record(sender, instance, history_instance, **kwargs):
    changes = history_changes(history_instance, type(instance))
    reason = history_instance.history_change_reason or ""
    if history_instance.history_type == "~" and not changes and not reason:
        return  # a save that changed nothing
    record_event(
        kind=AuditKind.CHANGE,
        action=HISTORY_ACTIONS.get(history_instance.history_type, "changed"),
        actor=history_instance.history_user,
        obj=instance,
        changes=changes,
        comment=reason,
        at=history_instance.history_date,
    )


def on_logged_in(sender, request, user, **kwargs):
    record_sign_in(kind=AuditKind.LOGIN, request=request, user=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_sign_in(kind=AuditKind.LOGOUT, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    from django.contrib.auth import get_user_model

    username = str(credentials.get("username", "") or "")
    User = get_user_model()
    account = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    record_sign_in(kind=AuditKind.LOGIN_FAILED, request=request, user=account, username=username)
