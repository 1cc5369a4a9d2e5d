"""Celery tasks: take ids, load, call one service."""

from celery import shared_task

from config.celery import retry_delay

from . import services


@shared_task(
    name="regulations.tasks.archive_version_pdf",
    bind=True,
    acks_late=True,
    max_retries=5,
    default_retry_delay=30,
)
def archive_version_pdf(self, version_id: int) -> str:
    try:
        version = services.version_archive_pdf(version_id=version_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries))
    return version.archived_pdf.sha256 if version.archived_pdf_id else ""


@shared_task(name="regulations.tasks.send_reminders")
def send_reminders() -> int:
    services.urgent_decisions_expire()
    return services.reminders_send()
