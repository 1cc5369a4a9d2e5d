"""A dispatch in the audit trail and in SQL: each copy has one delivery event carrying its
SHA-256 (paper and e-mail alike) beside its document's one `archived` event; `audit_verify`
finds the chain intact afterwards and names a tampered delivery event; a chunk of copies takes
the same SQL for 5 copies as for 1 (an e-mail copy adds only its own send)."""

import json

import pytest
from django.core import mail
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent, AuditKind, ChainHead
from letters import services
from letters.models import Channel, DeliveryStatus, LetterStatus
from letters.services import dispatch
from tests.audit.test_chain import raw, verify

pytestmark = pytest.mark.django_db

DELIVERY = "letters.letterdelivery"


def test_each_copy_has_one_delivery_event_with_its_sha256_and_its_document_one_archived_event(
    dispatched_letter, archivist
):
    deliveries = list(dispatched_letter.deliveries.select_related("document", "recipient"))
    assert {d.channel for d in deliveries} == {Channel.PRINT, Channel.EMAIL}

    for d in deliveries:
        events = list(AuditEvent.objects.filter(object_type=DELIVERY, object_id=str(d.pk)))
        assert [e.action for e in events] == [d.status], f"one event for the copy to {d.recipient.name}"
        (event,) = events
        assert event.kind == AuditKind.DELIVERY and event.actor_id == archivist.pk
        assert event.data["sha256"] == d.document.sha256
        assert (event.subject_type, event.subject_id) == ("letters.letter", str(dispatched_letter.pk))
        archived = AuditEvent.objects.filter(object_type="core.archiveddocument", object_id=str(d.document_id))
        assert [e.data["sha256"] for e in archived] == [d.document.sha256]

    sent = AuditEvent.objects.get(object_type=DELIVERY, action=DeliveryStatus.SENT)
    assert sent.data["email"] == "krisestab@example.org"
    assert sent.data["message_id"] == mail.outbox[0].extra_headers["Message-ID"], "the mail server's logs name it"
    assert sent.data["recipient"] == "Helse- og omsorgsdepartementet"
    print_events = AuditEvent.objects.filter(object_type=DELIVERY, action=DeliveryStatus.READY_FOR_PRINT)
    assert sorted(e.data["recipient"] for e in print_events) == ["Asker kommune", "Bærum kommune"]


def test_after_a_dispatch_the_chain_is_intact_its_head_right_and_a_tampered_delivery_event_is_named(
    dispatched_letter,
):
    output = verify()
    last = AuditEvent.objects.order_by("-seq").first()
    head = ChainHead.objects.get()
    assert f"Kjeden er intakt: {last.seq} hendelser kontrollert." in output
    assert (head.last_seq, head.last_hash) == (last.seq, last.hash)

    victim = AuditEvent.objects.get(object_type=DELIVERY, action=DeliveryStatus.SENT)
    forged = {**victim.data, "email": "angriper@example.org"}
    raw("UPDATE audit_auditevent SET data = %s WHERE id = %s", [json.dumps(forged), victim.pk])
    with pytest.raises(CommandError, match=rf"#{victim.seq} \(id {victim.pk}\) er endret"):
        verify()


@pytest.fixture
def many_copies_letter(draft_letter, officer, consultant, director, archivist, django_capture_on_commit_callbacks):
    """The letter with 7 more paper and 6 more e-mail recipients, dispatched: its job recorded,
    no copy made yet; the shared part rendered."""
    for i in range(13):
        services.recipient_add(
            letter=draft_letter,
            by=officer,
            data=services.RecipientInput(
                name=f"Mottaker {i:02d}",
                address=f"Gate {i}",
                postal_code="0150",
                postal_place="OSLO",
                email=f"mottaker{i}@example.org" if i >= 7 else "",
            ),
        )
    services.letter_submit(letter=draft_letter, by=officer)
    services.letter_approve(letter=draft_letter, by=consultant)
    services.letter_approve(letter=draft_letter, by=director)
    with django_capture_on_commit_callbacks(execute=False):
        services.letter_dispatch(letter=draft_letter, by=archivist)
    services.letter_base_ensure(letter_id=draft_letter.pk)
    return draft_letter


