"""Every non-trivial read of the lovtidend app; scoping by the regulations' own selector."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from core.models import Role
from core.selectors import organization_ids_for_user
from regulations.models import EFFECTIVE_STATUSES, RegulationVersion
from regulations.selectors import PANEL_FIELDS, versions_in_force_during

from .models import Announcement

# Who records the announcement for the issuing organization: the case officer who sends the
# regulation to Lovdata, or the records officer (arkivar) who keeps the journal.
RECORDING_ROLES = (Role.CASE_OFFICER, Role.RECORDS_OFFICER)


def decision_date(version: RegulationVersion) -> date | None:
    """The day the version was decided: the meeting's date, else (a hastevedtak) the day the
    decision was registered, in Norwegian time. This is the date in Lovdata's datokode."""
    if version.meeting_date is not None:
        return version.meeting_date
    if version.decided_at is not None:
        return timezone.localdate(version.decided_at)
    return None


def announcement_for(version: RegulationVersion) -> Announcement | None:
    return Announcement.objects.select_related("recorded_by").filter(version_id=version.pk).first()


def _announced() -> Exists:
    return Exists(Announcement.objects.filter(version_id=OuterRef("pk")))


def unannounced_version_ids(version_ids: Iterable[int]) -> set[int]:
    """Of the given versions, those decided but not announced in Norsk Lovtidend (one query).

    For a page that shows versions in force: a version in this set is «I kraft, men ikke
    kunngjort i Norsk Lovtidend» (forvaltningsloven § 39)."""
    ids = {int(pk) for pk in version_ids}
    if not ids:
        return set()
    return set(
        RegulationVersion.objects.filter(pk__in=ids, status__in=EFFECTIVE_STATUSES)
        .exclude(_announced())
        .values_list("pk", flat=True)
    )


def unannounced_in_force(*, organization_ids: Iterable[int], at: datetime) -> QuerySet[RegulationVersion]:
    """The versions of these organizations' regulations in force at `at` with no announcement."""
    return (
        versions_in_force_during(at, at + timedelta(microseconds=1))
        .filter(regulation__municipality_id__in=set(organization_ids))
        .exclude(_announced())
        .select_related("regulation__municipality")
        .order_by("valid_from", "pk")
    )


def dashboard_panel_context(*, user, now) -> dict | None:
    """The overview's flag for those who record announcements in an issuing organization
    (case officers, records officers): what is in force now but not announced. Nothing is
    shown to anyone else."""
    org_ids = organization_ids_for_user(user, *RECORDING_ROLES)
    if not org_ids:
        return None
    versions = unannounced_in_force(organization_ids=org_ids, at=now).only(*PANEL_FIELDS)
    return {"unannounced": list(versions[:50])}


def decided_version_for_staff(*, user, pk: int) -> RegulationVersion:
    """A decided version of a regulation issued by the person's own organization, with what
    its package reads (RegulationVersion.DoesNotExist otherwise, also for other organizations:
    the package is the issuer's working document)."""
    from regulations.selectors import versions_for_user

    versions = versions_for_user(user).filter(status__in=EFFECTIVE_STATUSES)
    if not getattr(user, "is_superuser", False):
        versions = versions.filter(regulation__municipality_id__in=organization_ids_for_user(user))
    return (
        versions.select_related("regulation__municipality", "regulation__case", "based_on", "announcement")
        .prefetch_related("sections", "placements")
        .get(pk=pk)
    )


def is_issuer_staff(user, version: RegulationVersion) -> bool:
    """Whether the person belongs to the organization that issued the version (any role)."""
    return getattr(user, "is_superuser", False) or version.regulation.municipality_id in organization_ids_for_user(user)
