"""The overview's follow-up cards: archival PDFs that could not be made, for those who may ask
for them again; jobs the broker has not taken, for system administrators; and the auditor's
week of decisions, dispatches and failed sign-ins to go through."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, AuditKind
from audit.services import record_event
from core.models import OutboxTask, Role
from regulations.models import RegulationVersion, VersionStatus
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

FAILED_CARD = "Arkiv-PDF som ikke kunne lages"
UNSENT_CARD = "Jobber som ikke er sendt til køen"
REVIEW_CARD = "Til gjennomgang i revisjonssporet"


def _overview(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def failed_pdf(broken_renderer, adopted):
    """The draft adopted while the PDF renderer is broken: decided, without its archival PDF."""
    version = RegulationVersion.objects.get(pk=adopted.pk)
    assert version.status == VersionStatus.ADOPTED and version.archived_pdf_id is None and version.pdf_error
    return version


def test_a_failed_archive_pdf_is_listed_for_those_who_may_ask_for_it_again(
    client, failed_pdf, case_officer, secretary, committee_member, outsider
):
    for user in (case_officer, secretary):
        page = _overview(client, user)
        assert FAILED_CARD in page
        assert reverse("regulations:version_detail", args=[failed_pdf.pk]) in page
        assert "Pango er utilgjengelig" not in page  # the technical error is for system administrators
    for user in (committee_member, outsider):  # may not retry it, or of another municipality
        page = _overview(client, user)
        assert FAILED_CARD not in page and str(failed_pdf) not in page


def test_once_the_pdf_is_made_the_card_is_gone(client, failed_pdf, case_officer, monkeypatch):
    from regulations.services.archive import version_archive_pdf

    monkeypatch.undo()  # the renderer works again
    version_archive_pdf(version_id=failed_pdf.pk)
    assert FAILED_CARD not in _overview(client, case_officer)


def test_jobs_the_broker_has_not_taken_are_shown_to_system_administrators_only(client, settings, case_officer):
    settings.STUCK_JOB_SECONDS = 600
    old = timezone.now() - timedelta(hours=2)
    for n in range(2):
        OutboxTask.objects.create(task_name="core.tasks.noop", key=f"old-{n}", created_at=old)
    OutboxTask.objects.create(task_name="core.tasks.noop", key="fresh")  # still within a job's time
    OutboxTask.objects.create(task_name="core.tasks.noop", key="sent", created_at=old, sent_at=old)
    admin = UserFactory(is_superuser=True, is_staff=True)

    page = _overview(client, admin)
    assert UNSENT_CARD in page and "2 bakgrunnsjobber har ventet siden" in page
    assert UNSENT_CARD not in _overview(client, case_officer)

    OutboxTask.objects.filter(key="old-1").update(sent_at=timezone.now())
    assert "1 bakgrunnsjobb har ventet siden" in _overview(client, admin)


def test_the_auditor_sees_the_weeks_decisions_of_the_own_organization(
    client, adopted, auditor, case_officer, other_municipality
):
    page = _overview(client, auditor)
    assert REVIEW_CARD in page
    since = (timezone.localdate() - timedelta(days=6)).isoformat()
    link = f"{reverse('audit:timeline')}?kind={AuditKind.DECISION}&amp;since={since}"
    assert link in page
    decisions = AuditEvent.objects.filter(organization=adopted.regulation.municipality, kind=AuditKind.DECISION)
    assert decisions.exists()
    assert f"Vedtak/beslutning</a>:\n    {decisions.count()}" in page

    # A decision older than the week is not among those to go through.
    record_event(
        kind=AuditKind.DECISION,
        action="test",
        organization_id=adopted.regulation.municipality_id,
        at=timezone.now() - timedelta(days=10),
    )
    assert f"Vedtak/beslutning</a>:\n    {decisions.count() - 1}" in _overview(client, auditor)

    other_auditor = member(Role.AUDITOR, other_municipality)
    assert "Vedtak/beslutning</a>:\n    0" in _overview(client, other_auditor)
    assert REVIEW_CARD not in _overview(client, case_officer)