def _queries(letter, recipient_ids) -> int:
    dispatch._base_bytes.cache_clear()  # each chunk reads the shared render once
    with CaptureQueriesContext(connection) as queries:
        result = services.deliveries_deliver(letter_id=letter.pk, recipient_ids=recipient_ids)
    assert not result.failures
    assert all(d.status in dispatch.DONE_STATUSES for d in result.deliveries)
    return len(queries)


# One chunk of paper copies, whatever its size (in a test every transaction is a savepoint):
# the copies and their rows, the shared render, storing (documents, rows, events) and the
# letter's completion check. Before chunks, one paper copy took 23 and one e-mail copy 34.
CHUNK_QUERIES = 21
# What each e-mail copy adds: its row locked, the send committed (a savepoint here).
PER_EMAIL_QUERIES = 4


def test_a_chunk_of_copies_takes_the_same_sql_for_five_copies_as_for_one(many_copies_letter):
    by_channel = {
        channel: list(
            many_copies_letter.deliveries.filter(channel=channel).order_by("pk").values_list("recipient_id", flat=True)
        )
        for channel in (Channel.PRINT, Channel.EMAIL)
    }
    paper, email = by_channel[Channel.PRINT], by_channel[Channel.EMAIL]
    assert (len(paper), len(email)) == (9, 7)

    one, five = _queries(many_copies_letter, paper[:1]), _queries(many_copies_letter, paper[1:6])
    assert one == five <= CHUNK_QUERIES
    one_email, five_email = _queries(many_copies_letter, email[:1]), _queries(many_copies_letter, email[1:6])
    assert one_email <= CHUNK_QUERIES + PER_EMAIL_QUERIES
    assert five_email - one_email == 4 * PER_EMAIL_QUERIES
    assert len(mail.outbox) == 6

    services.deliveries_deliver(letter_id=many_copies_letter.pk, recipient_ids=paper[6:] + email[6:])
    many_copies_letter.refresh_from_db()
    assert many_copies_letter.status == LetterStatus.DISPATCHED
    assert "Kjeden er intakt" in verify()


def test_a_copy_that_cannot_be_made_fails_alone_and_is_made_by_its_retry(many_copies_letter, monkeypatch):
    import letters.pdf

    broken = many_copies_letter.recipients.get(name="Mottaker 03")
    real_copy = letters.pdf.personalized_copy

    def copy_or_fail(letter, base, recipient):
        if recipient.pk == broken.pk:
            raise ValueError("the address overlay failed")
        return real_copy(letter, base, recipient)

    monkeypatch.setattr(letters.pdf, "personalized_copy", copy_or_fail)
    ids = list(many_copies_letter.deliveries.order_by("pk").values_list("recipient_id", flat=True))
    result = services.deliveries_deliver(letter_id=many_copies_letter.pk, recipient_ids=ids)

    assert [f.recipient_id for f in result.failures] == [broken.pk]
    failed = many_copies_letter.deliveries.get(recipient=broken)
    assert (failed.status, failed.document_id, failed.failure) == (DeliveryStatus.FAILED, None, "pdf")
    assert many_copies_letter.deliveries.exclude(recipient=broken).filter(document__isnull=True).count() == 0
    assert len(mail.outbox) == 7, "every e-mail copy went out"
    event = AuditEvent.objects.get(object_type=DELIVERY, object_id=str(failed.pk))
    assert (event.action, event.data["error"], event.data["sha256"]) == ("failed", "the address overlay failed", "")

    monkeypatch.setattr(letters.pdf, "personalized_copy", real_copy)
    services.delivery_deliver(letter_id=many_copies_letter.pk, recipient_id=broken.pk)
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.READY_FOR_PRINT
    many_copies_letter.refresh_from_db()
    assert many_copies_letter.status == LetterStatus.DISPATCHED
