"""`manage.py outbox_flush`: jobs kept in the outbox go out by hand, and the command says how many."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.models import OutboxTask
from tests.core.test_organizations import _reset_connections

# A task with no arguments and nothing to do on an empty database.
TASK = "regulations.tasks.send_reminders"


def flush() -> str:
    out = StringIO()
    call_command("outbox_flush", stdout=out)
    return out.getvalue().strip()


def waiting_job(key: str) -> OutboxTask:
    """A job recorded while the broker was down: never sent, with the error it got."""
    return OutboxTask.objects.create(
        task_name=TASK,
        key=key,
        kwargs={},
        attempts=1,
        last_error="Error 111 connecting to 127.0.0.1:6379. Connection refused.",
    )


@pytest.mark.django_db
def test_a_waiting_job_is_sent_and_counted():
    job = waiting_job("reminders-1")

    assert flush() == "Sendte 1 jobb; 0 venter fortsatt."

    job.refresh_from_db()
    assert job.sent_at is not None
    assert job.last_error == ""
    assert job.attempts == 2


@pytest.mark.django_db
def test_several_waiting_jobs_are_counted_in_the_plural():
    for n in range(3):
        waiting_job(f"reminders-{n}")

    assert flush() == "Sendte 3 jobber; 0 venter fortsatt."
    assert not OutboxTask.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_an_empty_outbox_sends_nothing():
    assert flush() == "Sendte 0 jobber; 0 venter fortsatt."


@pytest.mark.django_db
def test_jobs_stay_and_the_command_fails_while_the_broker_is_unreachable():
    from config.celery import app

    job = waiting_job("reminders-down")
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    out = StringIO()
    try:
        # Nothing listens on port 1: the broker is "down".
        app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
        _reset_connections(app)
        with pytest.raises(CommandError, match=r"kunne ikke sendes til meldingskøen \(REDIS_URL\)") as failed:
            call_command("outbox_flush", stdout=out)
    finally:
        app.conf.update(previous)
        _reset_connections(app)

    assert out.getvalue().strip() == "Sendte 0 jobber; 1 venter fortsatt."
    assert "Connection refused" in str(failed.value)
    job.refresh_from_db()
    assert job.sent_at is None
    assert "127.0.0.1:1" in job.last_error  # this attempt's error, not the earlier one
