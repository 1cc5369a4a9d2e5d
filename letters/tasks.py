"""Celery tasks for dispatch (ekspedering): take ids, load, call one service.

`dispatch_letter` queues the copies a chunk per `deliver_copies` task; a copy queued again
(a person's «Prøv igjen», «Fortsett ekspedering», self-healing) is one `deliver_copy` task.
All are idempotent and acknowledged late: a worker that dies midway leaves its message
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
from .services.dispatch import DISPATCH_CHUNK


@shared_task(name="letters.tasks.dispatch_letter", bind=True, acks_late=True, max_retries=5)
def dispatch_letter(self, letter_id: int) -> int:
    try:
        return services.letter_dispatch_run(letter_id=letter_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries))


def _deliver(task, letter_id: int, recipient_ids: list[int]) -> services.DeliveryResult:
    """The copies, retried after `retry_delay` if any failed: a chunk's task only for those."""
    countdown = retry_delay(task.request.retries)
    # A failed copy «venter på nytt forsøk» until then, or is «feilet» when no retry is left.
    retry_at = timezone.now() + timedelta(seconds=countdown) if task.request.retries < task.max_retries else None
    try:
        result = services.deliveries_deliver(letter_id=letter_id, recipient_ids=recipient_ids, retry_at=retry_at)
    except Exception as exc:
        raise task.retry(exc=exc, countdown=countdown)
    if result.failures:
        failed = [f.recipient_id for f in result.failures]
        kwargs = (
            {"letter_id": letter_id, "recipient_ids": failed}
            if "recipient_ids" in (task.request.kwargs or {})
            else None
        )
        raise task.retry(exc=result.failures[0].error, countdown=countdown, kwargs=kwargs)
    if not result.deliveries:
        raise LookupError(f"letter {letter_id} has no copies for recipients {recipient_ids}")
    return result


@shared_task(
    name="letters.tasks.deliver_copy",
    bind=True,
    acks_late=True,
    max_retries=5,
    soft_time_limit=settings.DISPATCH_COPY_SOFT_TIME_LIMIT,
    time_limit=settings.DISPATCH_COPY_TIME_LIMIT,
)
def deliver_copy(self, letter_id: int, recipient_id: int) -> str:
    """One copy queued again (a retry, «Fortsett ekspedering», self-healing)."""
    delivery = _deliver(self, letter_id, [recipient_id]).deliveries[0]
    return delivery.document.sha256 if delivery.document else ""


@shared_task(
    name="letters.tasks.deliver_copies",
    bind=True,
    acks_late=True,
    max_retries=5,
    # A copy's limits, for each copy of the chunk.
    soft_time_limit=settings.DISPATCH_COPY_SOFT_TIME_LIMIT * DISPATCH_CHUNK,
    time_limit=settings.DISPATCH_COPY_TIME_LIMIT * DISPATCH_CHUNK,
)
def deliver_copies(self, letter_id: int, recipient_ids: list[int]) -> int:
    """A chunk of copies of the first run; those that fail are retried on their own."""
    return len(_deliver(self, letter_id, recipient_ids).deliveries)
