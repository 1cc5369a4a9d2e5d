"""Celery tasks for dispatch (ekspedering): take ids, load, call one service.

Both are idempotent and acknowledged late: a worker that dies midway leaves its message
to be delivered again, and running a task twice never makes a second copy.
"""

from celery import shared_task

from . import services


@shared_task(name="letters.tasks.dispatch_letter", bind=True, acks_late=True, max_retries=5)
def dispatch_letter(self, letter_id: int) -> int:
    try:
        return services.letter_dispatch_run(letter_id=letter_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 600))


@shared_task(name="letters.tasks.deliver_copy", bind=True, acks_late=True, max_retries=5)
def deliver_copy(self, letter_id: int, recipient_id: int) -> str:
    try:
        delivery = services.delivery_deliver(letter_id=letter_id, recipient_id=recipient_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 600))
    return delivery.document.sha256 if delivery.document_id else ""
