"""Who belongs where with which role: the one place that answers 'may this person…?'.

Also the outbox's jobs still waiting to be sent.
"""

from collections import defaultdict

from django.db.models import QuerySet

from .models import Membership, Organization, OutboxTask, Role


def user_roles(user) -> dict[int, set[str]]:
    """Organization id → roles of the user there; cached on the user object per request."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_org_roles_cache", None)
    if cached is None:
        cached = defaultdict(set)
        for org_id, role in Membership.objects.filter(user=user).values_list("organization_id", "role"):
            cached[org_id].add(role)
        cached = dict(cached)
        user._org_roles_cache = cached
    return cached


def has_role(user, organization: Organization | int | None, *roles: str) -> bool:
    """True when the user holds one of `roles` (any role if none named) in the organization."""
    if organization is None:
        return False
    org_id = organization if isinstance(organization, int) else organization.pk
    held = user_roles(user).get(org_id, set())
    return bool(held & set(roles)) if roles else bool(held)


def organization_ids_for_user(user, *roles: str) -> set[int]:
    """Ids of the organizations where the user holds one of `roles` (any role if none named)."""
    return {org_id for org_id, held in user_roles(user).items() if (held & set(roles) if roles else held)}


def organizations_for_user(user, *roles: str) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=organization_ids_for_user(user, *roles))


def municipalities() -> QuerySet[Organization]:
    return Organization.objects.filter(kind="municipality").order_by("name")


def outbox_waiting() -> QuerySet[OutboxTask]:
    """Jobs recorded in the outbox and not yet handed to Celery, oldest first."""
    return OutboxTask.objects.filter(sent_at__isnull=True).order_by("created_at", "pk")


DRAFTING_ROLES = (Role.CASE_OFFICER, Role.MEDICAL_OFFICER)
