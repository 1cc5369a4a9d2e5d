"""Celery tasks for dispatch (ekspedering): take ids, load, call one service.

Both are idempotent and acknowledged late: a worker that dies midway leaves its message
to be delivered again, and running a task twice never makes a second copy. A copy whose
worker died is also queued again by `core.tasks.requeue_stuck` (letters/services/recovery.py),
well before the broker's visibility timeout would hand its message out again.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from config.celery import retry_delay

from . import services


@shared_task(name="letters.tasks.dispatch_letter", bind=True, acks_late=True, max_retries=5)
def dispatch_letter(self, letter_id: int) -> int:
    try:
        return services.letter_dispatch_run(letter_id=letter_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries))


@shared_task(
    name="letters.tasks.deliver_copy",
    bind=True,
    acks_late=True,
    max_retries=5,
    soft_time_limit=settings.DISPATCH_COPY_SOFT_TIME_LIMIT,
    time_limit=settings.DISPATCH_COPY_TIME_LIMIT,
)
def deliver_copy(self, letter_id: int, recipient_id: int) -> str:
    countdown = retry_delay(self.request.retries)
    # The copy «venter på nytt forsøk» until then, or is «feilet» when no retry is left.
    retry_at = timezone.now() + timedelta(seconds=countdown) if self.request.retries < self.max_retries else None
    try:
        delivery = services.delivery_deliver(letter_id=letter_id, recipient_id=recipient_id, retry_at=retry_at)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=countdown)
    return delivery.document.sha256 if delivery.document_id else ""
