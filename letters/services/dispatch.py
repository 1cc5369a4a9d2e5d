"""Dispatch (ekspedering): one PDF and one delivery per recipient, idempotent under retries.

`letter_dispatch` moves the approved letter to «ekspederes» (frozen from then on), creates a
delivery row per recipient and queues the job through the outbox (so a broker outage loses
nothing). The job renders the shared part once (`letter_base_ensure`) and queues one task
per chunk of `DISPATCH_CHUNK` copies (`deliveries_deliver`); each task stamps each
recipient's address onto the shared PDF, stores the chunk's copies with their SHA-256
exactly once, in one transaction (the delivery rows are locked and a `document` set only
where empty), then sends each e-mail copy (the PDF attached) or hands the paper copies to
print. A copy that fails is recorded and retried on its own; the others go on. A copy
queued again (a retry, self-healing) is one task of its own (`delivery_deliver`). When every
copy exists, the letter moves to «ekspedert». Every change of a delivery's status is one of
`LetterDelivery`'s transitions.

Each copy writes two events to the audit trail: its document's SHA-256 when it is stored
(`archived`, which `audit_verify` checks the bytes against) and one delivery event saying
what became of it, with the same SHA-256: «klar for utskrift» (paper) or «sendt med e-post»
(with the address and the Message-ID), or «levering feilet». The events of a chunk are
appended together, under one lock of the chain head.

Who may dispatch is the permission of the letter's `start_dispatch` transition, and of
`resume_dispatch` and `retry_delivery`, which continue it.
"""

import functools
import hashlib
import logging
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import DatabaseError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_fsm import can_proceed

from audit.models import AuditEvent, AuditKind
from audit.services import EventSpec, record_events
from audit.subjects import label_of
from core.history import history_note
from core.models import ArchivedDocument
from core.services import archived_document_create, archived_documents_create, outbox_enqueue
from core.workflow import transition_permitted, transition_run

from ..models import Channel, DeliveryFailure, DeliveryStatus, Letter, LetterDelivery, LetterStatus
from .drafting import approvals_invalidate, letter_content_hash, lock_letter

logger = logging.getLogger(__name__)

DONE_STATUSES = (DeliveryStatus.SENT, DeliveryStatus.READY_FOR_PRINT)


# Copies one task makes and stores together on the first run.
DISPATCH_CHUNK = 20


def _delivery_spec(
    delivery: LetterDelivery, action: str, *, at: datetime | None = None, system: bool = False, **data
) -> EventSpec:
    """One delivery event in the audit trail: which copy, to whom, by which channel; the
    records officer's who started the dispatch, or (`system`) the system's own step."""
    return EventSpec(
        kind=AuditKind.DELIVERY,
        action=action,
        actor=None if system else delivery.letter.dispatch_requested_by,
        obj=delivery,
        at=at,
        data={
            "recipient": delivery.recipient.name,
            "channel": delivery.channel,
            "letter": delivery.letter.reference,
            **data,
        },
    )


def _record_delivery(
    delivery: LetterDelivery, action: str, *, at: datetime | None = None, system: bool = False, **data
) -> None:
    record_events([_delivery_spec(delivery, action, at=at, system=system, **data)])


def _approvals_match(letter: Letter) -> bool:
    content_hash = letter_content_hash(letter)
    approvals = {a.step_id: a for a in letter.approvals.filter(invalidated_at__isnull=True)}
    return all(
        step.pk in approvals and approvals[step.pk].content_hash == content_hash for step in letter.approvers.all()
    )


def _restart_stale_approval(letter: Letter, by) -> None:
    """What was approved is no longer what would be sent (the sender's footer details changed
    since, say): the approvals lapse and the chain starts again, so nothing goes out unapproved."""
    reason = _("Innholdet stemmer ikke lenger med det som ble godkjent (f.eks. avsenderens adresse er endret)")
    approvals_invalidate(letter=letter, reason=reason)
    transition_run(
        obj=letter,
        name="restart_approval",
        by=by,
        comment=reason,
        check_permission=False,
        content_hash=letter_content_hash(letter),
    )


