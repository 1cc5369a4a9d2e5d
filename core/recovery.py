"""Self-healing: background jobs whose worker died are found and queued again.

A worker killed mid-task leaves its message unacknowledged until the broker's visibility
timeout, and a job run in process dies with the web process. Each app that queues such jobs
registers a finder in its AppConfig.ready() (`stuck_jobs_register`); `stuck_jobs_requeue`
runs them all. It is the `core.tasks.requeue_stuck` task (beat, every
STUCK_JOB_CHECK_SECONDS) and `manage.py requeue_stuck` (the embedded default without a
worker). Every finder queues again only what has seen no progress for STUCK_JOB_SECONDS,
through the job's own idempotent task, so nothing is made or sent twice.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

# name → finder(stuck_before=…, now=…) returning how many jobs it queued again
_FINDERS: dict[str, Callable[..., int]] = {}


def stuck_jobs_register(name: str, finder: Callable[..., int]) -> None:
    """Called once per kind of job from its app's `ready()`; registering again replaces it."""
    _FINDERS[name] = finder


def stuck_before(now: datetime | None = None) -> datetime:
    """Jobs with no progress since this moment are taken for dead."""
    return (now or timezone.now()) - timedelta(seconds=settings.STUCK_JOB_SECONDS)


def stuck_jobs_requeue(*, now: datetime | None = None) -> dict[str, int]:
    """Queue again every stuck job of every registered kind; how many, per kind."""
    from .archive import documents_archive_requeue_stuck

    now = now or timezone.now()
    finders = {"archive": documents_archive_requeue_stuck, **_FINDERS}
    return {name: finder(stuck_before=stuck_before(now), now=now) for name, finder in finders.items()}
