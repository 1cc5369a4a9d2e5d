from celery import shared_task

from . import services


@shared_task(name="core.tasks.outbox_flush")
def outbox_flush() -> int:
    return services.outbox_flush()


@shared_task(name="core.tasks.preview_render")
def preview_render(preview_id: int) -> bool:
    from .previews import preview_render as render

    return render(preview_id=preview_id)


@shared_task(name="core.tasks.requeue_stuck")
def requeue_stuck() -> dict[str, int]:
    from .recovery import stuck_jobs_requeue

    return stuck_jobs_requeue()
