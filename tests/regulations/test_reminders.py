"""The scheduled run: reminders before expiry and before a hastevedtak's deadline, sent once,
never twice; a hastevedtak nobody confirmed lapses when its period is over."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import WorkflowDecision
from regulations.models import ReminderSent, VersionKind, VersionStatus
from regulations.services import (
    SectionInput,
    regulation_create,
    reminders_send,
    urgent_decisions_expire,
    version_adopt,
    version_issue_urgent,
    version_submit,
)
from regulations.tasks import send_reminders

pytestmark = pytest.mark.django_db


def _in_force_until(municipality, case_officer, secretary, until):
    version = regulation_create(
        municipality=municipality,
        title="Forskrift om besøksstans",
        by=case_officer,
        valid_from=timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0),
        valid_until=until,
        sections=[SectionInput(number=1, heading="Besøk", body="Besøk på sykehjem er ikke tillatt.")],
    )
    version_submit(version=version, by=case_officer)
    return version_adopt(version=version, by=secretary, body="formannskap", meeting_date=timezone.localdate())


def test_owners_are_reminded_before_expiry_exactly_once(municipality, case_officer, secretary):
    _in_force_until(municipality, case_officer, secretary, timezone.now() + timedelta(days=2))
    assert reminders_send() == 1
    assert len(mail.outbox) == 1
    assert "Forskrift om besøksstans" in mail.outbox[0].subject
    assert case_officer.email in mail.outbox[0].to
    assert reminders_send() == 0
    assert send_reminders.delay().get() == 0
    assert len(mail.outbox) == 1


def test_no_reminder_while_expiry_is_far_away(municipality, case_officer, secretary):
    _in_force_until(municipality, case_officer, secretary, timezone.now() + timedelta(days=30))
    assert reminders_send() == 0 and mail.outbox == []


def test_no_reminder_when_an_extension_is_already_adopted(municipality, case_officer, secretary):
    from regulations.services import version_start, version_update

    original = _in_force_until(municipality, case_officer, secretary, timezone.now() + timedelta(days=2))
    extension = version_start(regulation=original.regulation, kind="extension", by=case_officer)
    sections = [
        SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in extension.sections.all()
    ]
    version_update(
        version=extension,
        by=case_officer,
        expected_revision=extension.revision,
        sections=sections,
        valid_from=original.valid_until,
        valid_until=original.valid_until + timedelta(days=14),
    )
    version_submit(version=extension, by=case_officer)
    version_adopt(version=extension, by=secretary, body="formannskap", meeting_date=date.today())
    assert reminders_send() == 0


def test_hastevedtak_deadline_reminds_the_secretary(municipality, medical_officer, secretary):
    version = regulation_create(
        municipality=municipality,
        title="Hastevedtak om treningssentre",
        by=medical_officer,
        kind="urgent",
        sections=[SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt.")],
    )
    version_issue_urgent(
        version=version, by=medical_officer, duration_days=7, confirmation_deadline=timezone.now() + timedelta(hours=20)
    )
    sent = reminders_send()
    assert sent >= 1
    deadline_mail = [m for m in mail.outbox if "stadfesting" in m.subject]
    assert len(deadline_mail) == 1 and secretary.email in deadline_mail[0].to
    before = len(mail.outbox)
    reminders_send()
    assert len(mail.outbox) == before
    assert ReminderSent.objects.filter(version=version, kind="deadline").count() == 1


def test_an_unconfirmed_hastevedtak_lapses_when_its_period_is_over(municipality, medical_officer, secretary):
    urgent = regulation_create(
        municipality=municipality,
        title="Hastevedtak",
        by=medical_officer,
        kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt.")],
    )
    version_issue_urgent(version=urgent, by=medical_officer, duration_days=2)
    assert urgent_decisions_expire(now=timezone.now() + timedelta(days=1)) == 0
    assert urgent_decisions_expire(now=timezone.now() + timedelta(days=3)) == 1
    urgent.refresh_from_db()
    assert urgent.status == VersionStatus.LAPSED
    assert WorkflowDecision.objects.get(object_id=urgent.pk, transition="lapse").actor is None
    with pytest.raises(ValidationError):
        version_adopt(version=urgent, by=secretary, body="formannskap", meeting_date=timezone.localdate())


def test_a_failed_send_is_retried_on_the_next_run(municipality, case_officer, secretary, settings):
    _in_force_until(municipality, case_officer, secretary, timezone.now() + timedelta(days=2))
    settings.EMAIL_BACKEND = "tests.regulations.failing_mail.Backend"
    assert reminders_send() == 0
    assert not ReminderSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders_send() == 1
