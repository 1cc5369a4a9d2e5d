"""Every non-trivial read of the meetings app; `meetings_for_user` decides who sees what."""

from datetime import timedelta

from django.db.models import Q, QuerySet

from core.models import Role
from core.selectors import DRAFTING_ROLES, organization_ids_for_user, user_roles
from regulations.models import Layer, RegulationVersion, VersionStatus

from .models import AgendaItem, Meeting, MeetingStatus, Voting

# Who prepares meetings and so sees them before the notice is sent.
PREPARING_ROLES = (Role.COMMITTEE_SECRETARY, *DRAFTING_ROLES, Role.AUDITOR, Role.ADMIN)


def meetings_for_user(user) -> QuerySet[Meeting]:
    """The meetings of the person's municipalities: every one to those who prepare them, the
    noticed and concluded ones to everyone else there (the members see the agenda once it is
    published)."""
    preparing = organization_ids_for_user(user, *PREPARING_ROLES)
    member_of = organization_ids_for_user(user)
    return Meeting.objects.filter(
        Q(municipality_id__in=preparing) | (Q(municipality_id__in=member_of) & ~Q(status=MeetingStatus.PLANNED))
    ).select_related("municipality")


def meeting_public_get(*, pk: int) -> Meeting | None:
    """An approved meeting, whose protocol anyone may read."""
    return Meeting.objects.filter(pk=pk, status=MeetingStatus.APPROVED).select_related("municipality").first()


def items_for_user(user) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting__in=meetings_for_user(user)).select_related(
        "meeting__municipality", "version__regulation"
    )


def meeting_items(*, meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.select_related("version__regulation__basis_assessment")
        .prefetch_related("amendments", "disqualifications__member", "votes__voter")
        .order_by("series", "number")
    )


def versions_for_agenda(*, meeting: Meeting) -> QuerySet[RegulationVersion]:
    """The versions that may be put on `meeting`'s agenda: submitted to the committee, or a
    hastevedtak awaiting confirmation, of its municipality and on no other agenda."""
    return (
        RegulationVersion.objects.filter(
            regulation__municipality_id=meeting.municipality_id,
            regulation__layer=Layer.LOCAL,
            status__in=(VersionStatus.SUBMITTED, VersionStatus.URGENT),
        )
        .exclude(agenda_items__in=AgendaItem.objects.exclude(outcome="postponed"))
        .select_related("regulation")
        .order_by("regulation__title", "number")
    )


def open_votes_for_member(*, user) -> QuerySet[AgendaItem]:
    """Items whose remote vote is open in a meeting the member is called to, not yet voted on."""
    return (
        AgendaItem.objects.filter(voting=Voting.OPEN, outcome="", meeting__attendance__member=user)
        .exclude(votes__voter=user)
        .select_related("meeting")
        .distinct()
    )


def dashboard_panel_context(*, user, now) -> dict | None:
    """The secretary's upcoming meetings; a member's meetings with an open vote."""
    roles = user_roles(user)
    secretary = [org for org, held in roles.items() if Role.COMMITTEE_SECRETARY in held]
    member = any(Role.COMMITTEE_MEMBER in held for held in roles.values())
    if not secretary and not member:
        return None
    upcoming = (
        Meeting.objects.filter(municipality_id__in=secretary, starts_at__gte=now - timedelta(hours=12))
        .exclude(status=MeetingStatus.APPROVED)
        .order_by("starts_at")[:10]
        if secretary
        else []
    )
    return {
        "show_upcoming": bool(secretary),
        "upcoming": list(upcoming),
        "show_votes": member,
        "open_votes": list(open_votes_for_member(user=user)) if member else [],
    }
