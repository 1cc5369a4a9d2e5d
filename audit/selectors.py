"""Reads of the audit trail: who may see what, filters, keyset pages, the story of a document."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.models import Organization, Role
from core.selectors import organization_ids_for_user

from .models import AuditEvent, AuditKind, ChainHead
from .subjects import is_subject_model, organization_id_of, subject_for, subjects

SIGN_IN_KINDS = (AuditKind.LOGIN, AuditKind.LOGOUT, AuditKind.LOGIN_FAILED)

# Decisions taken in public: what someone outside the organization may read of a story.
PUBLIC_ACTIONS = {"adopt", "confirm", "issue_urgent", "lapse", "repeal", "approve", "dispatch"}


def trail_head() -> str:
    """Where the trail stands, as a short text that changes with every event appended (and
    differs between two databases holding different trails): one row read."""
    head = ChainHead.objects.values_list("last_seq", "last_hash").first()
    return f"{head[0]}:{head[1]}" if head else "0:"


def is_system_administrator(user) -> bool:
    """System administrators (superusers) are the only ones who read across organizations."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))


# An organization's auditors and its administrators (systemansvarlig) read its trail, and
# only its trail: the admin role is held per organization, never across them.
TRAIL_ROLES = (Role.AUDITOR, Role.ADMIN)


def audited_organization_ids(user) -> set[int]:
    """The organizations whose trail `user` reads as auditor or as its administrator."""
    return organization_ids_for_user(user, *TRAIL_ROLES)


def may_see_timeline(user) -> bool:
    return is_system_administrator(user) or bool(audited_organization_ids(user))


def events_for_user(user) -> QuerySet[AuditEvent]:
    """The organization-wide trail a person may read: everything for system administrators;
    for an organization's auditors and administrators, the events of that organization (its
    objects, and its members' sign-ins, which are recorded in each member organization's
    trail). Nothing for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return AuditEvent.objects.none()
    if is_system_administrator(user):
        return AuditEvent.objects.all()
    org_ids = audited_organization_ids(user)
    if not org_ids:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(organization_id__in=org_ids)


@dataclass
class Filters:
    organization: int | None = None
    actor: int | None = None
    object_type: str = ""
    subject: tuple[str, str] | None = None
    object: tuple[str, str] | None = None
    kind: str = ""
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""


def parse_object_ref(value: str) -> tuple[str, str] | None:
    """'regulations.regulation:5' → ('regulations.regulation', '5'); None when malformed."""
    label, sep, pk = (value or "").strip().partition(":")
    if not sep or "." not in label or not pk.isdigit() or len(label) > 100 or len(pk) > 20:
        return None
    return label.lower(), pk


def filter_events(qs: QuerySet[AuditEvent], f: Filters) -> QuerySet[AuditEvent]:
    if f.organization:
        qs = qs.filter(organization_id=f.organization)
    if f.actor:
        qs = qs.filter(actor_id=f.actor)
    if f.object_type:
        # A document type means the document and its parts (its story); any other type the
        # objects of that type. One column either way, so one index serves the order.
        if is_subject_model(f.object_type):
            qs = qs.filter(subject_type=f.object_type)
        else:
            qs = qs.filter(object_type=f.object_type)
    if f.subject:
        qs = qs.filter(subject_type=f.subject[0], subject_id=f.subject[1])
    if f.object:
        # A document: its story (itself and its parts, whose subject it is). Anything else:
        # the events about that object. One indexed column pair either way, never an OR.
        if is_subject_model(f.object[0]):
            qs = qs.filter(subject_type=f.object[0], subject_id=f.object[1])
        else:
            qs = qs.filter(object_type=f.object[0], object_id=f.object[1])
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.since:
        qs = qs.filter(at__gte=f.since)
    if f.until:
        qs = qs.filter(at__lt=f.until)
    if f.text:
        qs = qs.filter(
            Q(comment__icontains=f.text) | Q(object_repr__icontains=f.text) | Q(subject_repr__icontains=f.text)
        )
    return qs


def encode_cursor(at: datetime, pk: int) -> str:
    """The keyset cursor after the event recorded `at` with primary key `pk`."""
    return f"{at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}_{pk}"


def decode_cursor(value: str) -> tuple[datetime, int] | None:
    at_text, sep, pk = (value or "").rpartition("_")
    if not sep or not pk.isdigit():
        return None
    at = parse_datetime_bounded(at_text)
    if at is None or timezone.is_naive(at) or len(pk) > 20:
        return None
    return at, int(pk)


def parse_datetime_bounded(text: str) -> datetime | None:
    """An ISO 8601 date and time between the years 1900 and 2100, or None (never raises)."""
    try:
        value = parse_datetime((text or "").strip())
        if value is None or not 1900 <= value.year <= 2100:
            return None
        if not timezone.is_naive(value):
            value.astimezone(UTC)  # an offset that overflows the range raises here
        return value
    except (ValueError, OverflowError):
        return None


@dataclass
class Page:
    events: list[AuditEvent]
    next_cursor: str | None


def keyset_page(qs: QuerySet[AuditEvent], *, after: str = "", size: int = 50, recorded_order: bool = False) -> Page:
    """Newest first, `size` events after the cursor: (at, id) < the cursor's, never OFFSET. In
    `recorded_order` (a story): oldest first by sequence number, the cursor a sequence number."""
    if recorded_order:
        if after.isdigit() and len(after) < 19:
            qs = qs.filter(seq__gt=int(after))
        qs = qs.order_by("seq")
    else:
        decoded = decode_cursor(after) if after else None
        if decoded is not None:
            at, pk = decoded
            # "at <= cursor" is a plain index range; the tie on `at` is cut by id. (An OR of
            # the two conditions makes SQLite scan the index from the newest row instead.)
            qs = qs.filter(at__lte=at).exclude(at=at, id__gte=pk)
        qs = qs.order_by("-at", "-id")
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not (more and rows):
        return Page(events=rows, next_cursor=None)
    return Page(
        events=rows, next_cursor=str(rows[-1].seq) if recorded_order else encode_cursor(rows[-1].at, rows[-1].pk)
    )


def subject_visible(user, subject_type: str, subject_id: str):
    """The document if `user` may see it (by its app's own scoping selector), else None."""
    subject = subject_for(subject_type)
    if subject is None or subject.visible is None or not subject_id.isdigit() or len(subject_id) > 18:
        return None
    # Everyone, system administrators included, through the app's own scoping selector
    # (which already lets a superuser see every document): the story is never a way around it.
    return subject.visible(user).filter(pk=int(subject_id)).first()


def story_events(*, user, subject_type: str, subject_id: str) -> QuerySet[AuditEvent] | None:
    """Events of one document (and its parts) in the order recorded, or None when it is not visible.

    Members of the document's organization, its auditors and administrators read the whole
    story; others who may see the document read only the decisions taken in public.
    """
    found = story_of(user=user, subject_type=subject_type, subject_id=subject_id)
    return found[1] if found is not None else None


def story_of(*, user, subject_type: str, subject_id: str) -> tuple[Any, QuerySet[AuditEvent]] | None:
    """The document and its events as `story_events` reads them (one look-up of the document),
    or None when it is not visible."""
    document = subject_visible(user, subject_type, subject_id)
    if document is None:
        return None
    qs = AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id)
    organization_id = organization_id_of(document)
    insider = is_system_administrator(user) or organization_id in organization_ids_for_user(user)
    if not insider:
        qs = qs.filter(kind__in=(AuditKind.DECISION, AuditKind.DISPATCH), action__in=PUBLIC_ACTIONS)
    # In the order recorded: a decision imported with its historical time (demo data, a
    # migration from another system) still comes after the drafting that preceded it.
    return document, qs.order_by("seq")


