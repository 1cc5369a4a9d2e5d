"""Celery tasks: take ids, load, call one service."""

from celery import shared_task

from config.celery import archive_or_retry

from . import services


@shared_task(name="assessments.tasks.archive_assessment_pdf", bind=True, acks_late=True, max_retries=5)
def archive_assessment_pdf(self, assessment_id: int) -> str:
    return archive_or_retry(self, services.assessment_archive_pdf, assessment_id=assessment_id)
