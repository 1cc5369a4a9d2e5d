"""Celery tasks: take ids, load, call one service."""

from celery import shared_task

from config.celery import archive_or_retry

from . import services


@shared_task(name="regulations.tasks.archive_version_pdf", bind=True, acks_late=True, max_retries=5)
def archive_version_pdf(self, version_id: int) -> str:
    return archive_or_retry(self, services.version_archive_pdf, version_id=version_id)


@shared_task(name="regulations.tasks.send_reminders")
def send_reminders() -> int:
    services.urgent_decisions_expire()
    return services.reminders_send()
