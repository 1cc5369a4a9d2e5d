"""Dispatch (ekspedering): one PDF and one delivery per recipient, idempotent under retries.

`letter_dispatch` moves the approved letter to «ekspederes» (frozen from then on), creates a
delivery row per recipient and queues the job through the outbox (so a broker outage loses
nothing). The job renders the shared part once (`letter_base_ensure`) and queues one task
per (letter, recipient); each task stamps that recipient's address onto the shared PDF,
stores the copy with its SHA-256 exactly once (the delivery row is locked and its
`document` set only if empty), then sends it (e-mail with the PDF attached) or hands it to
print. When every copy exists, the letter moves to «ekspedert». Every change of a
delivery's status is one of `LetterDelivery`'s transitions.

Who may dispatch is the permission of the letter's `start_dispatch` transition, and of
`resume_dispatch` and `retry_delivery`, which continue it.
"""

import functools
import hashlib
import logging
import smtplib
from datetime import datetime

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from audit.models import AuditEvent, AuditKind
from audit.services import record_event
from audit.subjects import label_of
from core.history import history_note
from core.models import ArchivedDocument
from core.services import archived_document_create, outbox_enqueue
from core.workflow import transition_permitted, transition_run

from ..models import Channel, DeliveryFailure, DeliveryStatus, Letter, LetterDelivery, LetterStatus
from .drafting import approvals_invalidate, letter_content_hash, lock_letter

logger = logging.getLogger(__name__)

DONE_STATUSES = (DeliveryStatus.SENT, DeliveryStatus.READY_FOR_PRINT)


