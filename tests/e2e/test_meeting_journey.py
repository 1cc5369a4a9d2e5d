"""A fjernmøte in the browser: the secretary plans the meeting, puts the submitted regulation
on the agenda and sends the notice; two members vote from their own browsers; the secretary
closes the vote, records the adoption and approves the protocol, which anyone may then read."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import Role
from regulations.services import regulation_create, version_submit
from regulations.services.drafting import SectionInput
from tests.factories import member

pytestmark = [pytest.mark.e2e, pytest.mark.once]


def _message(page: Page, text: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


@pytest.fixture
def members(municipality):
    return [
        member(
            Role.COMMITTEE_MEMBER, municipality, username=u, first_name=first, last_name=last, email=f"{u}@example.no"
        )
        for u, first, last in (("anne", "Anne", "Berg"), ("bjorn", "Bjørn", "Dahl"))
    ]


@pytest.fixture
def submitted(municipality, case_officer):
    start = (timezone.localtime() + timedelta(days=1)).replace(hour=14, minute=0, second=0, microsecond=0)
    version = regulation_create(
        municipality=municipality,
        title="Forskrift om skjenkestopp i Harstad kommune",
        by=case_officer,
        valid_from=start,
        valid_until=start + timedelta(days=14),
        sections=[
            SectionInput(number=1, heading="Formål", body="Begrense spredningen av SARS-CoV-2."),
            SectionInput(number=2, heading="Skjenkestopp", body="Det er forbudt å skjenke alkohol."),
        ],
    )
    return version_submit(version=version, by=case_officer)


def test_secretary_runs_a_remote_meeting_and_two_members_vote(
    browser, live_server, page, log_in, screenshot, secretary, members, submitted
):
    starts = (timezone.localtime() - timedelta(hours=1)).replace(second=0, microsecond=0)
    log_in(page, "sekretar")
    page.get_by_role("navigation").get_by_role("link", name="Møter").click()
    page.get_by_role("link", name="Nytt møte").click()
    page.get_by_label("Organ").select_option(label="Formannskapet")
    page.get_by_label("Møtetidspunkt").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Fjernmøte (kommuneloven § 11-7)").check()
    page.get_by_role("button", name="Opprett møtet").click()
    _message(page, "Møtet er opprettet.")
    page.get_by_role("button", name="Sett forskriften på sakslisten (PS)").click()
    label = f"PS 1/{starts.year % 100:02d}"
    _message(page, f"{label} er satt på sakslisten.")
    screenshot(page, "meeting-01-agenda")
    page.get_by_role("button", name="Send innkalling").click()
    _message(page, "Innkallingen er sendt til medlemmene.")
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@example.no", "bjorn@example.no"]
    meeting_url = page.url
    assert meeting_url.endswith(mail.outbox[0].body.split("her: ")[1].strip().split(live_server.url)[-1])

    page.get_by_role("link", name=f"{label} Forskrift om skjenkestopp i Harstad kommune").click()
    item_url = page.url
    page.get_by_role("button", name="Åpne elektronisk avstemning").click()
    _message(page, "Avstemningen er åpnet.")

    for username, choice in (("anne", "For"), ("bjorn", "Blank")):
        context = browser.new_context(base_url=live_server.url, locale="nb-NO", timezone_id="Europe/Oslo")
        voter = context.new_page()
        log_in(voter, username)
        voter.get_by_role("link", name=f"{label} Forskrift om skjenkestopp i Harstad kommune").click()
        voter.get_by_label(choice, exact=True).check()
        screenshot(voter, f"meeting-02-vote-{username}")
        voter.get_by_role("button", name="Avgi stemme").click()
        _message(voter, "Stemmen din er registrert.")
        expect(voter.get_by_text(f"Du har stemt: {choice.lower()}.")).to_be_visible()
        context.close()

    page.goto(item_url)
    page.get_by_role("button", name="Avslutt avstemningen (2 stemmer avgitt)").click()
    _message(page, "Avstemningen er avsluttet: 1 for, 0 mot, 1 blanke.")
    page.get_by_label("Utfall").select_option(label="Vedtatt")
    page.get_by_role("button", name="Registrer vedtaket").click()
    _message(page, f"{label}: Vedtatt.")
    screenshot(page, "meeting-03-decided")
    submitted.refresh_from_db()
    assert submitted.status == "adopted" and submitted.votes_for == 1 and submitted.votes_abstaining == 1

    page.goto(meeting_url)
    page.get_by_role("link", name="Møteprotokoll").click()
    page.get_by_role("button", name="Godkjenn protokollen").click()
    _message(page, "Protokollen er godkjent og publisert.")
    page.get_by_role("link", name="Offentlig protokoll").click()
    public_url = page.url

    anonymous = browser.new_context(base_url=live_server.url, locale="nb-NO")
    reader = anonymous.new_page()
    reader.goto(public_url)
    expect(reader.get_by_role("heading", name="Møteprotokoll")).to_be_visible()
    expect(reader.get_by_text("Stemmer for: 1 · Stemmer mot: 0 · Blanke: 1")).to_be_visible()
    expect(reader.get_by_text("Anne Berg: for; Bjørn Dahl: blank")).to_be_visible()
    screenshot(reader, "meeting-04-public-protocol")
    anonymous.close()
