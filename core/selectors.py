"""Who belongs where with which role: the one place that answers 'may this person…?'.

Also the outbox's jobs still waiting to be sent.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import Membership, Organization, OutboxTask, Role


def user_roles(user) -> dict[int, set[str]]:
    """Organization id → roles of the user there; cached on the user object per request
    (with each organization's kind, for `organization_ids_for_user(kind=…)`)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_org_roles_cache", None)
    if cached is None:
        cached, kinds = defaultdict(set), {}
        memberships = Membership.objects.filter(user=user).values_list("organization_id", "role", "organization__kind")
        for org_id, role, kind in memberships:
            cached[org_id].add(role)
            kinds[org_id] = kind
        cached = dict(cached)
        user._org_roles_cache, user._org_kinds_cache = cached, kinds
    return cached


def has_role(user, organization: Organization | int | None, *roles: str) -> bool:
    """True when the user holds one of `roles` (any role if none named) in the organization."""
    if organization is None:
        return False
    org_id = organization if isinstance(organization, int) else organization.pk
    held = user_roles(user).get(org_id, set())
    return bool(held & set(roles)) if roles else bool(held)


def organization_ids_for_user(user, *roles: str, kind: str | None = None) -> set[int]:
    """Ids of the organizations where the user holds one of `roles` (any role if none named);
    with `kind`, only organizations of that kind ("municipality")."""
    held_roles = user_roles(user)
    kinds = getattr(user, "_org_kinds_cache", {})
    return {
        org_id
        for org_id, held in held_roles.items()
        if (held & set(roles) if roles else held) and (kind is None or kinds.get(org_id) == kind)
    }


def organizations_for_user(user, *roles: str) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=organization_ids_for_user(user, *roles))


def municipalities() -> QuerySet[Organization]:
    return Organization.objects.filter(kind="municipality").order_by("name")


def outbox_waiting() -> QuerySet[OutboxTask]:
    """Jobs recorded in the outbox and not yet handed to Celery, oldest first."""
    return OutboxTask.objects.filter(sent_at__isnull=True).order_by("created_at", "pk")


DRAFTING_ROLES = (Role.CASE_OFFICER, Role.MEDICAL_OFFICER)


@dataclass(frozen=True)
class Member:
    """A person of an organization with the roles they hold there, in the order of `Role`."""

    user: Any
    roles: list[str]

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) if r in Role.values else r for r in self.roles]

    @property
    def roles_to_give(self) -> list[tuple[str, str]]:
        return [(r.value, str(r.label)) for r in Role if r.value not in self.roles]


def organization_members(*, organization: Organization) -> list[Member]:
    """Everyone holding a role in the organization, by name, each once with all their roles."""
    order = {role: i for i, role in enumerate(Role.values)}
    by_user: dict[int, Member] = {}
    memberships = Membership.objects.filter(organization=organization).select_related("user")
    for membership in memberships.order_by("user__last_name", "user__first_name", "user__username"):
        member = by_user.setdefault(membership.user_id, Member(user=membership.user, roles=[]))
        member.roles.append(membership.role)
    for member in by_user.values():
        member.roles.sort(key=lambda role: order.get(role, len(order)))
    return list(by_user.values())


def organization_member_get(*, organization: Organization, user_id: int):
    """The user if they hold a role in the organization, else None (another organization's
    people are not found through it)."""
    membership = Membership.objects.filter(organization=organization, user_id=user_id).select_related("user").first()
    return membership.user if membership else None