def _record_delivery(
    delivery: LetterDelivery, action: str, *, at: datetime | None = None, system: bool = False, **data
) -> None:
    """One delivery event in the audit trail: which copy, to whom, by which channel; the
    records officer's who started the dispatch, or (`system`) the system's own step."""
    record_event(
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
            history_note(locked, by=by, reason=_("Ekspedering startet (%(n)s mottakere)") % {"n": len(recipients)})
            locked.save()
            for recipient in recipients:
                LetterDelivery.objects.create(
                    letter=locked, recipient=recipient, channel=recipient.channel, queued_at=at
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


def letter_dispatch_run(*, letter_id: int, enqueue: bool = True, now: datetime | None = None) -> int:
    """Render the shared part and queue (or, with enqueue=False, make) every missing copy.

    Returns how many deliveries were queued or made. Safe to run again at any time.
    """
    letter = Letter.objects.get(pk=letter_id)
    if not letter.dispatch_started:
        return 0
    letter_base_ensure(letter_id=letter_id)
    pending = list(letter.deliveries.exclude(status__in=DONE_STATUSES).order_by("id"))
    if enqueue:
        with transaction.atomic():
            for delivery in pending:
                _queue_delivery(delivery)
    else:
        for delivery in pending:
            delivery_deliver(letter_id=letter_id, recipient_id=delivery.recipient_id, now=now)
    letter_dispatch_complete(letter_id=letter_id, now=now)
    return len(pending)


def _delivery_render(delivery: LetterDelivery, now: datetime | None) -> LetterDelivery:
    from ..pdf import personalized_copy

    if delivery.document_id:
        return delivery
    letter = delivery.letter
    if letter.base_pdf_id:  # the usual case: only its hash is read, the bytes are cached per process
        base_pk, base_sha256 = (
            letter.base_pdf_id,
            ArchivedDocument.objects.values_list("sha256", flat=True).get(pk=letter.base_pdf_id),
        )
    else:
        base = letter_base_ensure(letter_id=letter.pk)
        base_pk, base_sha256 = base.pk, base.sha256
    content = personalized_copy(letter, _base_bytes(base_pk, base_sha256), delivery.recipient)
    with transaction.atomic():
        locked = LetterDelivery.objects.select_for_update().get(pk=delivery.pk)
        # The same rows as already loaded: reuse them instead of loading them again.
        locked.letter, locked.recipient = letter, delivery.recipient
        if locked.document_id:  # another worker made it first: keep that one
            return locked
        locked.render(
            document=archived_document_create(
                content=content,
                filename=f"{letter.reference.replace('/', '-')}-{delivery.recipient_id}.pdf",
                pdf_variant="pdf/a-3b",
            ),
            at=now or timezone.now(),
        )
        if locked.channel == Channel.PRINT:
            # Nothing leaves the building for paper: the copy is ready for print in the same step.
            _mark_delivered(locked, now)
        locked.save()
        # One event per step, the last statement before the commit: the audit chain's head is
        # locked from here to the commit, and every worker waits for that lock. A paper copy's
        # one event says both that it was made (its hash) and that it is ready for print.
        if locked.channel == Channel.PRINT:
            _record_delivered(locked, sha256=locked.document.sha256)
        else:
            _record_delivery(locked, "rendered", at=locked.rendered_at, sha256=locked.document.sha256)
    return locked


def _mark_delivered(delivery: LetterDelivery, now: datetime | None) -> None:
    """Sent by e-mail or handed to print, by the delivery's channel (the caller saves)."""
    at = now or timezone.now()
    if delivery.channel == Channel.EMAIL:
        delivery.send(at=at)
    else:
        delivery.hand_to_print(at=at)


def _record_delivered(delivery: LetterDelivery, *, once: bool = False, **data) -> None:
    """The delivery in the audit trail (`once`: unless it is there already, as when the step
    that records it failed after the copy was sent, and a retry finishes it)."""
    if (
        once
        and AuditEvent.objects.filter(
            kind=AuditKind.DELIVERY, action=delivery.status, object_type=label_of(delivery), object_id=str(delivery.pk)
        ).exists()
    ):
        return
    _record_delivery(
        delivery,
        delivery.status,
        at=delivery.delivered_at,
        email=delivery.recipient.email if delivery.channel == Channel.EMAIL else "",
        **data,
    )


def _delivery_send(delivery: LetterDelivery, now: datetime | None) -> LetterDelivery:
    with transaction.atomic():
        locked = LetterDelivery.objects.select_for_update(of=("self",)).select_related("document").get(pk=delivery.pk)
        locked.letter, locked.recipient = delivery.letter, delivery.recipient
        if locked.status in DONE_STATUSES:
            return locked
        if locked.channel == Channel.EMAIL:
            letter = locked.letter
            message = EmailMessage(
                subject=" ".join(f"{letter.title} ({_('vår ref.')} {letter.reference})".split()),
                body=_("Vedlagt følger brev fra %(sender)s, vår ref. %(ref)s.")
                % {"sender": letter.sender.name, "ref": letter.reference},
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[locked.recipient.email],
                # Only a worker dying between the SMTP transaction and the commit below sends
                # again; the fixed Message-ID lets mail systems recognise that repeat.
                headers={
                    "Message-ID": f"<letter-{letter.pk}-copy-{locked.recipient_id}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"
                },
            )
            message.attach(locked.document.filename, bytes(locked.document.content), "application/pdf")
            message.send()
        # The send is recorded in its own step and committed at once: nothing that may fail
        # (the audit trail, the letter's completion) comes between the SMTP transaction and this
        # commit, so a database error afterwards never sends the letter a second time.
        _mark_delivered(locked, now)
        locked.save(update_fields=["status", "delivered_at", "last_error", "failure", "next_attempt_at"])
    _record_delivered(locked)
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


def delivery_deliver(
    *, letter_id: int, recipient_id: int, now: datetime | None = None, retry_at: datetime | None = None
) -> LetterDelivery:
    """Make the recipient's copy (once) and deliver it (once). Failures are recorded and raised:
    as «venter på nytt forsøk» when the caller retries automatically at `retry_at`, else «feilet»."""
    delivery = LetterDelivery.objects.select_related(
        "letter__sender",
        "letter__case",
        "letter__dispatch_requested_by",
        "recipient",
    ).get(letter_id=letter_id, recipient_id=recipient_id)
    if delivery.status in DONE_STATUSES:
        # A retry after a step following the delivery failed (its audit event, the letter's
        # completion): finish those now, without delivering again.
        _record_delivered(delivery, once=True)
        letter_dispatch_complete(letter_id=letter_id, now=now)
        return delivery
    attempt = delivery.attempts + 1
    # Its task is alive: self-healing (recovery.py) leaves the copy alone for a while.
    LetterDelivery.objects.filter(pk=delivery.pk).update(attempts=attempt, queued_at=timezone.now())
    try:
        delivery = _delivery_render(delivery, now)
        if delivery.status not in DONE_STATUSES:  # a paper copy is done once made
            delivery = _delivery_send(delivery, now)
    except Exception as exc:
        logger.exception("Delivery of letter %s to recipient %s failed", letter_id, recipient_id)
        _delivery_fail(
            delivery,
            error=(str(exc) or exc.__class__.__name__)[:2000],
            failure=_failure_of(exc, made=bool(delivery.document_id)),
            attempt=attempt,
            now=now,
            retry_at=retry_at,
        )
        raise
    letter_dispatch_complete(letter_id=letter_id, now=now)
    return delivery


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
        locked = LetterDelivery.objects.select_for_update(of=("self",)).get(pk=delivery.pk)
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
        transition_run(
            obj=letter,
            name="dispatch",
            by=letter.dispatch_requested_by,
            content_hash=letter_content_hash(letter),
            at=at,
            dispatched_at=at,
            comment=_("%(n)s eksemplarer laget") % {"n": letter.deliveries.count()},
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
