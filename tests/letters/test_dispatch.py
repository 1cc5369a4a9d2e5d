"""Dispatch in process (no broker): one PDF and one delivery per recipient, idempotent, retryable."""

import hashlib

import pytest
from django.core import mail

from core.models import ArchivedDocument, OutboxTask
from letters import services
from letters.models import Channel, DeliveryStatus, JournalStatus, LetterStatus

pytestmark = pytest.mark.django_db


def test_dispatch_gives_every_recipient_one_stored_pdf_and_a_delivery(dispatched_letter):
    deliveries = list(dispatched_letter.deliveries.select_related("recipient", "document"))

    assert dispatched_letter.status == LetterStatus.DISPATCHED
    assert dispatched_letter.dispatched_at is not None
    assert len(deliveries) == dispatched_letter.recipients.count() == 3
    for d in deliveries:
        assert hashlib.sha256(bytes(d.document.content)).hexdigest() == d.document.sha256
        assert d.delivered_at is not None
    by_name = {d.recipient.name: d for d in deliveries}
    assert by_name["Asker kommune"].status == DeliveryStatus.READY_FOR_PRINT
    hod = by_name["Helse- og omsorgsdepartementet"]
    assert (hod.channel, hod.status) == (Channel.EMAIL, DeliveryStatus.SENT)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["krisestab@example.org"]
    assert message.attachments[0][1] == bytes(hod.document.content)
    assert dispatched_letter.journal_status == JournalStatus.ARCHIVED


def test_running_the_dispatch_again_makes_no_second_copy(dispatched_letter, django_capture_on_commit_callbacks):
    documents = ArchivedDocument.objects.count()
    shas = set(dispatched_letter.deliveries.values_list("document__sha256", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch_run(letter_id=dispatched_letter.pk)
        for d in dispatched_letter.deliveries.all():
            services.delivery_deliver(letter_id=dispatched_letter.pk, recipient_id=d.recipient_id)

    assert ArchivedDocument.objects.count() == documents
    assert set(dispatched_letter.deliveries.values_list("document__sha256", flat=True)) == shas
    assert len(mail.outbox) == 1


def test_dispatching_twice_is_refused(dispatched_letter, archivist):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="allerede ekspedert"):
        services.letter_dispatch(letter=dispatched_letter, by=archivist)


def test_a_failed_e_mail_is_visible_and_can_be_retried(
    approved_letter, archivist, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.regulations.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch(letter=approved_letter, by=archivist)

    failed = approved_letter.deliveries.get(channel=Channel.EMAIL)
    assert failed.status == DeliveryStatus.FAILED
    assert "SMTP server unreachable" in failed.last_error
    assert failed.document_id, "the copy itself was made; only sending failed"
    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.DISPATCHED
    assert approved_letter.journal_status == JournalStatus.DISPATCHED

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=failed, by=archivist)

    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT
    assert (failed.failure, failed.next_attempt_at, failed.last_error) == ("", None, ""), "no failure left on it"
    assert len(mail.outbox) == 1
    assert approved_letter.journal_status == JournalStatus.ARCHIVED


def test_dispatch_is_queued_through_the_outbox_in_chunks_covering_every_recipient_once(dispatched_letter):
    jobs = list(OutboxTask.objects.filter(task_name="letters.tasks.deliver_copies"))
    recipients = list(dispatched_letter.deliveries.order_by("pk").values_list("recipient_id", flat=True))

    assert [job.kwargs["recipient_ids"] for job in jobs] == [recipients], "three copies: one chunk"
    assert [job.key for job in jobs] == [f"letter-copies:{dispatched_letter.pk}:{recipients[0]}"]


def test_a_chunk_is_queued_once_however_often_the_dispatch_job_runs(
    approved_letter, archivist, monkeypatch, django_capture_on_commit_callbacks
):
    from letters.services import dispatch

    monkeypatch.setattr(dispatch, "DISPATCH_CHUNK", 2)
    with django_capture_on_commit_callbacks(execute=False):  # the job is recorded, no worker runs it
        services.letter_dispatch(letter=approved_letter, by=archivist)
        for _ in range(2):  # the job, and the broker handing it out again
            assert services.letter_dispatch_run(letter_id=approved_letter.pk) == 3

    recipients = list(approved_letter.deliveries.order_by("pk").values_list("recipient_id", flat=True))
    jobs = OutboxTask.objects.filter(task_name="letters.tasks.deliver_copies").order_by("pk")
    assert [(job.key, job.kwargs["recipient_ids"]) for job in jobs] == [
        (f"letter-copies:{approved_letter.pk}:{recipients[0]}", recipients[:2]),
        (f"letter-copies:{approved_letter.pk}:{recipients[2]}", recipients[2:]),
    ]


def test_every_copy_and_delivery_is_in_the_audit_trail(
    approved_letter, archivist, settings, django_capture_on_commit_callbacks
):
    from audit.models import AuditEvent, AuditKind

    settings.EMAIL_BACKEND = "tests.regulations.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch(letter=approved_letter, by=archivist)

    deliveries = AuditEvent.objects.filter(kind=AuditKind.DELIVERY, subject_id=str(approved_letter.pk)).order_by("seq")
    # A paper copy is made and ready for print in one event; an e-mail copy's one event comes
    # when it is sent, and each failed attempt to send it is one event too.
    made = deliveries.filter(action="print")
    assert {e.data["recipient"] for e in made} == {"Asker kommune", "Bærum kommune"}
    email = approved_letter.deliveries.select_related("document").get(channel=Channel.EMAIL)
    assert {e.data["sha256"] for e in made} | {email.document.sha256} == set(
        approved_letter.deliveries.values_list("document__sha256", flat=True)
    )
    assert not deliveries.filter(action="rendered").exists()
    failures = list(deliveries.filter(action="failed"))
    assert failures, "a failed attempt is in the trail"
    assert {e.data["recipient"] for e in failures} == {"Helse- og omsorgsdepartementet"}
    assert all("SMTP server unreachable" in e.data["error"] for e in failures)
    assert {e.data["sha256"] for e in failures} == {email.document.sha256}, "the copy that was not sent"
    assert [e.data["attempt"] for e in failures] == list(range(1, len(failures) + 1))
    assert all(e.actor_id == archivist.pk and e.subject_type == "letters.letter" for e in deliveries)
    dispatch = AuditEvent.objects.get(kind=AuditKind.DISPATCH, subject_id=str(approved_letter.pk))
    assert dispatch.action == "dispatch"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=approved_letter.deliveries.get(channel=Channel.EMAIL), by=archivist)
    sent = deliveries.get(action="sent")
    assert sent.data["email"] == "krisestab@example.org"
    assert sent.data["sha256"] == email.document.sha256
    assert deliveries.filter(object_id=str(email.pk)).count() == len(failures) + 1


