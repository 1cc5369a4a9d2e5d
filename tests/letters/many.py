"""A dispatched letter to many recipients, built in bulk: what the tests measure with it is the
pages' reading, not the dispatch."""

from datetime import timedelta

from letters.models import DeliveryStatus, Letter, LetterDelivery, LetterRecipient


def letter_with_copies(base: Letter, n: int, *, name: str = "Mottaker nr.") -> Letter:
    """A dispatched letter in `base`'s case with `n` paper copies («Mottaker nr. 001» …), all
    ready for print but the first, failed. Built as approved and then marked dispatched: a
    dispatched letter is frozen (on PostgreSQL a trigger refuses recipients added to it)."""
    letter = Letter.objects.create(
        case=base.case,
        document_number=base.case.letters.count() + 1,
        sender=base.sender,
        case_officer=base.case_officer,
        letter_date=base.letter_date + timedelta(days=1),
        title=f"{base.title} (til {n})",
        body=base.body,
        status="approved",
    )
    recipients = LetterRecipient.objects.bulk_create(
        [
            LetterRecipient(
                letter=letter,
                order=i + 1,
                kind="recipient",
                name=f"{name} {i + 1:03d}",
                channel="print",
                dedupe_key=f"m-{i}",
            )
            for i in range(n)
        ]
    )
    LetterDelivery.objects.bulk_create(
        [
            LetterDelivery(
                letter=letter,
                recipient=r,
                channel="print",
                status=DeliveryStatus.FAILED if i == 0 else DeliveryStatus.READY_FOR_PRINT,
            )
            for i, r in enumerate(recipients)
        ]
    )
    Letter.objects.filter(pk=letter.pk).update(
        status="dispatched",
        dispatched_at=base.dispatched_at,
        dispatched_by=base.dispatched_by,
        dispatch_requested_at=base.dispatch_requested_at,
    )
    return letter
