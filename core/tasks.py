from celery import shared_task

from . import services


@shared_task(name="core.tasks.outbox_flush")
def outbox_flush() -> int:
    return services.outbox_flush()