def _require_dispatcher(obj, name: str, by) -> None:
    if not transition_permitted(obj, name, by):
        raise PermissionDenied(_("Bare arkivet (arkivar) kan ekspedere brev."))


def letter_dispatch(*, letter: Letter, by, now: datetime | None = None) -> Letter:
    """Start the dispatch of a fully approved letter (records officer): «ekspederes», frozen."""
    with transaction.atomic():
        locked = lock_letter(letter)
        _require_dispatcher(locked, "start_dispatch", by)
        if locked.dispatch_started:
            raise ValidationError(_("Brevet er allerede ekspedert."))
        if not can_proceed(locked.start_dispatch):  # the permission was asked above
            raise ValidationError(
                _("Bare et ferdig godkjent brev kan ekspederes (status nå: «%(s)s»).")
                % {"s": locked.get_status_display()}
            )
        stale = not _approvals_match(locked)
        if stale:
            # Committed, then refused below: the restarted chain is kept, nothing is sent.
            _restart_stale_approval(locked, by)
        else:
            recipients = list(locked.recipients.all())
            if not recipients:
                raise ValidationError(_("Brevet har ingen mottakere."))
            at = now or timezone.now()
            locked.start_dispatch(by=by, at=at)
            history_note(
                locked,
                by=by,
                reason=ngettext(
                    "Ekspedering startet (%(n)s mottaker)", "Ekspedering startet (%(n)s mottakere)", len(recipients)
                )
                % {"n": len(recipients)},
            )
            locked.save()
            LetterDelivery.objects.bulk_create(
                [LetterDelivery(letter=locked, recipient=r, channel=r.channel, queued_at=at) for r in recipients]
            )
            outbox_enqueue(
                task_name="letters.tasks.dispatch_letter",
                key=f"letter-dispatch:{locked.pk}:0",
                kwargs={"letter_id": locked.pk},
            )
    if stale:
        raise ValidationError(
            _(
                "Brevet er ikke godkjent i den versjonen som ligger der nå (for eksempel er "
                "avsenderens kontaktopplysninger endret). Det er sendt til godkjenning på nytt."
            )
        )
    return locked


def letter_base_ensure(*, letter_id: int) -> ArchivedDocument:
    """The shared dispatch render of the letter, made once and stored (idempotent).

    The case's own copy (the letter as filed: placeholder in the address window, the
    recipient and copy lists) is made from it the same way as a recipient's copy, and
    archived beside it, once.
    """
    from ..pdf import journal_copy, render_letter_base

    letter = Letter.objects.select_related("base_pdf").get(pk=letter_id)
    if letter.base_pdf_id and letter.journal_pdf_id:
        return letter.base_pdf
    if letter.base_pdf_id:  # made before the filed copy was kept: add it, from the same bytes
        with transaction.atomic():
            locked = Letter.objects.select_for_update().select_related("base_pdf").get(pk=letter_id)
            if not locked.journal_pdf_id:
                locked.journal_pdf = archived_document_create(
                    content=journal_copy(bytes(locked.base_pdf.content)),
                    filename=f"brev-{locked.reference.replace('/', '-')}.pdf",
                    pdf_variant="pdf/a-3b",
                )
                history_note(locked, by=None, reason=_("Saksarkivets eksemplar laget"))
                locked.save()
            return locked.base_pdf
    try:
        content = render_letter_base(letter)
        journal = journal_copy(content)
    except Exception as exc:
        Letter.objects.filter(pk=letter_id).update(pdf_error=str(exc)[:2000] or exc.__class__.__name__)
        raise
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter_id)
        if locked.base_pdf_id:
            return locked.base_pdf
        filename = locked.reference.replace("/", "-")
        document = archived_document_create(
            content=content, filename=f"brev-{filename}-felles.pdf", pdf_variant="pdf/a-3b"
        )
        locked.base_pdf = document
        locked.journal_pdf = archived_document_create(
            content=journal, filename=f"brev-{filename}.pdf", pdf_variant="pdf/a-3b"
        )
        locked.pdf_error = ""
        history_note(
            locked,
            by=None,
            reason=_("Felles del av brevet laget for ekspedering (SHA-256 %(h)s)") % {"h": document.sha256},
        )
        locked.save()
    return document


