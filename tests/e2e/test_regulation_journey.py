"""A regulation's life in the browser, as the people in the municipality live it.

The saksbehandler drafts and submits; the formannskap's secretary records the adoption
and downloads the archival PDF; later the saksbehandler starts an amendment and compares.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from core.models import Role
from tests.factories import member

pytestmark = [pytest.mark.e2e, pytest.mark.once]

TITLE = "Forskrift om skjenkestopp og smitteverntiltak i Harstad kommune"
SECTIONS = [
    ("Formål", "Formålet med forskriften er å begrense spredningen av SARS-CoV-2 i Harstad."),
    ("Virkeområde", "Forskriften gjelder for alle serveringssteder med skjenkebevilling i Harstad kommune."),
    ("Skjenkestopp", "Det er forbudt å skjenke alkohol på serveringssteder med skjenkebevilling."),
]


def _section_forms(page: Page):
    return page.locator("fieldset.section-form")


def _expect_headings(page: Page, headings: list[str]) -> None:
    forms = _section_forms(page)
    expect(forms).to_have_count(len(headings))
    for i, heading in enumerate(headings):
        expect(forms.nth(i).get_by_label("Overskrift")).to_have_value(heading)


def _message(page: Page, text: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


def _card(page: Page, heading: str):
    return page.locator("section.card", has=page.get_by_role("heading", name=heading, exact=True))


def _pdf_text(path: Path) -> str:
    """The PDF's text with all runs of whitespace (line breaks too) made single spaces."""
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_case_officer_drafts_secretary_adopts_and_the_archival_pdf_holds_the_text(
    page, log_in, log_out, screenshot, screens_dir, municipality, case_officer, secretary
):
    until = (timezone.localtime() + timedelta(days=30)).replace(hour=23, minute=59)

    # The saksbehandler signs in and creates the draft.
    page.goto("/accounts/login/")
    screenshot(page, "01-login")
    log_in(page, "saksbehandler")
    expect(page.get_by_role("heading", name="Dette trenger din oppmerksomhet")).to_be_visible()
    screenshot(page, "02-dashboard-saksbehandler")

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Forskrifter").click()
    expect(page.get_by_role("heading", name="Forskrifter", exact=True)).to_be_visible()
    screenshot(page, "03-list-empty")
    page.get_by_role("link", name="Ny forskrift").click()
    expect(page.get_by_role("heading", name="Ny forskrift")).to_be_visible()
    page.get_by_label(re.compile(r"^Tittel")).fill(TITLE)
    page.get_by_label("Gjelder fra").fill("2021-03-03T14:00")
    page.get_by_label("Gjelder til og med").fill(until.strftime("%Y-%m-%dT%H:%M"))
    screenshot(page, "04-create-form")
    page.get_by_role("button", name="Opprett utkast").click()

    page.wait_for_url(re.compile(r"/regulations/versions/\d+/edit/$"))
    _message(page, "Utkastet er opprettet i sak")
    _expect_headings(page, ["Formål", "Virkeområde", "Ikrafttredelse og varighet"])
    in_force = _section_forms(page).nth(2).get_by_label("Tekst")
    expect(in_force).to_have_value(re.compile(r"trer i kraft 3\. mars 2021 kl\. 14\.00"))
    expect(in_force).not_to_have_value(re.compile(r"\[fyll inn\]"))
    screenshot(page, "05-editor-new-draft")

    # Own text in § 1 and § 2, a new § 4 «Skjenkestopp», and the default § 3 removed.
    for i in (0, 1):
        _section_forms(page).nth(i).get_by_label("Tekst").fill(SECTIONS[i][1])
    page.get_by_role("button", name="Legg til paragraf").click()
    _message(page, "§ 4 er lagt til.")
    _expect_headings(page, ["Formål", "Virkeområde", "Ikrafttredelse og varighet", "Ny paragraf"])
    expect(_section_forms(page).nth(0).get_by_label("Tekst")).to_have_value(SECTIONS[0][1])
    new = _section_forms(page).nth(3)
    expect(new.get_by_label("Tekst")).to_have_value("[fyll inn]")
    new.get_by_label("Overskrift").fill(SECTIONS[2][0])
    new.get_by_label("Tekst").fill(SECTIONS[2][1])
    page.once("dialog", lambda dialog: dialog.accept())  # «Fjerne § 3 fra utkastet?»
    _section_forms(page).nth(2).get_by_role("button", name=re.compile(r"^Fjern § ")).click()
    _message(page, "§ 3 er fjernet.")
    _expect_headings(page, [heading for heading, _body in SECTIONS])
    for i, (_heading, body) in enumerate(SECTIONS):
        expect(_section_forms(page).nth(i).get_by_label("Tekst")).to_have_value(body)
        expect(_section_forms(page).nth(i).get_by_label("§-nummer")).to_have_value(str(i + 1))
    screenshot(page, "06-editor")
    page.get_by_role("button", name="Lagre og vis").click()

    page.wait_for_url(re.compile(r"/regulations/versions/\d+/$"))
    version_url = page.url
    document = page.locator("section.document")
    for i, (heading, body) in enumerate(SECTIONS, start=1):
        expect(document.get_by_role("heading", name=f"§ {i}. {heading}")).to_be_visible()
        expect(document).to_contain_text(body)
    expect(page.get_by_text("Utkast", exact=True)).to_be_visible()
    screenshot(page, "07-version-draft")

    # While it is a draft the regulation page has no text in force, and the history tells who wrote what.
    page.locator(".crumbs").get_by_role("link", name=TITLE).click()
    expect(_card(page, "Gjeldende tekst")).to_contain_text("Ingen versjon av forskriften er i kraft nå.")
    screenshot(page, "07b-regulation-detail-draft")
    page.get_by_role("link", name="Historikk").click()
    expect(page.get_by_role("heading", name="Historikk")).to_be_visible()
    expect(page.locator("section.card").filter(has_text="§ 3 er fjernet.").first).to_be_visible()
    screenshot(page, "07c-history-draft")
    page.goto(version_url)
    page.get_by_role("button", name="Legg fram for politisk behandling").click()
    _message(page, "Lagt fram for politisk behandling")
    expect(page.locator(".heading-row")).to_contain_text("Lagt fram for politisk behandling")
    expect(page.get_by_role("link", name="Rediger utkast")).to_have_count(0)
    screenshot(page, "08-version-submitted")
    log_out(page)

    # The secretary finds it on the dashboard and records the formannskap's decision.
    log_in(page, "sekretar")
    proposals = _card(page, "Til politisk behandling")
    screenshot(page, "09-dashboard-sekretar")
    proposals.get_by_role("link", name=TITLE).click()
    page.wait_for_url(version_url)
    screenshot(page, "10-version-submitted-sekretar")
    page.get_by_role("link", name="Registrer vedtak").click()
    expect(page.get_by_role("heading", name="Registrer vedtak")).to_be_visible()
    page.get_by_label("Vedtaksorgan").select_option(label="Formannskapet")
    page.get_by_label("Møtedato").fill("2021-03-03")
    page.get_by_label("Saksnummer i møtet").fill("12/21")
    page.get_by_label("Stemmer for").fill("9")
    page.get_by_label("Stemmer mot").fill("2")
    page.get_by_label("Avstående").fill("0")
    page.get_by_label("Vedtakstekst").fill("Formannskapet vedtar forskriften som lagt fram.")
    screenshot(page, "11-adoption-form")
    page.get_by_role("button", name="Registrer vedtak").click()

    page.wait_for_url(version_url)
    _message(page, "Vedtaket er registrert.")
    expect(page.get_by_text("Vedtatt", exact=True)).to_be_visible()
    facts = page.locator("aside")
    expect(facts).to_contain_text("Formannskapet")
    expect(facts).to_contain_text("9 for, 2 mot, 0 avstående")
    expect(facts).to_contain_text("PDF-ens SHA-256")
    expect(page.get_by_role("button", name="Legg fram for politisk behandling")).to_have_count(0)
    screenshot(page, "12-version-adopted")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned PDF").click()
    download = download_info.value
    assert re.fullmatch(r"forskrift-\d+-v1\.pdf", download.suggested_filename)
    download.save_as(screens_dir / "forskrift-v1.pdf")
    text = _pdf_text(Path(download.path()))
    assert TITLE in text
    for heading, _body in SECTIONS:
        assert heading in text
    assert "Ikrafttredelse og varighet" not in text
    assert "UTKAST" not in text

    # The regulation page shows the text in force.
    page.locator(".crumbs").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    current = _card(page, "Gjeldende tekst")
    expect(current).to_contain_text("I kraft")
    expect(current.get_by_role("heading", name="§ 3. Skjenkestopp")).to_be_visible()
    screenshot(page, "13-regulation-detail-sekretar")
    log_out(page)

    # Later the saksbehandler starts an amendment and compares it with the adopted text.
    log_in(page, "saksbehandler")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Forskrifter").click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    screenshot(page, "14-list")
    page.get_by_role("link", name=TITLE).click()
    screenshot(page, "15-regulation-detail")
    page.get_by_role("button", name="Endre", exact=True).click()
    page.wait_for_url(re.compile(r"/regulations/versions/\d+/edit/$"))
    _message(page, "versjon 2")
    _expect_headings(page, [heading for heading, _body in SECTIONS])
    _section_forms(page).nth(2).get_by_label("Tekst").fill(
        "Det er forbudt å skjenke alkohol etter kl. 22.00 på serveringssteder med skjenkebevilling."
    )
    screenshot(page, "16-editor-amendment")
    page.get_by_role("button", name="Lagre og vis").click()
    page.wait_for_url(re.compile(r"/regulations/versions/\d+/$"))
    expect(page.locator("section.document")).to_contain_text("etter kl. 22.00")

    page.locator(".crumbs").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Sammenlign versjoner").click()
    expect(page.get_by_role("heading", name="Sammenlign versjoner")).to_be_visible()
    expect(page.get_by_text("1 paragraf er endret.")).to_be_visible()
    expect(page.locator(".cmp-changed")).to_contain_text("Skjenkestopp")
    screenshot(page, "17-compare")


