"""PDF previews of drafts: rendered once per exact content, long ones in the background.

A preview used to be rendered on every request, inside the web worker, under the one render
lock of its process: a few parallel requests for a long draft kept every worker busy (and
`/healthz` unanswered) for most of a minute. Now:

- a preview is kept per document and content hash (`PdfPreview`); the same content is
  served again without rendering;
- a short document renders in the request (one at a time per person), a long one (by its
  kind's cost estimate) in a Celery task, while the page says that the PDF is being made
  and reloads itself;
- a person has at most `PDF_PREVIEW_MAX_PER_USER` previews in the making at once, and a
  render that has not finished within `PDF_PREVIEW_STALE_SECONDS` is queued again.

A document kind's `core.documents.DocumentKind` gives its `render`, `preview_key` and `preview_cost`.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from .documents import DocumentKind, document_kind
from .models import PdfPreview, PreviewState
from .services import outbox_enqueue

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preview:
    """What a request for a preview gets: the bytes, or why not yet."""

    state: str  # "ready", "queued", "failed" or "busy" (too many in the making for this person)
    content: bytes | None = None


def _key(kind: DocumentKind, obj) -> str:
    digest = hashlib.sha256(kind.preview_key(obj).encode("utf-8")).hexdigest()
    return f"{kind.label}:{obj.pk}:{digest}"


def _owner(kind: DocumentKind, obj) -> str:
    return f"{kind.label}:{obj.pk}"


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.PDF_PREVIEW_STALE_SECONDS)


def _in_the_making_for(user) -> int:
    return PdfPreview.objects.filter(
        requested_by=user, state=PreviewState.QUEUED, requested_at__gte=_stale_before()
    ).count()


def _queue(preview: PdfPreview) -> None:
    outbox_enqueue(
        task_name="core.tasks.preview_render",
        key=f"preview:{preview.pk}:{preview.attempts}",
        kwargs={"preview_id": preview.pk},
    )


def _slot_take(slot: str) -> bool:
    """The person's one render in a request; with the cache unreachable, the page's own cost
    limit is the only bound (a preview is never refused because Redis is down)."""
    try:
        return bool(cache.add(slot, 1, timeout=settings.PDF_PREVIEW_STALE_SECONDS))
    except Exception:
        logger.warning("Preview slot cache unavailable; rendering without the per-person slot", exc_info=True)
        return True


def _slot_release(slot: str) -> None:
    try:
        cache.delete(slot)
    except Exception:
        logger.warning("Preview slot cache unavailable; the slot expires by itself", exc_info=True)


def _drop_older(preview: PdfPreview) -> None:
    """Only the newest content of a document is kept: its earlier previews go."""
    PdfPreview.objects.filter(owner=preview.owner).exclude(pk=preview.pk).delete()


def preview_get(*, obj, user) -> Preview:
    """The PDF preview of `obj` (a draft the caller has already been allowed to see) for `user`.

    Served from the kept preview when the content is unchanged; rendered now when short;
    queued for a worker when long. Never raises for a failed render: the state says so.
    """
    kind = document_kind(obj._meta.label_lower)
    key = _key(kind, obj)
    existing = PdfPreview.objects.filter(key=key).first()
    if existing is not None and existing.state == PreviewState.READY:
        return Preview(state="ready", content=bytes(existing.content))
    if existing is not None and existing.state == PreviewState.QUEUED and existing.requested_at >= _stale_before():
        return Preview(state="queued")
    if _in_the_making_for(user) >= settings.PDF_PREVIEW_MAX_PER_USER:
        return Preview(state="busy")
    if existing is not None:
        # A failed render, or one that never finished (its worker died): once more.
        with transaction.atomic():
            locked = PdfPreview.objects.select_for_update().get(pk=existing.pk)
            if locked.state == PreviewState.READY:
                return Preview(state="ready", content=bytes(locked.content))
            if locked.state == PreviewState.QUEUED and locked.requested_at >= _stale_before():
                return Preview(state="queued")  # queued again a moment ago by a request like this one
            locked.requeue(by=user)
            locked.save()
            _queue(locked)
        return Preview(state="queued")
    if kind.preview_cost(obj) <= settings.PDF_PREVIEW_INLINE_MAX_PAGES:
        # One render in the request per person at a time; more at once go to the workers.
        slot = f"pdf-preview-inline:{getattr(user, 'pk', None)}"
        if _slot_take(slot):
            try:
                return _render_now(kind, obj, key=key, user=user)
            finally:
                _slot_release(slot)
    try:
        with transaction.atomic():
            preview = PdfPreview.objects.create(key=key, owner=_owner(kind, obj), requested_by=user)
            _queue(preview)
    except IntegrityError:
        pass  # someone asked for the same content at the same moment: theirs is being made
    return Preview(state="queued")


def _render_now(kind: DocumentKind, obj, *, key: str, user) -> Preview:
    try:
        content = kind.render(obj)
    except Exception:
        logger.exception("Preview of %s failed", _owner(kind, obj))
        return Preview(state="failed")
    try:
        with transaction.atomic():
            preview = PdfPreview(key=key, owner=_owner(kind, obj), requested_by=user)
            preview.finish(content=content)
            preview.save()
            _drop_older(preview)
    except IntegrityError:
        pass  # the same content was kept by a request at the same moment: these bytes serve as well
    return Preview(state="ready", content=content)


def preview_render(*, preview_id: int) -> bool:
    """The background render of one queued preview; True when it was made now.

    Idempotent: a preview already made, or replaced by newer content, is left alone."""
    preview = PdfPreview.objects.filter(pk=preview_id, state=PreviewState.QUEUED).first()
    if preview is None:
        return False
    label, _sep, pk = preview.owner.rpartition(":")
    kind = document_kind(label)
    obj = kind.load(int(pk))
    if obj is None or _key(kind, obj) != preview.key:
        PdfPreview.objects.filter(pk=preview.pk, state=PreviewState.QUEUED).delete()  # the content changed
        return False
    try:
        content, error = kind.render(obj), ""
    except Exception as exc:
        logger.exception("Preview of %s failed", preview.owner)
        content, error = None, str(exc) or exc.__class__.__name__
    with transaction.atomic():
        locked = PdfPreview.objects.select_for_update().filter(pk=preview.pk, state=PreviewState.QUEUED).first()
        if locked is None:
            return False
        if content is None:
            locked.fail(error=error)
        else:
            locked.finish(content=content)
        locked.save()
        if content is not None:
            _drop_older(locked)
    return content is not None
