"""Scheduled reminders before a regulation expires and before a hastevedtak's deadline."""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Membership, Role

from ..models import RegulationVersion, ReminderKind, ReminderSent, VersionStatus
from ..text import format_datetime_nb, format_until_nb

logger = logging.getLogger(__name__)


def _recipients(version: RegulationVersion, roles: tuple[str, ...]) -> list[str]:
    emails = set(
        Membership.objects.filter(organization_id=version.regulation.municipality_id, role__in=roles)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if version.regulation.created_by and version.regulation.created_by.email:
        emails.add(version.regulation.created_by.email)
    return sorted(emails)


def _send_once(version: RegulationVersion, kind: str, due: datetime, subject: str, body: str, roles) -> bool:
    recipients = _recipients(version, roles)
    if not recipients:
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(version=version, kind=kind, due=due, recipients=", ".join(recipients))
            # Inside the transaction: if sending fails, the record is rolled back and the next run retries.
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except IntegrityError:
        return False
    except Exception:
        # One unreachable recipient must not hold back every reminder after it.
        logger.exception("Reminder %s for regulation version %s could not be sent; retried next run", kind, version.pk)
        return False
    return True


def _remind(
    version: RegulationVersion,
    kind: str,
    due: datetime,
    roles: tuple[str, ...],
    *,
    subject: str,
    body: str,
    body_when: Callable[[datetime], str] = format_datetime_nb,
) -> bool:
    """Send the reminder of `kind` about `version`'s `due` instant once: the subject names the
    instant and the regulation's title, the body may also name its municipality (the instant
    there read by `body_when`)."""
    values = {"title": version.regulation.title, "municipality": version.regulation.municipality.name}
    return _send_once(
        version,
        kind,
        due,
        subject % {**values, "when": format_datetime_nb(due)},
        body % {**values, "when": body_when(due)},
        roles,
    )


def urgent_decisions_expire(*, now: datetime | None = None) -> int:
    """A hastevedtak whose period ended without political confirmation has lapsed."""
    from core.workflow import transition_run

    now = now or timezone.now()
    count = 0
    for version in RegulationVersion.objects.filter(status=VersionStatus.URGENT, valid_until__lte=now):
        with transaction.atomic():
            locked = RegulationVersion.objects.select_for_update().get(pk=version.pk)
            if locked.status != VersionStatus.URGENT:
                continue
            transition_run(
                obj=locked,
                name="lapse",
                by=None,
                check_permission=False,
                comment=_("Perioden er over uten politisk stadfesting."),
                content_hash=locked.content_hash,
            )
            count += 1
    return count


def reminders_send(*, now: datetime | None = None) -> int:
    """Send each due reminder exactly once; running it again sends nothing twice."""
    from ..selectors import versions_expiring

    now = now or timezone.now()
    sent = 0
    expiry_horizon = now + timedelta(days=settings.REMINDER_DAYS_BEFORE_EXPIRY)
    deadline_horizon = now + timedelta(days=settings.REMINDER_DAYS_BEFORE_DEADLINE)
    # Each kind of reminder: the versions due one, the instant it is about, who gets it, its texts.
    reminders: tuple[tuple[str, QuerySet[RegulationVersion], str, tuple[str, ...], str, str, Callable], ...] = (
        (
            ReminderKind.EXPIRY,
            versions_expiring(now=now, until=expiry_horizon),
            "valid_until",
            (Role.CASE_OFFICER, Role.MEDICAL_OFFICER),
            _("Forskrift utløper %(when)s: %(title)s"),
            _(
                "%(title)s (%(municipality)s) gjelder til og med %(when)s.\n\n"
                "Skal den forlenges, må en forlengelse vedtas før den tid."
            ),
            format_until_nb,
        ),
        (
            ReminderKind.DEADLINE,
            RegulationVersion.objects.filter(
                status=VersionStatus.URGENT, confirmation_deadline__gt=now, confirmation_deadline__lte=deadline_horizon
            ),
            "confirmation_deadline",
            (Role.COMMITTEE_SECRETARY, Role.MEDICAL_OFFICER),
            _("Frist for stadfesting av hastevedtak %(when)s: %(title)s"),
            _(
                "Hastevedtaket «%(title)s» må stadfestes av det politiske organet innen %(when)s, "
                "ellers faller det bort når perioden er over."
            ),
            format_datetime_nb,
        ),
    )
    for kind, versions, due_field, roles, subject, body, body_when in reminders:
        for version in versions.select_related("regulation__municipality", "regulation__created_by"):
            due = getattr(version, due_field)
            if due is None:  # never: each query asks for the instant
                continue
            if _remind(version, kind, due, roles, subject=subject, body=body, body_when=body_when):
                sent += 1
    return sent
