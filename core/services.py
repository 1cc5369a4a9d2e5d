"""Writes shared by every document type: archived documents, the outbox."""

import hashlib
import logging

from django.db import transaction
from django.utils import timezone

from .models import ArchivedDocument, OutboxTask

logger = logging.getLogger(__name__)


def archived_document_create(*, content: bytes, filename: str, pdf_variant: str = "") -> ArchivedDocument:
    """Store the exact bytes of a frozen PDF with their SHA-256, and that SHA-256 in the audit
    trail, in one transaction."""
    from audit.services import record_archived  # the shared trail; imported late, it imports core

    with transaction.atomic():
        document = ArchivedDocument.objects.create(
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            filename=filename,
            pdf_variant=pdf_variant,
        )
        record_archived(document=document)
    return document


def outbox_enqueue(*, task_name: str, key: str, kwargs: dict) -> OutboxTask:
    """Record a job in the current transaction and send it to Celery once it commits.

    Idempotent per `key`: a job already recorded is not recorded twice.
    """
    job, _created = OutboxTask.objects.get_or_create(key=key, defaults={"task_name": task_name, "kwargs": kwargs})
    if job.sent_at is None:
        transaction.on_commit(lambda: outbox_send(job_id=job.pk))
    return job


def outbox_send(*, job_id: int) -> bool:
    """Hand one recorded job to Celery; on a broker failure keep it for `outbox_flush`."""
    from config.celery import app

    job = OutboxTask.objects.filter(pk=job_id, sent_at__isnull=True).first()
    if job is None:
        return False
    OutboxTask.objects.filter(pk=job.pk).update(attempts=job.attempts + 1)
    try:
        app.tasks[job.task_name].apply_async(kwargs=job.kwargs)
    except Exception as exc:  # the broker is unreachable: the job stays recorded
        logger.warning("Could not queue %s (%s); it stays in the outbox", job.task_name, exc)
        OutboxTask.objects.filter(pk=job.pk).update(last_error=str(exc)[:2000])
        return False
    OutboxTask.objects.filter(pk=job.pk).update(sent_at=timezone.now(), last_error="")
    return True


def outbox_flush(*, limit: int = 500) -> int:
    """Send every job that could not be sent before; returns how many went out."""
    sent = 0
    for job_id in (
        OutboxTask.objects.filter(sent_at__isnull=True).order_by("created_at").values_list("pk", flat=True)[:limit]
    ):
        if outbox_send(job_id=job_id):
            sent += 1
    return sent
