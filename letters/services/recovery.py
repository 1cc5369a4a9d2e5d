"""Self-healing dispatch: copies whose worker died are queued again, without a person.

Registered with `core.recovery` (beat's `core.tasks.requeue_stuck`, `manage.py requeue_stuck`)
and run for one letter when its page polls the progress in the embedded default.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import DeliveryStatus, Letter, LetterDelivery, LetterStatus
from .dispatch import _queue_delivery, _record_delivery, letter_dispatch_complete

logger = logging.getLogger(__name__)

# What a live task (or its automatic retry) moves on by itself; a failed copy waits for a
# person («Prøv igjen»).
IN_FLIGHT_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.RENDERED, DeliveryStatus.RETRYING)


def _last_progress(letter: Letter) -> datetime | None:
    """The latest sign of life of the letter's dispatch: a copy queued, begun, made or delivered,
    or an automatic retry due (a retry due later counts as alive until then)."""
    marks = letter.deliveries.aggregate(
        Max("queued_at"), Max("rendered_at"), Max("delivered_at"), Max("next_attempt_at")
    )
    moments = [m for m in (*marks.values(), letter.dispatch_requested_at) if m is not None]
    return max(moments, default=None)


def deliveries_requeue_stuck(
    *, stuck_before: datetime, now: datetime | None = None, letter_id: int | None = None, limit: int | None = None
) -> int:
    """Queue again every copy not yet made or delivered of each letter whose dispatch has
    shown no progress since `stuck_before`; returns how many copies were queued.

    A letter whose copies still move (a long queue on a busy worker) is left alone. Each copy
    goes through its own idempotent task again (`letters.tasks.deliver_copy`), so a copy
    that another worker is still making is made and sent once all the same. A letter whose
    copies all exist but whose completion step was lost is finished here.
    """
    now = now or timezone.now()
    letters = Letter.objects.filter(status__in=(LetterStatus.DISPATCHING, LetterStatus.DISPATCHED))
    if letter_id is not None:
        letters = letters.filter(pk=letter_id)
    queued = 0
    stuck = letters.filter(deliveries__status__in=IN_FLIGHT_STATUSES).distinct()
    for letter in stuck.order_by("pk"):
        last = _last_progress(letter)
        if last is not None and last >= stuck_before:
            continue
        with transaction.atomic():
            copies = (
                LetterDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("letter__case", "letter__dispatch_requested_by", "recipient")
                .filter(letter=letter, status__in=IN_FLIGHT_STATUSES)
                .order_by("pk")
            )
            for delivery in copies[: None if limit is None else max(limit - queued, 0)]:
                delivery.requeue(at=now)
                delivery.save(update_fields=["retry_round", "queued_at", "requeued_at"])
                _record_delivery(delivery, "requeued", at=now, system=True, since=last.isoformat() if last else "")
                _queue_delivery(delivery)
                queued += 1
        logger.warning("Dispatch of letter %s made no progress since %s; copies queued again", letter.pk, last)
        if limit is not None and queued >= limit:
            return queued
    unfinished = letters.filter(status=LetterStatus.DISPATCHING, dispatch_requested_at__lt=stuck_before)
    for pk in unfinished.exclude(deliveries__document__isnull=True).values_list("pk", flat=True):
        letter_dispatch_complete(letter_id=pk, now=now)
    return queued


# Copies one poll of the letter page may make in process (the embedded default makes each
# copy inside the request); the next poll takes the next ones.
IN_PROCESS_BATCH = 20


def letter_requeue_stuck_in_process(*, letter: Letter) -> int:
    """The embedded default (tasks run in the web process, no beat): the letter page, as it
    polls the progress, queues again the stuck copies of this letter, a batch at a time.
    With a broker nothing happens here: beat's `core.tasks.requeue_stuck` does it."""
    from config.celery import app
    from core.recovery import stuck_before

    if not app.conf.task_always_eager or not letter.dispatch_started:
        return 0
    return deliveries_requeue_stuck(stuck_before=stuck_before(), letter_id=letter.pk, limit=IN_PROCESS_BATCH)
