"""The dispatch progress tells the truth: made, delivered, waiting for retry and failed apart,
in plain Norwegian, polling while anything is on its way, the status badge with it."""

import contextlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, AuditKind
from letters import services
from letters.models import Channel, DeliveryStatus
from tests.letters.many import letter_with_copies

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def progress(client, letter, **headers) -> str:
    return client.get(reverse("letters:progress", args=[letter.pk]), **headers).content.decode()


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.regulations.failing_mail.Backend"


def test_a_copy_waiting_for_its_automatic_retry_says_why_in_plain_words_and_when(
    client, approved_letter, archivist, mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the worker's first attempt, below
        services.letter_dispatch(letter=approved_letter, by=archivist)
    retry_at = timezone.now() + timedelta(minutes=2)
    for delivery in approved_letter.deliveries.all():
        with contextlib.suppress(ConnectionError):
            services.delivery_deliver(
                letter_id=approved_letter.pk, recipient_id=delivery.recipient_id, retry_at=retry_at
            )

    waiting = approved_letter.deliveries.get(channel=Channel.EMAIL)
    assert waiting.status == DeliveryStatus.RETRYING
    client.force_login(archivist)
    page = progress(client, approved_letter)

    assert f"E-postserveren svarte ikke; nytt forsøk kl. {timezone.localtime(retry_at):%H.%M}" in page
    assert "3 av 3 eksemplarer laget · 2 av 3 levert · 1 venter på nytt forsøk" in page
    assert "feilet" not in page
    assert "SMTP server unreachable" not in page, "the technical text is not for the records officer"
    assert 'hx-trigger="every 2s"' in page, "a retry is still to come: the page keeps polling"
    failed = AuditEvent.objects.get(kind=AuditKind.DELIVERY, action="failed")
    assert "SMTP server unreachable" in failed.data["error"], "the audit trail keeps the technical text"


def test_an_administrator_sees_the_technical_text_beside_the_plain_words(
    client, approved_letter, archivist, mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch(letter=approved_letter, by=archivist)
    archivist.is_staff = True
    archivist.save()
    client.force_login(archivist)

    page = progress(client, approved_letter)

    assert "E-postserveren svarte ikke; ingen flere automatiske forsøk" in page
    assert "SMTP server unreachable" in page


def test_a_letter_with_every_copy_made_but_an_e_mail_failed_says_exactly_that(
    client, approved_letter, archivist, mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # every automatic retry fails too
        services.letter_dispatch(letter=approved_letter, by=archivist)
    client.force_login(archivist)

    page = progress(client, approved_letter, **HTMX)

    assert "Alle 3 eksemplarer er laget, men 1 e-post kunne ikke sendes." in page
    assert "3 av 3 eksemplarer laget · 2 av 3 levert · <strong" in page
    assert "1 feilet" in page
    assert "hx-trigger" not in page, "nothing comes by itself any more: polling stops"
    assert "Prøv igjen" in page
    assert 'id="letter-status" class="badge status-dispatched" hx-swap-oob="true">Ekspedert<' in page


def test_the_polled_fragment_updates_the_status_badge_the_full_page_has_it_once(client, dispatched_letter, archivist):
    client.force_login(archivist)

    fragment = progress(client, dispatched_letter, **HTMX)
    page = client.get(reverse("letters:detail", args=[dispatched_letter.pk])).content.decode()

    assert fragment.count('id="letter-status"') == 1 and 'hx-swap-oob="true"' in fragment
    assert page.count('id="letter-status"') == 1 and "hx-swap-oob" not in page


def _counted(client, url, **kwargs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_the_poll_sums_up_and_lists_only_the_copies_needing_action_in_the_same_queries(
    client, dispatched_letter, archivist
):
    client.force_login(archivist)
    few = letter_with_copies(dispatched_letter, 3)
    many = letter_with_copies(dispatched_letter, 120)

    small, small_queries = _counted(client, reverse("letters:progress", args=[few.pk]), **HTMX)
    large, large_queries = _counted(client, reverse("letters:progress", args=[many.pk]), **HTMX)

    assert large_queries == small_queries
    assert "1 av 120 eksemplarer" not in large and "av 120 levert" in large
    assert "Eksemplarer som trenger oppfølging" in large and "Mottaker nr. 001" in large
    assert "ingen flere automatiske forsøk" in large and "Prøv igjen" in large
    # The copies that went out are on the letter's page, not in every poll.
    assert "Mottaker nr. 002" not in large and "Mottaker nr. 120" not in large
    assert len(large) < len(small) + 200


def test_the_letters_page_lists_its_copies_fifty_a_page_in_the_same_queries(client, dispatched_letter, archivist):
    client.force_login(archivist)
    few = letter_with_copies(dispatched_letter, 3)
    many = letter_with_copies(dispatched_letter, 120)

    _small, small_queries = _counted(client, reverse("letters:detail", args=[few.pk]))
    first, first_queries = _counted(client, reverse("letters:detail", args=[many.pk]))
    last, last_queries = _counted(client, reverse("letters:detail", args=[many.pk]), data={"page": 3})

    assert first_queries == last_queries
    assert "Side 1 av 3" in first and "Mottaker nr. 050" in first and "Mottaker nr. 051" not in first
    assert 'href="?page=2#deliveries">Neste<' in first
    assert "Side 3 av 3" in last and "Mottaker nr. 120" in last and "Mottaker nr. 100" not in last
    assert "Side 1 av" not in _small
    # The recipients beside the letter page the same way.
    assert "120 mottakere · Side 1 av 3" in first
    later, later_queries = _counted(client, reverse("letters:detail", args=[many.pk]), data={"recipients_page": 2})
    assert later_queries == first_queries and "Mottaker nr. 051" in later and "Mottaker nr. 101" not in later
    # A page that does not exist: the last page; a page that is no number: the first.
    beyond, _ = _counted(client, reverse("letters:detail", args=[many.pk]), data={"page": "99"})
    typo, _ = _counted(client, reverse("letters:detail", args=[many.pk]), data={"page": "2x"})
    assert "Side 3 av 3" in beyond and "Side 1 av 3" in typo
    assert small_queries == first_queries
