"""Background work that failed or is stuck, on the overview of those who can act on it.

- An archival PDF whose render failed: listed for the people who may ask for it again on the
  document's page (each document kind says who, `DocumentKind.retriable_for`).
- Jobs still in the outbox long after they were recorded (the broker did not take them):
  listed for system administrators, who run the broker; the jobs are sent by themselves once
  it answers again (`outbox_flush`), so nothing is lost meanwhile.
"""

from dataclasses import dataclass
from typing import Any

from .documents import document_kinds
from .models import OutboxTask
from .recovery import stuck_before

LIMIT = 20


@dataclass(frozen=True)
class FailedDocument:
    noun: Any
    name: str
    url: str
    error: str


def failed_archive_pdfs_for(user, *, limit: int = LIMIT) -> list[FailedDocument]:
    """The person's decided documents, of every kind, whose archival PDF could not be made."""
    failed: list[FailedDocument] = []
    for kind in document_kinds():
        if kind.retriable_for is None or kind.url is None:
            continue
        frozen = kind.frozen().filter(archived_pdf__isnull=True).exclude(pdf_error="")
        documents = kind.retriable_for(user).filter(pk__in=frozen.values("pk")).order_by("-pk")[:limit]
        failed.extend(FailedDocument(kind.noun, str(d), kind.url(d), d.pdf_error) for d in documents)
    return failed[:limit]


def unsent_jobs(*, now=None) -> tuple[int, Any]:
    """How many jobs have waited in the outbox for longer than a job may take, and since when."""
    waiting = OutboxTask.objects.filter(sent_at__isnull=True, created_at__lt=stuck_before(now))
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    return waiting.count(), oldest


def operations_panel_context(*, user, now) -> dict | None:
    documents = failed_archive_pdfs_for(user)
    unsent, oldest = unsent_jobs(now=now) if user.is_superuser else (0, None)
    if not documents and not unsent:
        return None
    return {"failed_documents": documents, "unsent_jobs": unsent, "oldest_unsent": oldest}
