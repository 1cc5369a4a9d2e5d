"""Celery tasks: take ids, load, call one service."""

from celery import shared_task

from config.celery import retry_delay

from . import services


@shared_task(
    name="assessments.tasks.archive_assessment_pdf",
    bind=True,
    acks_late=True,
    max_retries=5,
    default_retry_delay=30,
)
def archive_assessment_pdf(self, assessment_id: int) -> str:
    try:
        assessment = services.assessment_archive_pdf(assessment_id=assessment_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries))
    return assessment.archived_pdf.sha256 if assessment.archived_pdf_id else ""
