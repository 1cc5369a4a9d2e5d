"""Every write to the audit trail: `record_event` appends one link to the hash chain,
`record_events` several at once.

Appends are serialized by locking the single `ChainHead` row (an UPDATE first, which takes
the row lock on PostgreSQL and the write lock on SQLite), so concurrent writers can never
fork the chain. An event is written in the caller's transaction: if the change it
describes is rolled back, so is the event.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from .models import AuditEvent, AuditKind, ChainHead
from .subjects import describe

# The fields of an event that its hash covers, in this order of meaning (keys are sorted).
HASHED_FIELDS = (
    "seq",
    "at",
    "kind",
    "action",
    "actor_id",
    "actor_label",
    "organization_id",
    "object_type",
    "object_id",
    "object_repr",
    "subject_type",
    "subject_id",
    "subject_repr",
    "changes",
    "comment",
    "data",
    "previous_hash",
)


def _iso_utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json_safe(value):
    """Round-trip through JSON so that what is hashed is exactly what the database returns."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def canonical_content(event: AuditEvent) -> str:
    """The stable text an event's hash is computed from: sorted keys, UTC timestamps, ids."""
    content = {}
    for name in HASHED_FIELDS:
        value = getattr(event, name)
        if name == "at":
            value = _iso_utc(value)
        content[name] = value
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical_content(event).encode("utf-8")).hexdigest()


def _actor_label(user) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return (f"{full} ({user.get_username()})" if full else user.get_username())[:200]


@dataclass(frozen=True)
class EventSpec:
    """One event to append (`record_events`): the arguments of `record_event`."""

    kind: str
    action: str
    actor: Any = None
    obj: Any = None
    organization_id: int | None = None
    changes: list[dict] | None = None
    comment: str = ""
    data: dict | None = None
    at: datetime | None = None


def _unhashed_event(spec: EventSpec, now: datetime) -> AuditEvent:
    """The event `spec` describes, without its place in the chain (seq and hashes)."""
    described = describe(spec.obj) if spec.obj is not None else None
    organization_id = spec.organization_id
    if organization_id is None and described is not None:
        organization_id = described.organization_id
    actor = spec.actor if getattr(spec.actor, "is_authenticated", False) and getattr(spec.actor, "pk", None) else None
    return AuditEvent(
        at=spec.at or now,
        kind=spec.kind,
        action=spec.action[:50],
        actor=actor,
        actor_label=_actor_label(actor),
        organization_id=organization_id,
        object_type=described.object_type if described else "",
        object_id=described.object_id if described else "",
        object_repr=(described.object_repr if described else "")[:300],
        subject_type=described.subject_type if described else "",
        subject_id=described.subject_id if described else "",
        subject_repr=(described.subject_repr if described else "")[:300],
        changes=_json_safe(spec.changes or []),
        comment=spec.comment or "",
        data=_json_safe(spec.data or {}),
    )


def _lock_head() -> tuple[int, str]:
    """Lock the chain head and read it, in one statement: an UPDATE takes the row lock
    (PostgreSQL) or the database's write lock (SQLite) before anything is read, so no two
    writers see the same head."""
    table = connection.ops.quote_name(ChainHead._meta.db_table)
    sql = f"UPDATE {table} SET last_seq = last_seq WHERE id = 1 RETURNING last_seq, last_hash"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
        if row is None:  # the first event ever
            ChainHead.objects.get_or_create(pk=1)
            cursor.execute(sql)
            row = cursor.fetchone()
    return row[0], row[1]


def record_events(specs: list[EventSpec]) -> list[AuditEvent]:
    """Append `specs` to the chain in this order, under one lock of the chain head and in one
    INSERT, and return the events. Everything but the chain's links is prepared before the
    head is locked, so the lock is held for three statements and the commit."""
    if not specs:
        return []
    now = timezone.now()
    events = [_unhashed_event(spec, now) for spec in specs]
    with transaction.atomic():
        last_seq, previous_hash = _lock_head()
        for event in events:
            last_seq += 1
            event.seq, event.previous_hash = last_seq, previous_hash
            event.hash = previous_hash = compute_hash(event)
        AuditEvent.objects.bulk_create(events)
        ChainHead.objects.filter(pk=1).update(last_seq=last_seq, last_hash=previous_hash)
    return events


