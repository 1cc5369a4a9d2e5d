"""Dispatch (ekspedering) with a real Redis broker and real Celery workers, one of them killed midway."""

import os
import signal
import subprocess
import sys
import time

import pytest

from core.models import ArchivedDocument, OutboxTask
from core.services import outbox_flush
from letters import services
from letters.models import LetterDelivery, LetterStatus
from tests.integration.conftest import REPO_ROOT, SERVER_START_TIMEOUT, database_url, log_tail, stop_process
from tests.letters.conftest import (
    approved_letter,
    archivist,
    asker,
    baerum,
    consultant,
    director,
    directorate,
    draft_letter,
    officer,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Enough that the worker is killed halfway (it holds a few ahead); each copy is a real PDF.
RECIPIENTS = 40
TIMEOUT = 120
STUCK_SECONDS = 5


def start_worker(broker_url: str, log_path, *, beat_schedule=None, prefetch: int = 1) -> subprocess.Popen:
    """A `celery worker` like the deployment's, on `broker_url`, working on this run's test database.

    With `beat_schedule` (a file) it also runs beat's schedule (`-B`), with self-healing
    checking every second and taking a dispatch without progress for STUCK_SECONDS for stopped.
    `prefetch` messages are reserved at a time (unacknowledged until each is done).
    """
    from django.db import connection

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "REDIS_URL": broker_url,
        "DATABASE_URL": database_url(connection.settings_dict),
        "PYTHONUNBUFFERED": "1",
        "STUCK_JOB_SECONDS": str(STUCK_SECONDS),
        "STUCK_JOB_CHECK_SECONDS": "1",
    }
    beat = ["-B", f"--schedule={beat_schedule}"] if beat_schedule else []
    with open(log_path, "ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=letters-{os.getpid()}-{time.monotonic_ns()}@%h",
                f"--prefetch-multiplier={prefetch}",
                *beat,
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while log_path.read_text(errors="replace").count(" ready.") < 1 or process.poll() is not None:
        if process.poll() is not None:
            pytest.fail(f"worker exited:\n{log_tail(log_path)}", pytrace=False)
        if time.monotonic() > deadline:
            stop_process(process)
            pytest.fail(f"worker not ready:\n{log_tail(log_path)}", pytrace=False)
        time.sleep(0.1)
    return process


def many_recipients_letter(draft_letter, officer, consultant, director):
    rows = "\n".join(f"Testkommune {i};;Rådhusgata {i};{1000 + i:04d};BØSTED;;mottaker" for i in range(RECIPIENTS - 3))
    services.recipients_import_csv(
        letter=draft_letter,
        by=officer,
        filename="alle.csv",
        content=("navn;kontaktperson;adresse;postnummer;poststed;epost;type\n" + rows).encode(),
    )
    services.letter_submit(letter=draft_letter, by=officer)
    services.letter_approve(letter=draft_letter, by=consultant)
    services.letter_approve(letter=draft_letter, by=director)
    draft_letter.refresh_from_db()
    assert draft_letter.recipients.count() == RECIPIENTS
    return draft_letter


def made(letter) -> int:
    return LetterDelivery.objects.filter(letter=letter, document__isnull=False).count()


def wait_until(predicate, what: str, log) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}.\n{log_tail(log)}", pytrace=False)
        time.sleep(0.02)


def test_a_worker_killed_during_dispatch_is_healed_without_a_person_and_every_recipient_gets_one_pdf(
    draft_letter, officer, consultant, director, archivist, redis_server, celery_broker, tmp_path
):
    # Database 1 of the Redis server: the session's shared worker (database 0) must not help out.
    broker = redis_server.url.rsplit("/", 1)[0] + "/1"
    letter = many_recipients_letter(draft_letter, officer, consultant, director)
    celery_broker(broker)
    log = tmp_path / "workers.log"
    # It reserves a few messages ahead, as a busy worker does: those it holds when killed stay
    # unacknowledged in Redis, and are what a person had to think of resuming.
    first = start_worker(broker, log, prefetch=4)
    try:
        services.letter_dispatch(letter=letter, by=archivist)
        wait_until(lambda: made(letter) >= 5, "the first copies", log)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        stop_process(first)
    at_kill = made(letter)
    assert at_kill < RECIPIENTS, "the worker finished before it was killed: raise RECIPIENTS"
    # A copy made but not yet sent (an e-mail copy of the chunk being worked on) is queued again too.
    delivered_at_kill = LetterDelivery.objects.filter(letter=letter, status__in=["sent", "print"]).count()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DISPATCHING, "not dispatched until every copy exists"

    # What the killed worker held stays unacknowledged until the visibility timeout (6 minutes),
    # or Redis hands it out again sooner: which, and how many copies that leaves stuck, is
    # chance. Make it certain and harder: the broker loses every message (as a Redis restarted
    # without persistence would), so no copy left is made unless something queues it again.
    import redis

    redis.Redis.from_url(broker).flushdb()
    # Nobody presses «Fortsett ekspedering»: a new worker comes up, running beat's schedule, and
    # core.tasks.requeue_stuck queues the copies again once the dispatch has stopped moving.
    second = start_worker(broker, log, beat_schedule=tmp_path / "beat-schedule")
    try:
        wait_until(
            lambda: letter.__class__.objects.get(pk=letter.pk).status == LetterStatus.DISPATCHED,
            "the letter to be dispatched",
            log,
        )
        wait_until(
            lambda: not LetterDelivery.objects.filter(letter=letter).exclude(status__in=["sent", "print"]).exists(),
            "every delivery",
            log,
        )
    finally:
        stop_process(second)

    deliveries = list(LetterDelivery.objects.filter(letter=letter).select_related("document"))
    assert len(deliveries) == RECIPIENTS
    assert all(d.document_id for d in deliveries)
    assert len({d.document_id for d in deliveries}) == RECIPIENTS
    copies = ArchivedDocument.objects.filter(letter_delivery__letter=letter)
    assert copies.count() == RECIPIENTS, "no second copy for anyone"
    assert (
        ArchivedDocument.objects.filter(filename__startswith=letter.reference.replace("/", "-")).count() == RECIPIENTS
    )
    requeued = [d for d in deliveries if d.requeued_at is not None]
    assert len(requeued) == RECIPIENTS - delivered_at_kill, "the copies left were queued again by the periodic task"
    assert all(d.status in ("sent", "print") for d in requeued)
    print(
        f"{at_kill} of {RECIPIENTS} copies were made when the worker was killed; "
        f"{len(requeued)} queued again by the periodic requeue"
    )


def test_a_dispatch_while_redis_is_down_keeps_the_letter_approved_and_resumes_later(
    approved_letter, archivist, redis_server, celery_worker, celery_broker, closed_port
):
    celery_broker(f"redis://127.0.0.1:{closed_port}/0")

    started = time.monotonic()
    services.letter_dispatch(letter=approved_letter, by=archivist)
    assert time.monotonic() - started < 3, "the dispatch waited on the unreachable broker"

    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.DISPATCHING
    assert not approved_letter.is_editable
    job = OutboxTask.objects.get(key=f"letter-dispatch:{approved_letter.pk}:0")
    assert job.sent_at is None and job.last_error

    celery_broker(redis_server.url)
    assert outbox_flush() >= 1
    wait_until(
        lambda: approved_letter.__class__.objects.get(pk=approved_letter.pk).status == LetterStatus.DISPATCHED,
        "the dispatch after Redis came back",
        celery_worker.log,
    )
    assert made(approved_letter) == approved_letter.recipients.count()
