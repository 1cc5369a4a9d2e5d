"""The one Celery application; configuration comes from Django settings (CELERY_*)."""

import logging
import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "regulations-reminders": {
        "task": "regulations.tasks.send_reminders",
        "schedule": crontab(minute=5),
    },
    "outbox-flush": {
        "task": "core.tasks.outbox_flush",
        "schedule": 60.0,
    },
    # Letter copies and archive jobs whose worker died are queued again (core.recovery).
    "requeue-stuck": {
        "task": "core.tasks.requeue_stuck",
        "schedule": settings.STUCK_JOB_CHECK_SECONDS,
    },
}


def retry_delay(retries: int) -> int:
    """Seconds before automatic retry number `retries + 1`: doubling from 30 s, at most
    TASK_RETRY_MAX_DELAY (below the broker's visibility timeout)."""
    return min(30 * 2**retries, settings.TASK_RETRY_MAX_DELAY)


def archive_or_retry(task, archive, **ids) -> str:
    """The body of a bound task that makes a document's archival PDF: `archive(**ids)` (a
    service returning the document), retried after `retry_delay` on any failure; the PDF's
    SHA-256, or "" while the document has none."""
    try:
        document = archive(**ids)
    except Exception as exc:
        raise task.retry(exc=exc, countdown=retry_delay(task.request.retries))
    return document.archived_pdf.sha256 if document.archived_pdf_id else ""


def warn_if_in_process() -> None:
    """Say loudly that background work runs inside the web process."""
    if app.conf.task_always_eager:
        logging.getLogger("config.celery").warning(
            "REDIS_URL is not set: Celery tasks run IN PROCESS (embedded default). "
            "Set REDIS_URL and start `celery -A config worker` for production."
        )
