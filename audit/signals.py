"""Receivers that record the trail as things happen (decoupled side effects, CONVENTIONS 7).

Connected in `AuditConfig.ready()`:

- simple_history's `post_create_historical_record` (instance, history_instance,
  history_user, history_change_reason, ...): one field-level change event per history record;
- `post_save` of `core.WorkflowDecision` (instance, created, ...): one decision event;
- `post_save` of `core.ArchivedDocument` (instance, created, ...): its SHA-256 in the chain;
- `user_logged_in` / `user_logged_out` (request, user) and `user_login_failed`
  (credentials, request): sign-in events.

Each receiver only appends to the audit table, in the transaction of the change it describes.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

from .models import AuditKind
from .services import record_event, record_sign_in

HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Fields whose values mean nothing to a reader (optimistic-lock counters).
SILENT_FIELDS = {"revision"}
# Transitions recorded as dispatches rather than decisions (letters: ekspedering).
DISPATCH_TRANSITIONS = {"dispatch"}
# Attributes of a decided object that belong with the decision (the committee's vote).
DECISION_DETAILS = (
    "decision_body", "meeting_date", "item_number", "votes_for", "votes_against", "votes_abstaining",
)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value.pk)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


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


def on_workflow_decision(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    try:
        subject = instance.subject
    except ObjectDoesNotExist:
        subject = None
    data = {
        "label": instance.label, "from": instance.source_state, "to": instance.target_state,
        "content_hash": instance.content_hash, "decision_id": instance.pk,
    }
    if subject is not None:
        details = {
            name: _text(getattr(subject, name)) for name in DECISION_DETAILS
            if hasattr(subject, name) and getattr(subject, name) not in (None, "")
        }
        if details and instance.transition in ("adopt", "confirm", "reject"):
            data["decision"] = details
    record_event(
        kind=AuditKind.DISPATCH if instance.transition in DISPATCH_TRANSITIONS else AuditKind.DECISION,
        action=instance.transition,
        actor=instance.actor,
        obj=subject,
        comment=instance.comment,
        data=data,
        at=instance.at,
    )


def on_document_archived(sender, instance, created, raw=False, **kwargs):
    """A frozen PDF's SHA-256 goes into the chain the moment it is stored, so `audit_verify`
    notices even a document whose bytes and stored hash were both rewritten."""
    if not created or raw:
        return
    record_event(
        kind=AuditKind.CHANGE, action="archived", obj=instance, at=instance.created_at,
        data={"sha256": instance.sha256, "filename": instance.filename, "pdf_variant": instance.pdf_variant},
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