@functools.lru_cache(maxsize=8)
def _base_bytes(document_id: int, sha256: str) -> bytes:
    """The shared render's bytes, cached per process (a task makes one copy of many)."""
    content = bytes(ArchivedDocument.objects.get(pk=document_id).content)
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ValueError(f"archived document {document_id} does not match its SHA-256")
    return content


def _queue_delivery(delivery: LetterDelivery) -> None:
    outbox_enqueue(
        task_name="letters.tasks.deliver_copy",
        key=f"letter-copy:{delivery.letter_id}:{delivery.recipient_id}:{delivery.retry_round}",
        kwargs={"letter_id": delivery.letter_id, "recipient_id": delivery.recipient_id},
    )


def dispatch_chunks(letter_id: int) -> Iterator[tuple[int, list[int]]]:
    """The letter's copies `DISPATCH_CHUNK` at a time, counted over all its copies (so a chunk
    is the same whenever this is asked): the recipient of its first copy, which names the
    chunk, and those of its copies not yet delivered (chunks with none left are skipped)."""
    rows = list(LetterDelivery.objects.filter(letter_id=letter_id).order_by("pk").values_list("recipient_id", "status"))
    for start in range(0, len(rows), DISPATCH_CHUNK):
        chunk = rows[start : start + DISPATCH_CHUNK]
        pending = [recipient_id for recipient_id, status in chunk if status not in DONE_STATUSES]
        if pending:
            yield chunk[0][0], pending


def letter_dispatch_run(*, letter_id: int, enqueue: bool = True, now: datetime | None = None) -> int:
    """Render the shared part and queue (or, with enqueue=False, make) every missing copy, a
    chunk per task.

    Returns how many deliveries were queued or made. Safe to run again at any time: a chunk
    already queued is not queued again (its key is its first copy's recipient).
    """
    letter = Letter.objects.get(pk=letter_id)
    if not letter.dispatch_started:
        return 0
    letter_base_ensure(letter_id=letter_id)
    chunks = list(dispatch_chunks(letter_id))
    if enqueue:
        with transaction.atomic():
            for first, pending in chunks:
                outbox_enqueue(
                    task_name="letters.tasks.deliver_copies",
                    key=f"letter-copies:{letter_id}:{first}",
                    kwargs={"letter_id": letter_id, "recipient_ids": pending},
                )
    else:
        for _first, pending in chunks:
            deliveries_deliver(letter_id=letter_id, recipient_ids=pending, now=now)
    letter_dispatch_complete(letter_id=letter_id, now=now)
    return sum(len(pending) for _first, pending in chunks)


@dataclass
class CopyFailure:
    recipient_id: int
    error: Exception


@dataclass
class DeliveryResult:
    """What one task did: every copy asked for (as it is now) and those that failed."""

    deliveries: list[LetterDelivery] = field(default_factory=list)
    failures: list[CopyFailure] = field(default_factory=list)


def _shared_render(letter: Letter) -> bytes:
    """The shared render's bytes; only its hash is read from the database once a process has them."""
    if letter.base_pdf:
        return _base_bytes(letter.base_pdf.pk, letter.base_pdf.sha256)
    base = letter_base_ensure(letter_id=letter.pk)
    return _base_bytes(base.pk, base.sha256)


