"""The case page and the letters API read a case's letters in a number of queries that does
not grow with the number of letters (journal status and copies included)."""

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import ArchivedDocument
from letters.models import Letter, LetterDelivery, LetterRecipient
from tests.letters.many import letter_with_copies

pytestmark = pytest.mark.django_db


def _more_dispatched_letters(letter: Letter, n: int) -> None:
    """`n` more dispatched letters in `letter`'s case to the same recipients, the last with a
    copy still to go out. Built in bulk, as bench/pages.py builds its letters: what is
    measured here is the pages' reading, not the dispatch."""
    start = letter.case.letters.count() + 1
    made = Letter.objects.bulk_create(
        [
            Letter(
                case=letter.case,
                document_number=start + i,
                sender=letter.sender,
                case_officer=letter.case_officer,
                letter_date=letter.letter_date + timedelta(days=i + 1),
                title=f"{letter.title} ({i + 2})",
                body=letter.body,
                status="approved",
            )
            for i in range(n)
        ]
    )
    recipients = LetterRecipient.objects.bulk_create(
        [
            LetterRecipient(
                letter=new,
                order=r.order,
                kind=r.kind,
                organization=r.organization,
                name=r.name,
                email=r.email,
                channel=r.channel,
                dedupe_key=r.dedupe_key,
            )
            for new in made
            for r in letter.recipients.all()
        ]
    )
    contents = [b"%%PDF-1.7 copy %d" % r.pk for r in recipients]
    documents = ArchivedDocument.objects.bulk_create(
        [
            ArchivedDocument(content=c, sha256=hashlib.sha256(c).hexdigest(), filename=f"kopi-{r.pk}.pdf")
            for c, r in zip(contents, recipients, strict=True)
        ]
    )
    last = made[-1].pk
    LetterDelivery.objects.bulk_create(
        [
            LetterDelivery(
                letter_id=r.letter_id,
                recipient=r,
                channel="email",
                status="pending" if r.letter_id == last and r.order == 1 else "sent",
                document=d,
            )
            for r, d in zip(recipients, documents, strict=True)
        ]
    )
    Letter.objects.filter(pk__in=[m.pk for m in made]).update(
        status="dispatched",
        dispatched_at=letter.dispatched_at,
        dispatched_by=letter.dispatched_by,
        dispatch_requested_at=letter.dispatch_requested_at,
    )