def test_a_draft_is_invisible_to_another_municipality(page, log_in, screenshot, draft, other_municipality):
    member(Role.CASE_OFFICER, other_municipality, username="baerum")
    log_in(page, "baerum")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Forskrifter").click()
    expect(page.get_by_role("heading", name="Forskrifter", exact=True)).to_be_visible()
    expect(page.get_by_text("Ingen forskrifter ennå.")).to_be_visible()
    expect(page.get_by_role("link", name=draft.regulation.title)).to_have_count(0)
    screenshot(page, "20-list-other-municipality")

    for url in (f"/regulations/versions/{draft.pk}/", f"/regulations/{draft.regulation_id}/"):
        response = page.goto(url)
        assert response.status == 404
        expect(page.get_by_role("heading", name="Fant ikke siden")).to_be_visible()
        expect(page.get_by_text(draft.regulation.title)).to_have_count(0)
    screenshot(page, "21-not-found")


def test_the_secretary_records_an_adoption_without_javascript(
    page_without_js, log_in, log_out, screenshot, draft, case_officer, secretary
):
    from regulations.services import version_submit

    version_submit(version=draft, by=case_officer)
    page = page_without_js
    log_in(page, "sekretar")
    _card(page, "Til politisk behandling").get_by_role("link", name=draft.regulation.title).click()
    page.get_by_role("link", name="Registrer vedtak").click()
    page.get_by_label("Møtedato").fill("2021-03-02")
    page.get_by_label("Stemmer for").fill("7")
    page.get_by_label("Stemmer mot").fill("0")
    screenshot(page, "30-adoption-form-no-js")
    page.get_by_role("button", name="Registrer vedtak").click()

    page.wait_for_url(re.compile(rf"/regulations/versions/{draft.pk}/$"))
    _message(page, "Vedtaket er registrert.")
    expect(page.get_by_text("Vedtatt", exact=True)).to_be_visible()
    expect(page.locator("aside")).to_contain_text("7 for, 0 mot")
    screenshot(page, "31-version-adopted-no-js")
    log_out(page)


def test_history_shows_the_adoption_after_the_archival_pdf_is_made(page, log_in, screenshot, adopted):
    log_in(page, "saksbehandler")
    response = page.goto(f"/regulations/{adopted.regulation_id}/history/")
    screenshot(page, "18-history-after-adoption")
    assert response.status == 200, f"the history page answered {response.status}"
    expect(page.get_by_role("heading", name="Historikk")).to_be_visible()
    expect(page.locator("section.card", has=page.get_by_role("heading", name="Vedtatt")).first).to_be_visible()
    expect(page.locator("section.card").filter(has_text="Arkiv-PDF lagret").first).to_contain_text("systemet")