def _copy_filename(delivery: LetterDelivery) -> str:
    return f"{delivery.letter.reference.replace('/', '-')}-{delivery.recipient_id}.pdf"


def _render_copies(todo: list[LetterDelivery], failed: dict[int, Exception]) -> dict[int, bytes]:
    """Each copy not yet made, by delivery id; a copy that cannot be made goes to `failed`."""
    from ..pdf import personalized_copy

    contents: dict[int, bytes] = {}
    for i, delivery in enumerate(todo):
        if delivery.document_id:
            continue
        try:
            contents[delivery.pk] = personalized_copy(
                delivery.letter, _shared_render(delivery.letter), delivery.recipient
            )
        except SoftTimeLimitExceeded as exc:  # out of time: the copies left wait for their retry
            failed.update({d.pk: exc for d in todo[i:] if not d.document_id})
            break
        except Exception as exc:
            failed[delivery.pk] = exc
    return contents


def _store_copies(
    made: list[LetterDelivery], contents: dict[int, bytes], now: datetime | None
) -> dict[int, LetterDelivery]:
    """Store the made copies with their SHA-256 in one transaction: the rows are locked, and a
    copy another worker stored meanwhile is kept instead. A paper copy is ready for print in
    the same step. The chain head is locked from the documents' events to the commit."""
    loaded = {d.pk: d for d in made}
    with transaction.atomic():
        locked = list(
            LetterDelivery.objects.select_for_update(of=("self",))
            .select_related("document")
            .defer("document__content")
            .filter(pk__in=loaded)
            .order_by("pk")
        )
        for delivery in locked:  # the same rows as already loaded: reuse them
            delivery.letter, delivery.recipient = loaded[delivery.pk].letter, loaded[delivery.pk].recipient
        fresh = [d for d in locked if not d.document_id]
        documents = archived_documents_create(files=[(contents[d.pk], _copy_filename(d), "pdf/a-3b") for d in fresh])
        at = now or timezone.now()
        for delivery, document in zip(fresh, documents, strict=True):
            delivery.render(document=document, at=at)
            if delivery.channel == Channel.PRINT:
                # Nothing leaves the building for paper: ready for print in the same step.
                _mark_delivered(delivery, at)
        _save_made(fresh)
        # A paper copy's one delivery event says both that it was made (its hash) and that it
        # is ready for print; an e-mail copy's comes when it is sent.
        record_events([_delivered_spec(d) for d in fresh if d.channel == Channel.PRINT])
    return {d.pk: d for d in locked}


# What making a copy changes on its row (`LetterDelivery.render`, and for paper `hand_to_print`).
MADE_FIELDS = ("status", "rendered_at", "delivered_at", "last_error", "failure", "next_attempt_at")


def _save_made(deliveries: list[LetterDelivery]) -> None:
    """Save the copies just made: one UPDATE for the rows alike but for their document (the
    paper copies, the e-mail copies), so a chunk takes two statements, not one per copy.
    The rows are locked by the caller."""
    alike: dict[tuple, list[LetterDelivery]] = {}
    for delivery in deliveries:
        alike.setdefault(tuple(getattr(delivery, name) for name in MADE_FIELDS), []).append(delivery)
    for values, rows in alike.items():
        LetterDelivery.objects.filter(pk__in=[d.pk for d in rows]).update(
            document_id=Case(*(When(pk=d.pk, then=Value(d.document_id)) for d in rows)),
            **dict(zip(MADE_FIELDS, values, strict=True)),
        )


def _mark_delivered(delivery: LetterDelivery, now: datetime | None) -> None:
    """Sent by e-mail or handed to print, by the delivery's channel (the caller saves)."""
    at = now or timezone.now()
    if delivery.channel == Channel.EMAIL:
        delivery.send(at=at)
    else:
        delivery.hand_to_print(at=at)


def _message_id(delivery: LetterDelivery) -> str:
    return f"<letter-{delivery.letter_id}-copy-{delivery.recipient_id}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


