"""Archiving a frozen document: its content hash, its exact PDF, and serving a PDF.

One mechanism for every document kind that is decided once and never changes afterwards
(an adopted regulation version, an approved assessment, and the kinds still to come):

- `FrozenDocument`, the abstract model with the freeze fields;
- the document's `core.documents.DocumentKind` says how to load, render and name one, and
  which Celery task archives it;
- `document_freeze` takes the deciding transition with the content's hash;
  `document_archive_queue` queues the archival render in the caller's transaction (through
  the outbox, so a broker outage loses nothing); `document_archive_pdf` renders it once and
  stores the exact bytes with their SHA-256 (`archived_document_create`, which anchors the
  hash in the audit trail);
- `documents_archive_requeue_stuck` queues again an archive job that never finished (its
  worker died), for `core.recovery`;
- `pdf_response` serves PDF bytes (inline or as an attachment, with the filename, the
  SHA-256 and cache headers fitting whether the document is public).
"""

import logging
from datetime import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .documents import document_kind, document_kinds
from .history import history_note
from .models import ArchivedDocument, OutboxTask
from .services import archived_document_create, outbox_enqueue
from .workflow import transition_run

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-3b"


def archived_pdf_reference(verbose_name: Any, *, related_name: str, help_text: str = "") -> Any:
    """The link from a record to an archived PDF of its own (rendered from it, or received with
    it): empty until there is one, then kept (PROTECT: an archived document is never deleted
    from under what it archives) and held by that record alone (one to one)."""
    return models.OneToOneField(
        ArchivedDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text=help_text,
        verbose_name=verbose_name,
    )


class FrozenDocument(models.Model):
    """The fields of a document that is frozen when it is decided: the SHA-256 of the content
    decided on, the archived PDF (rendered once, never again), and the last render error
    (kept for the page; excluded from history, a transient failure is no change of record)."""

    content_hash = models.CharField(gettext_lazy("innholdets SHA-256"), max_length=64, blank=True)
    archived_pdf = archived_pdf_reference(gettext_lazy("arkivert PDF"), related_name="%(app_label)s_%(class)s")
    pdf_error = models.TextField(blank=True, verbose_name=gettext_lazy("feil ved siste PDF-laging"))

    class Meta:
        abstract = True


def document_freeze(*, obj: FrozenDocument, name: str, by, comment: str = "", at=None) -> None:
    """Take the deciding transition `name` on the locked `obj`, frozen with the SHA-256 of its
    content as it stands now (its kind's `current_hash`): kept on the document and recorded with
    the decision. The caller queues the archival PDF once all of the decision is written."""
    obj.content_hash = document_kind(obj._meta.label_lower).current_hash(obj)
    transition_run(obj=obj, name=name, by=by, comment=comment, content_hash=obj.content_hash, at=at)


def document_archive_queue(*, obj: FrozenDocument, retry: bool = False) -> None:
    """Queue the archival PDF of `obj` in the caller's transaction: once per content hash,
    or (`retry`) once more after a failed render."""
    kind = document_kind(obj._meta.label_lower)
    suffix = f"retry:{timezone.now().isoformat()}" if retry else obj.content_hash
    with transaction.atomic():
        outbox_enqueue(
            task_name=kind.archive_task,
            key=f"archive:{kind.label}:{obj.pk}:{suffix}",
            kwargs={kind.archive_id_argument: obj.pk},
        )


def document_archive_pdf(*, label: str, object_id: int) -> Any:
    """Render the decided document once and store the exact bytes with their SHA-256.

    Idempotent: a document that already has its archived PDF keeps it. A failed render
    stores nothing (the error is kept for the page) and raises so the task retries.
    """
    kind = document_kind(label)
    document = kind.load(object_id)
    if document is None:
        raise ObjectDoesNotExist(f"{label} {object_id}")
    model = type(document)
    if document.archived_pdf_id or not kind.recorded_hash(document):
        return document
    try:
        content = kind.render(document)
    except Exception as exc:
        # pdf_error is excluded from history: a transient render failure is not a change of the record.
        model.objects.filter(pk=document.pk).update(pdf_error=str(exc)[:2000] or exc.__class__.__name__)
        logger.exception("PDF render of %s %s failed", label, document.pk)
        raise
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=document.pk)
        if locked.archived_pdf_id:
            return locked
        assert kind.archive_filename is not None, f"{label} registers no archive_filename"
        archived = archived_document_create(
            content=content, filename=kind.archive_filename(document), pdf_variant=PDF_VARIANT
        )
        locked.archived_pdf = archived
        locked.pdf_error = ""
        history_note(locked, by=None, reason=_("Arkiv-PDF lagret (SHA-256 %(h)s)") % {"h": archived.sha256})
        locked.save()
    return locked


def documents_archive_requeue_stuck(*, stuck_before: datetime, now: datetime | None = None) -> int:
    """Queue again the archive job of every decided document still without its archived PDF
    whose last job was handed to the broker before `stuck_before` (its worker died, or its
    retries ran out). Rendering is idempotent: a PDF made meanwhile is kept, never made twice.
    A job still in the outbox (broker down) is the outbox's to send, not queued again here."""
    queued = 0
    for kind in document_kinds():
        if not kind.archive_task:
            continue
        for document in kind.frozen().filter(archived_pdf__isnull=True).iterator():
            if not kind.recorded_hash(document):
                continue
            last = (
                OutboxTask.objects.filter(key__startswith=f"archive:{kind.label}:{document.pk}:")
                .order_by("-created_at")
                .first()
            )
            if last is not None and (last.sent_at is None or last.sent_at >= stuck_before):
                continue
            logger.warning("Archive job of %s %s found stuck; queued again", kind.label, document.pk)
            document_archive_queue(obj=document, retry=True)
            queued += 1
    return queued


def pdf_response(
    *, content: bytes, filename: str, download: bool = False, sha256: str = "", public: bool = False
) -> HttpResponse:
    """PDF bytes as a response: inline (or an attachment), its filename, its SHA-256 when it is
    an archived document, and caching that fits: a public archived document may be cached, a
    private one or a draft is never stored on the way."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(download, filename) or "inline"
    if sha256:
        response["X-Content-SHA256"] = sha256
    response["Cache-Control"] = "public, max-age=3600" if public and sha256 else "private, no-store"
    return response
