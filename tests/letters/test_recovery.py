"""Self-healing dispatch: a copy whose worker died is queued again without a person, once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, AuditKind
from core.models import ArchivedDocument, OutboxTask
from core.recovery import stuck_before, stuck_jobs_requeue
from letters import services
from letters.models import DeliveryStatus, LetterDelivery, LetterStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def abandoned_dispatch(approved_letter, archivist, django_capture_on_commit_callbacks):
    """A dispatch the broker took and no worker finished: every job handed to Celery (the
    outbox says sent), no copy made, as after a worker killed before it acknowledged."""
    with django_capture_on_commit_callbacks(execute=False):
        services.letter_dispatch(letter=approved_letter, by=archivist)
    OutboxTask.objects.update(sent_at=timezone.now())
    approved_letter.refresh_from_db()
    return approved_letter


def later(seconds: int = 1):
    from django.conf import settings

    return timezone.now() + timedelta(seconds=settings.STUCK_JOB_SECONDS + seconds)


def test_a_dispatch_whose_worker_died_is_finished_by_the_periodic_requeue(
    abandoned_dispatch, django_capture_on_commit_callbacks
):
    assert abandoned_dispatch.status == LetterStatus.DISPATCHING

    with django_capture_on_commit_callbacks(execute=True):
        counts = stuck_jobs_requeue(now=later())

    assert counts["letter copies"] == 3
    abandoned_dispatch.refresh_from_db()
    assert abandoned_dispatch.status == LetterStatus.DISPATCHED
    deliveries = list(abandoned_dispatch.deliveries.all())
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT, DeliveryStatus.READY_FOR_PRINT}
    assert ArchivedDocument.objects.filter(letter_delivery__letter=abandoned_dispatch).count() == 3
    assert len(mail.outbox) == 1
    requeued = AuditEvent.objects.filter(kind=AuditKind.DELIVERY, action="requeued")
    assert requeued.count() == 3
    assert all(e.actor_id is None for e in requeued), "the system queued them, not the records officer"


def test_a_dispatch_still_making_progress_is_left_alone(abandoned_dispatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        counts = stuck_jobs_requeue(now=timezone.now())

    assert counts["letter copies"] == 0
    assert not abandoned_dispatch.deliveries.filter(requeued_at__isnull=False).exists()


def test_the_dead_workers_task_arriving_late_makes_no_second_copy_and_no_second_e_mail(
    abandoned_dispatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stuck_jobs_requeue(now=later())
    # The original messages, delivered again by the broker after its visibility timeout.
    for delivery in abandoned_dispatch.deliveries.all():
        services.delivery_deliver(letter_id=abandoned_dispatch.pk, recipient_id=delivery.recipient_id)

    assert ArchivedDocument.objects.filter(letter_delivery__letter=abandoned_dispatch).count() == 3
    assert len(mail.outbox) == 1


def test_the_letter_page_says_a_copy_stopped_and_was_queued_again_and_when(
    client, abandoned_dispatch, archivist, django_capture_on_commit_callbacks
):
    at = later()
    with django_capture_on_commit_callbacks(execute=False):  # queued again, not yet made
        services.deliveries_requeue_stuck(stuck_before=stuck_before(at), now=at)

    client.force_login(archivist)
    page = client.get(reverse("letters:detail", args=[abandoned_dispatch.pk])).content.decode()

    when = timezone.localtime(at)
    assert page.count("Stoppet, satt i kø igjen") == 3
    assert f"{when.day}. desember" in page or f"kl. {when:%H.%M}" in page


def test_in_the_embedded_default_polling_the_letter_page_finishes_a_stopped_dispatch(
    client, abandoned_dispatch, archivist, settings, django_capture_on_commit_callbacks
):
    settings.STUCK_JOB_SECONDS = 0  # the dispatch above counts as stopped at once
    client.force_login(archivist)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("letters:progress", args=[abandoned_dispatch.pk]))
    page = client.get(reverse("letters:progress", args=[abandoned_dispatch.pk])).content.decode()

    abandoned_dispatch.refresh_from_db()
    assert abandoned_dispatch.status == LetterStatus.DISPATCHED
    assert "3 av 3 levert" in page
    assert "hx-trigger" not in page, "nothing left to wait for: the page stops polling"
    assert not LetterDelivery.objects.exclude(status__in=["sent", "print"]).exists()


def test_a_letter_whose_completion_was_lost_is_finished_by_the_periodic_requeue(
    approved_letter, archivist, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import OperationalError

    def completion_lost(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    # Every copy is made and delivered, but each try of the letter's completion step fails.
    monkeypatch.setattr("letters.services.dispatch.letter_dispatch_complete", completion_lost)
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch(letter=approved_letter, by=archivist)
    monkeypatch.undo()
    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.DISPATCHING
    assert not approved_letter.deliveries.exclude(status__in=["sent", "print"]).exists()

    stuck_jobs_requeue(now=later())

    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.DISPATCHED


def test_a_decided_regulation_whose_archive_job_died_is_archived_by_the_periodic_requeue(
    draft, case_officer, secretary, django_capture_on_commit_callbacks
):
    from regulations.models import RegulationVersion
    from tests.integration.test_background_tasks import adopt

    with django_capture_on_commit_callbacks(execute=False):  # the archive job never runs
        adopt(draft, drafter=case_officer, secretary=secretary)
    assert stuck_jobs_requeue(now=later())["archive"] == 0, "a job still in the outbox is the outbox's to send"
    OutboxTask.objects.update(sent_at=timezone.now())  # the broker took it; the worker died
    assert stuck_jobs_requeue(now=timezone.now())["archive"] == 0, "not yet stuck"

    with django_capture_on_commit_callbacks(execute=True):
        assert stuck_jobs_requeue(now=later())["archive"] == 1

    version = RegulationVersion.objects.get(pk=draft.pk)
    assert version.archived_pdf_id is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert stuck_jobs_requeue(now=later())["archive"] == 0
    assert ArchivedDocument.objects.filter(pdf_variant="pdf/a-3b").count() == 1


def test_the_requeue_command_runs_the_same_recovery(
    abandoned_dispatch, settings, capsys, django_capture_on_commit_callbacks
):
    settings.STUCK_JOB_SECONDS = 0

    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_stuck")

    assert "letter copies 3" in capsys.readouterr().out
    abandoned_dispatch.refresh_from_db()
    assert abandoned_dispatch.status == LetterStatus.DISPATCHED


def test_the_requeue_runs_on_beat_and_waits_longer_than_any_task_may_run(settings):
    from config.celery import app

    schedule = app.conf.beat_schedule["requeue-stuck"]
    assert schedule["task"] in app.tasks
    assert settings.STUCK_JOB_SECONDS > settings.CELERY_TASK_TIME_LIMIT >= settings.DISPATCH_COPY_TIME_LIMIT
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.TASK_RETRY_MAX_DELAY