def _delivered_spec(delivery: LetterDelivery) -> EventSpec:
    """The copy's one delivery event: its SHA-256, and where it went (the e-mail address and
    the Message-ID the mail systems log, or the print queue)."""
    data: dict[str, Any] = {"sha256": delivery.document.sha256 if delivery.document else "", "email": ""}
    if delivery.channel == Channel.EMAIL:
        data.update(email=delivery.recipient.email, message_id=_message_id(delivery))
    return _delivery_spec(delivery, delivery.status, at=delivery.delivered_at, **data)


def _record_delivered_once(deliveries: list[LetterDelivery]) -> None:
    """The delivery events of copies already delivered that are not in the trail yet, as when
    the step that records one failed after the copy was sent, and a retry finishes it."""
    if not deliveries:
        return
    recorded = set(
        AuditEvent.objects.filter(
            kind=AuditKind.DELIVERY,
            action__in=DONE_STATUSES,
            object_type=label_of(deliveries[0]),
            object_id__in=[str(d.pk) for d in deliveries],
        ).values_list("object_id", "action")
    )
    record_events([_delivered_spec(d) for d in deliveries if (str(d.pk), d.status) not in recorded])


def _delivery_send(delivery: LetterDelivery, now: datetime | None) -> LetterDelivery | None:
    """Send an e-mail copy; the copy as sent, or None if another worker had sent it."""
    with transaction.atomic():
        locked = LetterDelivery.objects.select_for_update(of=("self",)).select_related("document").get(pk=delivery.pk)
        locked.letter, locked.recipient = delivery.letter, delivery.recipient
        if locked.status in DONE_STATUSES:
            return None
        letter = locked.letter
        message = EmailMessage(
            subject=" ".join(f"{letter.title} ({_('vår ref.')} {letter.reference})".split()),
            body=_("Vedlagt følger brev fra %(sender)s, vår ref. %(ref)s.")
            % {"sender": letter.sender.name, "ref": letter.reference},
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[locked.recipient.email],
            # Only a worker dying between the SMTP transaction and the commit below sends
            # again; the fixed Message-ID lets mail systems recognise that repeat.
            headers={"Message-ID": _message_id(locked)},
        )
        message.attach(locked.document.filename, bytes(locked.document.content), "application/pdf")
        message.send()
        # The send is recorded in its own step and committed at once: nothing that may fail
        # (the audit trail, the letter's completion) comes between the SMTP transaction and this
        # commit, so a database error afterwards never sends the letter a second time.
        _mark_delivered(locked, now)
        locked.save(update_fields=["status", "delivered_at", "last_error", "failure", "next_attempt_at"])
    return locked


