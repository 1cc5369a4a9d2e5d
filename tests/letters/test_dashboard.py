"""The overview's letter work lists: the approver whose turn it is, the records officer's
letters to dispatch and failed copies, the case officer's drafts; nothing for others."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters import services

pytestmark = pytest.mark.django_db


def _overview(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("core:dashboard")).content.decode()
    return page, len(ctx.captured_queries)


def test_each_role_finds_the_letters_that_await_it(
    client,
    draft_letter,
    officer,
    consultant,
    director,
    archivist,
    baerum_user,
    settings,
    django_capture_on_commit_callbacks,
):
    title = draft_letter.title
    page, _ = _overview(client, officer)
    assert "Mine brevutkast" in page and title in page
    page, _ = _overview(client, consultant)
    assert "Ingen brev venter på din godkjenning." in page and title not in page

    services.letter_submit(letter=draft_letter, by=officer)
    page, _ = _overview(client, consultant)  # first in the chain
    assert "Brev til godkjenning hos deg" in page and title in page
    page, _ = _overview(client, director)  # not yet their turn
    assert title not in page

    services.letter_approve(letter=draft_letter, by=consultant)
    page, _ = _overview(client, consultant)
    assert title not in page
    page, _ = _overview(client, director)
    assert title in page

    services.letter_approve(letter=draft_letter, by=director)
    page, _ = _overview(client, archivist)
    assert "Brev som skal ekspederes" in page and title in page
    page, _ = _overview(client, officer)
    assert title not in page

    settings.EMAIL_BACKEND = "tests.regulations.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch(letter=draft_letter, by=archivist)
    page, _ = _overview(client, archivist)
    assert "Ekspedering med kopier som feilet" in page and title in page
    assert "Ingen godkjente brev venter på ekspedering." in page

    # A recipient municipality's case officer has no letter card of the directorate's.
    page, _ = _overview(client, baerum_user)
    assert title not in page and "Brev til godkjenning hos deg" not in page and "Brev som skal ekspederes" not in page


def test_the_records_officers_overview_reads_a_fixed_number_of_queries(
    client, draft_letter, officer, consultant, director, archivist, baerum
):
    from tests.letters.conftest import TITLE

    services.letter_submit(letter=draft_letter, by=officer)
    services.letter_approve(letter=draft_letter, by=consultant)
    services.letter_approve(letter=draft_letter, by=director)
    one, few = _overview(client, archivist)
    for n in range(3):
        letter = services.letter_create(
            organization=draft_letter.sender, by=officer, title=f"Brev {n}", body="<p>Tekst.</p>", case_title="Sak"
        )
        services.recipient_add(letter=letter, by=officer, data=services.RecipientInput(organization=baerum))
        services.signatory_add(letter=letter, by=officer, name="Johan Georg Røstad Torgersen", title="direktør")
        services.approver_add(letter=letter, by=officer, user=director)
        services.letter_submit(letter=letter, by=officer)
        services.letter_approve(letter=letter, by=director)
    four, many = _overview(client, archivist)
    assert TITLE in one and all(f"Brev {n}" in four for n in range(3))
    assert many == few