def test_the_case_keeps_the_filed_copy_and_the_sender_reads_it_not_a_new_render(
    dispatched_letter, client, officer, monkeypatch
):
    import io

    from pypdf import PdfReader

    import letters.pdf

    journal = dispatched_letter.journal_pdf
    assert journal is not None and hashlib.sha256(bytes(journal.content)).hexdigest() == journal.sha256
    text = " ".join(PdfReader(io.BytesIO(bytes(journal.content))).pages[0].extract_text().split())
    assert "Adresseinformasjon fylles inn ved ekspedering" in text and "Dokumentet er godkjent elektronisk" in text

    def no_render(letter):
        raise AssertionError("a dispatched letter is never rendered again")

    monkeypatch.setattr(letters.pdf, "render_letter_preview", no_render)
    client.force_login(officer)
    from django.urls import reverse

    response = client.get(reverse("letters:pdf", args=[dispatched_letter.pk]))
    assert response.status_code == 200 and response.content == bytes(journal.content)
    assert response["X-Content-SHA256"] == journal.sha256


def test_a_letter_whose_completion_step_failed_is_finished_by_the_next_run(
    approved_letter, archivist, monkeypatch, django_capture_on_commit_callbacks
):
    from letters.services import dispatch

    original = dispatch.letter_dispatch_complete
    monkeypatch.setattr(dispatch, "letter_dispatch_complete", lambda **kwargs: False)  # the step is lost
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch(letter=approved_letter, by=archivist)
    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.DISPATCHING
    assert not approved_letter.deliveries.exclude(
        status__in=[DeliveryStatus.SENT, DeliveryStatus.READY_FOR_PRINT]
    ).exists()

    monkeypatch.setattr(dispatch, "letter_dispatch_complete", original)
    delivery = approved_letter.deliveries.first()
    services.delivery_deliver(letter_id=approved_letter.pk, recipient_id=delivery.recipient_id)  # a late retry
    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.DISPATCHED


def test_the_e_mail_has_a_fixed_message_id_so_a_resend_is_recognisable(dispatched_letter):
    message = mail.outbox[0]
    recipient = dispatched_letter.recipients.get(email="krisestab@example.org")
    assert message.extra_headers["Message-ID"].startswith(f"<letter-{dispatched_letter.pk}-copy-{recipient.pk}@")


def test_a_database_error_after_the_e_mail_went_out_does_not_send_it_again(
    approved_letter, archivist, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import OperationalError

    from audit import services as audit_services
    from audit.models import AuditEvent, AuditKind

    real_record_events = audit_services.record_events
    failures = []

    def trail_down_once(specs):
        if any(spec.action == DeliveryStatus.SENT for spec in specs) and not failures:
            failures.append(specs)
            raise OperationalError("database is locked")
        return real_record_events(specs)

    # The audit trail's write right after the SMTP transaction fails, once.
    monkeypatch.setattr("letters.services.dispatch.record_events", trail_down_once)
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch(letter=approved_letter, by=archivist)

    assert failures, "the failure was injected after the send"
    assert len(mail.outbox) == 1, "the automatic retry did not send the letter again"
    sent = approved_letter.deliveries.get(channel=Channel.EMAIL)
    assert sent.status == DeliveryStatus.SENT
    assert AuditEvent.objects.filter(kind=AuditKind.DELIVERY, action="sent").count() == 1, "recorded by the retry"
    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.DISPATCHED


def test_a_letter_to_one_recipient_speaks_of_one_copy(
    draft_letter, officer, consultant, director, archivist, django_capture_on_commit_callbacks
):
    from audit.models import AuditEvent, AuditKind

    for recipient in list(draft_letter.recipients.order_by("order"))[1:]:
        services.recipient_remove(recipient=recipient, by=officer)
    services.letter_submit(letter=draft_letter, by=officer)
    services.letter_approve(letter=draft_letter, by=consultant)
    services.letter_approve(letter=draft_letter, by=director)

    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch(letter=draft_letter, by=archivist)

    assert "Ekspedering startet (1 mottaker)" in set(
        draft_letter.history.values_list("history_change_reason", flat=True)
    )
    dispatch = AuditEvent.objects.get(kind=AuditKind.DISPATCH, subject_id=str(draft_letter.pk))
    assert dispatch.comment == "1 eksemplar laget"