def _failure_of(exc: Exception, *, made: bool) -> str:
    """What went wrong, as the letter page says it in plain words (`DeliveryFailure`)."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return DeliveryFailure.TIMEOUT
    if isinstance(exc, DatabaseError):
        return DeliveryFailure.DATABASE
    if not made:
        return DeliveryFailure.PDF
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return DeliveryFailure.ADDRESS
    if isinstance(exc, smtplib.SMTPException | OSError):  # refused, reset, timed out, unknown host
        return DeliveryFailure.MAIL_SERVER
    return DeliveryFailure.OTHER


def deliveries_deliver(
    *, letter_id: int, recipient_ids: list[int], now: datetime | None = None, retry_at: datetime | None = None
) -> DeliveryResult:
    """Make the recipients' copies (each once) and deliver them (each once), a chunk together.

    The copies are made one by one and stored in one transaction; then each e-mail copy is
    sent and committed on its own, and their delivery events appended together. A copy that
    fails is recorded — «venter på nytt forsøk» when the caller retries it automatically at
    `retry_at`, else «feilet» — and returned among the failures; the other copies go on.
    """
    deliveries = list(
        LetterDelivery.objects.select_related(
            "letter__sender",
            "letter__case",
            "letter__dispatch_requested_by",
            "letter__base_pdf",
            "recipient",
            "document",
        )
        .defer("letter__base_pdf__content", "document__content")
        .filter(letter_id=letter_id, recipient_id__in=recipient_ids)
        .order_by("pk")
    )
    # Copies delivered already (a retry after a step following the delivery failed: its audit
    # event, the letter's completion): finish those steps, without delivering again.
    _record_delivered_once([d for d in deliveries if d.status in DONE_STATUSES])
    todo = [d for d in deliveries if d.status not in DONE_STATUSES]
    failed: dict[int, Exception] = {}
    attempts = {d.pk: d.attempts + 1 for d in todo}
    if todo:
        # Their task is alive: self-healing (recovery.py) leaves the copies alone for a while.
        LetterDelivery.objects.filter(pk__in=[d.pk for d in todo]).update(
            attempts=F("attempts") + 1, queued_at=timezone.now()
        )
    contents = _render_copies(todo, failed)
    current = {d.pk: d for d in deliveries}
    made = [d for d in todo if d.pk in contents]
    if made:
        try:
            current.update(_store_copies(made, contents, now))
        except Exception as exc:
            failed.update({d.pk: exc for d in made})
    sent = []
    for i, delivery in enumerate(todo):
        delivery = current[delivery.pk]
        if delivery.pk in failed or delivery.status in DONE_STATUSES or not delivery.document_id:
            continue
        try:
            copy = _delivery_send(delivery, now)
        except SoftTimeLimitExceeded as exc:  # out of time: the copies left wait for their retry
            failed.update(
                {d.pk: exc for d in todo[i:] if d.pk not in failed and current[d.pk].status not in DONE_STATUSES}
            )
            break
        except Exception as exc:
            failed[delivery.pk] = exc
            continue
        if copy is not None:
            current[delivery.pk] = copy
            sent.append(copy)
    try:
        record_events([_delivered_spec(d) for d in sent])
    except Exception as exc:  # sent all the same: a retry records them (`_record_delivered_once`)
        failed.update({d.pk: exc for d in sent})
    for delivery in todo:
        if delivery.pk in failed:
            _delivery_failed(
                current[delivery.pk], failed[delivery.pk], attempt=attempts[delivery.pk], now=now, retry_at=retry_at
            )
    try:
        letter_dispatch_complete(letter_id=letter_id, now=now)
    except Exception:
        if not failed:
            raise
        # The failed copies' retry (or self-healing) finishes the letter.
        logger.exception("Completion of letter %s failed", letter_id)
    return DeliveryResult(
        deliveries=[current[d.pk] for d in deliveries],
        failures=[CopyFailure(current[pk].recipient_id, exc) for pk, exc in failed.items()],
    )


def delivery_deliver(
    *, letter_id: int, recipient_id: int, now: datetime | None = None, retry_at: datetime | None = None
) -> LetterDelivery:
    """Make the recipient's copy (once) and deliver it (once). Failures are recorded and raised:
    as «venter på nytt forsøk» when the caller retries automatically at `retry_at`, else «feilet»."""
    result = deliveries_deliver(letter_id=letter_id, recipient_ids=[recipient_id], now=now, retry_at=retry_at)
    if result.failures:
        raise result.failures[0].error
    if not result.deliveries:
        raise LetterDelivery.DoesNotExist(f"letter {letter_id} has no copy for recipient {recipient_id}")
    return result.deliveries[0]


def _delivery_failed(
    delivery: LetterDelivery, exc: Exception, *, attempt: int, now: datetime | None, retry_at: datetime | None
) -> None:
    logger.error(
        "Delivery of letter %s to recipient %s failed",
        delivery.letter_id,
        delivery.recipient_id,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    _delivery_fail(
        delivery,
        error=(str(exc) or exc.__class__.__name__)[:2000],
        failure=_failure_of(exc, made=bool(delivery.document_id)),
        attempt=attempt,
        now=now,
        retry_at=retry_at,
    )


def _delivery_fail(
    delivery: LetterDelivery,
    *,
    error: str,
    failure: str,
    attempt: int,
    now: datetime | None,
    retry_at: datetime | None,
) -> None:
    """Record a failed attempt, unless another worker delivered the copy meanwhile: the row is
    locked and only an undelivered copy becomes «venter på nytt forsøk» or «feilet»."""
    with transaction.atomic():
        locked = (
            LetterDelivery.objects.select_for_update(of=("self",))
            .select_related("document")
            .defer("document__content")
            .get(pk=delivery.pk)
        )
        if not can_proceed(locked.fail):
            return
        locked.letter, locked.recipient = delivery.letter, delivery.recipient
        locked.fail(error=error, failure=failure, retry_at=retry_at)
        locked.save(update_fields=["status", "last_error", "failure", "next_attempt_at"])
        _record_delivery(
            locked,
            DeliveryStatus.FAILED,
            at=now,
            error=error[:500],
            attempt=attempt,
            retry_at=retry_at.isoformat() if retry_at else "",
            sha256=locked.document.sha256 if locked.document_id else "",
        )


def letter_dispatch_complete(*, letter_id: int, now: datetime | None = None) -> bool:
    """Move the letter to «ekspedert» once every recipient's copy exists; True if it did now."""
    if LetterDelivery.objects.filter(letter_id=letter_id, document__isnull=True).exists():
        return False  # copies still missing: no need to lock the letter (checked again below)
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if letter.status != LetterStatus.DISPATCHING:
            return False
        if letter.deliveries.filter(document__isnull=True).exists():
            return False
        at = now or timezone.now()
        # The completion is the system's (no permission): the records officer's was asked when
        # the dispatch started, and is recorded as theirs even if their role has changed since.
        copies = letter.deliveries.count()
        transition_run(
            obj=letter,
            name="dispatch",
            by=letter.dispatch_requested_by,
            content_hash=letter_content_hash(letter),
            at=at,
            dispatched_at=at,
            comment=ngettext("%(n)s eksemplar laget", "%(n)s eksemplarer laget", copies) % {"n": copies},
        )
    return True