def _get(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_case_page_queries_do_not_grow_with_its_letters(client, dispatched_letter, officer):
    client.force_login(officer)
    url = reverse("cases:detail", args=[dispatched_letter.case_id])
    _more_dispatched_letters(dispatched_letter, 1)
    two, few = _get(client, url)
    _more_dispatched_letters(dispatched_letter, 10)
    twelve, many = _get(client, url)

    assert many == few
    page = twelve.content.decode()
    # Each batch's last letter has a copy still to go out: ekspedert, the others arkivert.
    assert page.count("A (Arkivert)") == 10 and page.count("E (Ekspedert)") == 2
    assert two.content.decode().count("A (Arkivert)") == 1


@pytest.mark.parametrize("reader", ["officer", "baerum_user"])
def test_letters_api_queries_do_not_grow_with_the_letters(client, dispatched_letter, reader, request):
    client.force_login(request.getfixturevalue(reader))
    params = {"case": dispatched_letter.case.reference}
    _more_dispatched_letters(dispatched_letter, 1)
    two, few = _get(client, reverse("api_letters"), params)
    _more_dispatched_letters(dispatched_letter, 10)
    twelve, many = _get(client, reverse("api_letters"), params)

    assert many == few
    assert [item["journal_status"] for item in two.json()] == ["A", "E"]
    data = twelve.json()
    assert [item["journal_status"] for item in data] == ["A", "E"] + ["A"] * 9 + ["E"]
    # Sent copies are listed with their hash; a recipient sees only its own organization's copy.
    copies = [r["delivery"] for item in data for r in item["recipients"] if r["delivery"] is not None]
    assert all(len(d["pdf_sha256"]) == 64 for d in copies)
    assert len(copies) == (24 if reader == "officer" else 12)


def test_a_letter_to_many_recipients_is_summed_up_on_the_case_page(client, dispatched_letter, officer):
    """Eleven or more copies: the case page counts them by status and links to the letter's
    page, where each recipient is listed; a few copies are listed by name as before."""
    client.force_login(officer)
    url = reverse("cases:detail", args=[dispatched_letter.case_id])
    few = client.get(url).content.decode()
    names = [r.name for r in dispatched_letter.recipients.all()]
    assert all(name in few for name in names)

    many = letter_with_copies(dispatched_letter, 12, name="Mottakerkommune")

    page = client.get(url).content.decode()
    assert "12 mottakere – Klar for utskrift: 11, Feilet: 1." in page
    assert "Mottakerkommune" not in page
    assert f'href="/letters/{many.pk}/#deliveries">Se hver mottaker</a>' in page
    # The letter with few copies is still listed by name.
    assert all(name in page for name in names)


def test_the_case_page_counts_many_copies_in_sql_without_loading_them(client, dispatched_letter, officer):
    """A letter to many recipients is summed up from counts made in SQL: the queries and the
    delivery rows the case page reads stay the same from 12 copies to 60."""
    from django.db.models.signals import post_init

    client.force_login(officer)
    url = reverse("cases:detail", args=[dispatched_letter.case_id])
    loaded: list[int] = []

    def count_loaded(sender, instance, **kwargs):
        loaded.append(instance.letter_id)

    def read(n: int):
        big = letter_with_copies(dispatched_letter, n, name=f"Mottaker av {n}")
        loaded.clear()
        post_init.connect(count_loaded, sender=LetterDelivery)
        try:
            response, queries = _get(client, url)
        finally:
            post_init.disconnect(count_loaded, sender=LetterDelivery)
        return big, response.content.decode(), queries, list(loaded)

    small, few_page, few_queries, few_loaded = read(12)
    big, many_page, many_queries, many_loaded = read(60)

    assert many_queries == few_queries
    assert "12 mottakere – Klar for utskrift: 11, Feilet: 1." in few_page
    assert "60 mottakere – Klar for utskrift: 59, Feilet: 1." in many_page
    # Only the copies of the letter with few recipients (listed by name) are loaded.
    assert small.pk not in many_loaded and big.pk not in many_loaded
    assert many_loaded == few_loaded == [dispatched_letter.pk] * dispatched_letter.deliveries.count()
    # The summed-up letters are still «Ekspedert»: one copy of each failed.
    assert many_page.count("E (Ekspedert)") == 2


def _more_delivery_events(letter: Letter, rounds: int, by) -> None:
    """`rounds` more delivery events for each of the letter's copies, each naming its
    recipient, the letter and the time it went out, as a retried dispatch records them."""
    from audit.models import AuditKind
    from audit.services import record_event

    for _ in range(rounds):
        for delivery in letter.deliveries.select_related("recipient"):
            record_event(
                kind=AuditKind.DELIVERY,
                action="sent",
                actor=by,
                obj=delivery,
                changes=[
                    {"field": "letter", "old": "", "new": str(letter.pk)},
                    {"field": "recipient", "old": "", "new": str(delivery.recipient_id)},
                    {"field": "delivered_at", "old": "", "new": "2020-11-11T11:40:00+00:00"},
                ],
                data={"recipient": delivery.recipient.name, "channel": delivery.channel},
            )


def test_a_letters_story_pages_like_the_timeline_in_the_same_queries_per_page(
    client, dispatched_letter, archivist, settings
):
    from audit.models import AuditEvent

    settings.AUDIT_PAGE_SIZE = 10
    client.force_login(archivist)
    url = reverse("audit:story", args=["letters.letter", dispatched_letter.pk])
    _more_delivery_events(dispatched_letter, 5, archivist)
    first, few = _get(client, url)
    _more_delivery_events(dispatched_letter, 30, archivist)
    _again, many = _get(client, url)
    assert many == few

    seen, after, pages = [], "", 0
    while True:
        response, queries = _get(client, url, {"after": after} if after else None)
        assert queries <= few and len(response.context["rows"]) <= 10
        # No object goes by Django's default name («LetterApprover object (1)»).
        assert " object (" not in response.content.decode()
        seen += [row["event"].seq for row in response.context["rows"]]
        pages += 1
        after = response.context["page"].next_cursor
        if not after:
            assert "Senere hendelser" not in response.content.decode()
            break
        assert "Senere hendelser" in response.content.decode()
    expected = list(
        AuditEvent.objects.filter(subject_type="letters.letter", subject_id=str(dispatched_letter.pk))
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seen == expected and pages == -(-len(expected) // 10) > 10
    # The letter's text (stored as sanitized HTML) reads as its words, a line per paragraph.
    assert "godt samordnet.<br>Det er kort vei" in first.content.decode()
    assert "&lt;p&gt;" not in first.content.decode()
    # A copy's event names its letter with a link, the time in Oslo, the channel by its label.
    last_page = response.content.decode()
    assert "11. november 2020 kl. 12.40" in last_page and "Kanal: E-post" in last_page
    assert f'<a href="{reverse("letters:detail", args=[dispatched_letter.pk])}">{dispatched_letter}</a>' in last_page


def test_letters_api_reads_neither_more_queries_nor_pdf_bytes_for_more_copies(
    client, dispatched_letter, officer, archived_bytes_selected
):
    """A letter to 3 and then to 300 recipients: the API lists every one of them in the same
    number of queries, and no query reads an archived PDF's bytes (only its hash)."""
    client.force_login(officer)
    params = {"case": dispatched_letter.case.reference}
    letter_with_copies(dispatched_letter, 3)
    with CaptureQueriesContext(connection) as few:
        small = client.get(reverse("api_letters"), params)
    letter_with_copies(dispatched_letter, 300)
    with CaptureQueriesContext(connection) as many:
        large = client.get(reverse("api_letters"), params)

    assert len(many) == len(few)
    assert archived_bytes_selected(f"{reverse('api_letters')}?case={dispatched_letter.case.reference}") == []
    assert [len(item["recipients"]) for item in large.json()][1:] == [3, 300]
    assert [len(item["recipients"]) for item in small.json()][1:] == [3]
    listed = large.json()[2]["recipients"]
    assert listed[0]["name"] == "Mottaker nr. 001" and listed[0]["delivery"]["status"] == "failed"
    assert listed[299]["name"] == "Mottaker nr. 300" and listed[299]["delivery"]["status"] == "print"
    # The dispatched letter's e-mailed copies carry their PDF's hash.
    assert all(len(r["delivery"]["pdf_sha256"]) == 64 for r in large.json()[0]["recipients"])