def story_part_labels(*, subject_type: str, events: list[AuditEvent]) -> dict[int, str]:
    """By event id, what the event is about as the document's app names it ("Versjon 2 § 3.
    Formål" where the event recorded "§ 3. Formål"); events left out keep their recorded name."""
    subject = subject_for(subject_type)
    if subject is None or subject.part_labels is None:
        return {}
    return subject.part_labels(events=events)


def story_types() -> set[str]:
    """The documents that have a story page."""
    return {s.label for s in subjects() if s.visible is not None}


def users_named_for(user) -> QuerySet:
    """The people the records name to `user`: those sharing an organization with them (everyone,
    for a system administrator); others are named by their kind only."""
    User = get_user_model()
    if is_system_administrator(user):
        return User.objects.all()
    return User.objects.filter(memberships__organization_id__in=organization_ids_for_user(user)).distinct()


def organizations_named_for(user) -> QuerySet[Organization]:
    """Organizations are public bodies: every one is named to everyone."""
    return Organization.objects.all()


def actors_for_filter(user) -> QuerySet:
    """People to choose from in the timeline's person filter."""
    User = get_user_model()
    if is_system_administrator(user):
        return User.objects.order_by("username")
    return (
        User.objects.filter(memberships__organization_id__in=audited_organization_ids(user))
        .distinct()
        .order_by("username")
    )


# What an auditor goes through on the overview: the trail's decisions, dispatches and failed
# sign-ins of the last week, each a link to the timeline filtered to them.
REVIEW_KINDS = (AuditKind.DECISION, AuditKind.DISPATCH, AuditKind.LOGIN_FAILED)
REVIEW_DAYS = 7
REVIEW_COUNT_CAP = 1000


def review_panel_context(*, user, now) -> dict | None:
    """The auditor's work list: for those who read an organization's trail (not system
    administrators, whose overview is for operations), how many events of each kind to review
    came in the last week. Counted up to a cap, so a large trail costs one indexed read each."""
    if not audited_organization_ids(user):
        return None
    now = now or timezone.now()
    since = timezone.localdate(now) - timedelta(days=REVIEW_DAYS - 1)
    start = datetime.combine(since, time.min, tzinfo=timezone.get_current_timezone())
    events = events_for_user(user).filter(at__gte=start)
    rows = []
    for kind in REVIEW_KINDS:
        count = events.filter(kind=kind).values("pk")[: REVIEW_COUNT_CAP + 1].count()
        rows.append({"kind": kind, "label": kind.label, "count": count, "capped": count > REVIEW_COUNT_CAP})
    return {"review": rows, "review_since": since, "review_cap": REVIEW_COUNT_CAP}