def letter_dispatch_resume(*, letter: Letter, by) -> int:
    """Queue again every copy not yet delivered (after a worker or broker failure)."""
    _require_dispatcher(letter, "resume_dispatch", by)
    with transaction.atomic():
        locked = lock_letter(letter)
        if not can_proceed(locked.resume_dispatch):
            raise ValidationError(
                _("Brevet er allerede ekspedert.")
                if locked.status == LetterStatus.DISPATCHED
                else _("Ekspederingen av brevet er ikke startet.")
            )
        pending = list(
            LetterDelivery.objects.select_for_update().filter(letter=letter).exclude(status__in=DONE_STATUSES)
        )
        for delivery in pending:
            delivery.retry(at=timezone.now())
            delivery.save(update_fields=["retry_round", "queued_at"])
            _queue_delivery(delivery)
        if not pending:
            transaction.on_commit(lambda: letter_dispatch_complete(letter_id=letter.pk))
    return len(pending)


def delivery_retry(*, delivery: LetterDelivery, by) -> LetterDelivery:
    """Queue one failed (or stuck) delivery again."""
    _require_dispatcher(delivery.letter, "retry_delivery", by)
    with transaction.atomic():
        locked = LetterDelivery.objects.select_for_update().get(pk=delivery.pk)
        if not can_proceed(locked.retry):
            raise ValidationError(_("Denne mottakeren har allerede fått brevet."))
        locked.retry(at=timezone.now())
        locked.save(update_fields=["retry_round", "queued_at"])
        _queue_delivery(locked)
    return locked