def record_event(
    *,
    kind: str,
    action: str,
    actor=None,
    obj=None,
    organization_id: int | None = None,
    changes: list[dict] | None = None,
    comment: str = "",
    data: dict | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain and return it.

    `obj` is the model instance the event is about; its organization and document (subject)
    are found by `audit.subjects.describe` unless `organization_id` is given.
    """
    spec = EventSpec(kind, action, actor, obj, organization_id, changes, comment, data, at)
    return record_events([spec])[0]


# Transitions recorded as dispatches rather than decisions (letters: ekspedering).
DISPATCH_TRANSITIONS = {"dispatch"}
# Attributes of a decided object that belong with the decision (the committee's vote).
DECISION_DETAILS = (
    "decision_body",
    "meeting_date",
    "item_number",
    "votes_for",
    "votes_against",
    "votes_abstaining",
)


def plain_text(value) -> str:
    """A field value as the trail keeps it: ids for related objects, ISO dates, text."""
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value.pk)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record_decision(*, decision, subject) -> AuditEvent:
    """A workflow decision (`core.WorkflowDecision`) on `subject`, with the hash of what was
    decided on and, for a committee's decision, its vote. Called by `transition_run` in the
    decision's own transaction."""
    data = {
        "label": decision.label,
        "from": decision.source_state,
        "to": decision.target_state,
        "content_hash": decision.content_hash,
        "decision_id": decision.pk,
    }
    details = {
        name: plain_text(getattr(subject, name))
        for name in DECISION_DETAILS
        if hasattr(subject, name) and getattr(subject, name) not in (None, "")
    }
    if details and decision.transition in ("adopt", "confirm", "reject"):
        data["decision"] = details
    return record_event(
        kind=AuditKind.DISPATCH if decision.transition in DISPATCH_TRANSITIONS else AuditKind.DECISION,
        action=decision.transition,
        actor=decision.actor,
        obj=subject,
        comment=decision.comment,
        data=data,
        at=decision.at,
    )


def archived_spec(document) -> EventSpec:
    """A frozen PDF's SHA-256 goes into the chain the moment it is stored, so `audit_verify`
    notices even a document whose bytes and stored hash were both rewritten. Appended by
    `core.services.archived_documents_create` in the storing transaction."""
    return EventSpec(
        kind=AuditKind.CHANGE,
        action="archived",
        obj=document,
        at=document.created_at,
        data={"sha256": document.sha256, "filename": document.filename, "pdf_variant": document.pdf_variant},
    )


def _client_ip(request) -> str:
    from core.throttle import client_ip

    return client_ip(request)


def record_download(*, request, obj, filename: str) -> AuditEvent | None:
    """Record that the signed-in user fetched a non-public document (a draft's PDF).

    Anonymous requests are never served non-public documents, so nothing is recorded for them.
    """
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return None
    return record_event(
        kind=AuditKind.DOWNLOAD,
        action="download",
        actor=user,
        obj=obj,
        data={"filename": filename, "ip": _client_ip(request), "path": request.get_full_path()[:500]},
    )


def record_sign_in(*, kind: str, request, user=None, username: str = "") -> list[AuditEvent]:
    """Sign-in, sign-out or a failed sign-in; the account is the event's object.

    Recorded once in the trail of each organization the account belongs to at that moment
    (so an auditor's scope is one indexed organization filter, and a later change of
    membership neither reveals nor hides it); an account of no organization, or an unknown
    username, is recorded once without an organization (administrators see it).
    """
    from core.models import Membership

    data = {"ip": _client_ip(request)}
    if username:
        data["username"] = username[:150]
    organization_ids = (
        sorted(set(Membership.objects.filter(user_id=user.pk).values_list("organization_id", flat=True)))
        if user
        else []
    )
    actor = user if kind != AuditKind.LOGIN_FAILED else None
    trails: list[int | None] = [*organization_ids] or [None]
    with transaction.atomic():
        return [
            record_event(kind=kind, action=kind, actor=actor, obj=user, data=data, organization_id=org_id)
            for org_id in trails
        ]
