"""A directorate letter in the browser: drafted, approved by two approvers in order, dispatched,
and read by the municipality it was sent to."""

import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.letters.conftest import (
    archivist,
    asker,
    baerum,
    baerum_user,
    consultant,
    director,
    directorate,
    officer,
)

pytestmark = [pytest.mark.e2e, pytest.mark.once]

TITLE = "Brev til Bærum kommune om smitteverntiltak i bo- og arbeidsregionen"


def _message(page: Page, text: str) -> None:
    expect(page.get_by_role("status").first).to_contain_text(text)


def _form(page: Page, action_suffix: str):
    return page.locator(f"form[action$='{action_suffix}']")


def _approve_as(page: Page, log_in, log_out, username: str, letter_url: str, expected: str) -> None:
    log_in(page, username)
    page.goto(letter_url)
    page.get_by_role("button", name="Godkjenn", exact=True).click()
    _message(page, expected)
    log_out(page)


def test_letter_is_drafted_approved_in_order_dispatched_and_read_by_the_municipality(
    page,
    log_in,
    log_out,
    screenshot,
    screens_dir,
    directorate,
    officer,
    consultant,
    director,
    archivist,
    baerum,
    asker,
    baerum_user,
):
    # The case officer drafts the letter in a new case.
    log_in(page, "brevsaksbehandler")
    page.goto("/letters/new/")
    page.get_by_label("Tittel *", exact=True).fill(TITLE)
    page.get_by_label("Sakstittel for ny sak").fill("Covid-19 i Oslo-regionen")
    page.get_by_role("button", name="Opprett utkast").click()
    page.get_by_label("Tekst").fill(
        "<p>Helsedirektoratet ber Bærum kommune vurdere tiltakene på nytt.</p><script>alert(1)</script>"
    )
    page.get_by_role("button", name="Lagre").click()
    _message(page, "Brevet er lagret.")
    letter_url = page.url
    assert re.search(r"/letters/\d+/$", letter_url)

    # The registry is searched as one types; the matches come as radio buttons.
    recipient = _form(page, "/recipients/add/")
    recipient.get_by_label("Søk i registeret").press_sequentially("bæ", delay=50)
    expect(recipient.locator("#recipient-results")).to_contain_text("1 treff.")
    recipient.get_by_role("group", name="Fra registeret").get_by_role("radio", name="Bærum kommune (3024)").check()
    screenshot(page, "letter-00-recipient-picker")
    recipient.get_by_role("button", name="Legg til mottaker").click()
    _message(page, "Bærum kommune er lagt til.")
    signatory = _form(page, "/signatories/add/")
    signatory.get_by_label("Navn").fill("Johan Georg Røstad Torgersen")
    signatory.get_by_label("Tittel").fill("direktør")
    signatory.get_by_label("e.f. (etter fullmakt)").check()
    signatory.get_by_role("button", name="Legg til underskriver").click()
    for search, name in (
        ("iver", "Jon Hilmar Iversen (konsulent)"),
        ("torg", "Johan Georg Røstad Torgersen (direktor)"),
    ):
        approver = _form(page, "/approvers/add/")
        approver.get_by_label("Søk etter godkjenner").fill(search)
        expect(approver.locator("#approver-results")).to_contain_text("1 treff.")
        approver.get_by_role("group", name="Godkjenner").get_by_role("radio", name=name, exact=True).check()
        approver.get_by_role("button", name="Legg til godkjenner").click()
        _message(page, "Godkjenneren er lagt til")
    page.get_by_role("button", name="Send til godkjenning").click()
    expect(page.locator(".badge").first).to_have_text("Til godkjenning")
    screenshot(page, "letter-01-submitted")
    log_out(page)

    # The director may not approve before the consultant.
    log_in(page, "direktor")
    page.goto(letter_url)
    expect(page.get_by_role("button", name="Godkjenn", exact=True)).to_have_count(0)
    log_out(page)

    _approve_as(page, log_in, log_out, "konsulent", letter_url, "Din godkjenning er registrert")
    _approve_as(page, log_in, log_out, "direktor", letter_url, "Brevet er godkjent.")

    # The records officer dispatches; the progress shows N av M.
    log_in(page, "arkivar")
    page.goto(letter_url)
    expect(page.get_by_text("Dokumentet er godkjent elektronisk")).to_be_visible()
    page.get_by_role("button", name="Ekspeder").click()
    _message(page, "Ekspederingen er startet.")
    page.goto(letter_url)
    expect(page.locator(".progress-line")).to_contain_text("1 av 1 eksemplarer laget")
    expect(page.locator(".badge").first).to_have_text("Ekspedert")
    screenshot(page, "letter-02-dispatched")
    log_out(page)

    # Bærum kommune sees the letter and its own copy, with its own address.
    log_in(page, "baerum_saksbehandler")
    page.goto("/letters/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    with page.expect_download() as download_info:
        page.goto(page.url)  # the list of copies is rendered on the page
        page.get_by_role("link", name="PDF", exact=True).evaluate("a => a.setAttribute('download', '')")
        page.get_by_role("link", name="PDF", exact=True).click()
    path = screens_dir / "letter-baerum.pdf"
    download_info.value.save_as(path)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "BÆRUM KOMMUNE" in text and "Postboks 700" in text and "1304 SANDVIKA" in text
    assert "Dokumentet er godkjent elektronisk" in text
    assert "alert(1)" not in text
    screenshot(page, "letter-03-municipality")


def test_without_javascript_the_registry_is_searched_by_a_plain_form(
    page_without_js, log_in, directorate, officer, baerum, asker
):
    from letters import services
    from tests.factories import oslo

    letter = services.letter_create(
        organization=directorate, by=officer, title=TITLE, case_title="Covid-19", now=oslo(2021, 3, 1)
    )
    page = page_without_js
    log_in(page, "brevsaksbehandler")
    page.goto(f"/letters/{letter.pk}/")
    recipient = _form(page, "/recipients/add/")
    recipient.get_by_label("Søk i registeret").fill("asker")
    recipient.get_by_label("Søk i registeret").press("Enter")
    page.wait_for_url(re.compile(r"recipient-q=asker"))
    expect(recipient.locator("#recipient-results")).to_contain_text("1 treff.")
    expect(recipient.get_by_role("radio")).to_have_count(1)
    recipient.get_by_role("radio", name="Asker kommune (3025)").check()
    recipient.get_by_role("button", name="Legg til mottaker").click()
    _message(page, "Asker kommune er lagt til.")
    assert list(letter.recipients.values_list("name", flat=True)) == ["Asker kommune"]
