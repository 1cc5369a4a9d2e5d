"""A week's risk assessment in the browser: the medical officer enters the figures, sees the
levels, sets the overall level, recommends a rule, approves and generates the draft regulation."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.once]


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """The reference data the migrations load, put back (tests/e2e/conftest.py)."""


def _row(page: Page, label: str):
    return page.locator("table.indicators tr", has=page.get_by_role("cell", name=label, exact=True))


def test_medical_officer_enters_figures_sets_level_and_generates_the_draft_regulation(
    page, log_in, screenshot, municipality, medical_officer
):
    log_in(page, "kommuneoverlege")
    page.goto("/assessments/")
    expect(page.get_by_role("heading", name="Risikovurderinger")).to_be_visible()
    page.get_by_role("link", name="Ny risikovurdering").click()
    page.get_by_label("Dato").fill("2021-03-03")
    page.get_by_role("button", name="Opprett vurdering").click()

    # The figures of section E of the Harstad assessment; R is entered with a decimal comma.
    page.wait_for_url(re.compile(r"/assessments/\d+/indicators/$"))
    page.get_by_label("Nye tilfeller siste 14 dager").fill("28")
    page.get_by_label("Innbyggertall").fill("24845")
    page.get_by_label("Testede siste 14 dager").fill("1555")
    page.get_by_label("Positive siste 14 dager").fill("1600")
    page.get_by_label("Reproduksjonstall R").fill("1,2")
    page.get_by_label("Kilde for R").select_option("national")
    page.get_by_label("Nye innleggelser siste 14 dager").fill("1")
    page.get_by_label("Kommuner i fylket over insidensgrensen").fill("2")
    page.get_by_label("Kommuner i fylket", exact=True).fill("39")
    page.get_by_role("button", name="Beregn og lagre").click()
    expect(page.get_by_role("alert")).to_contain_text("Antall positive kan ikke være større enn antall testede.")
    page.get_by_label("Positive siste 14 dager").fill("28")
    page.get_by_role("button", name="Beregn og lagre").click()

    # The level page shows each value with its level and the suggestion.
    page.wait_for_url(re.compile(r"/assessments/\d+/level/$"))
    expect(_row(page, "14-dagers insidens per 100 000 innbyggere")).to_contain_text("112,7")
    expect(_row(page, "14-dagers insidens per 100 000 innbyggere")).to_contain_text("N2")
    expect(_row(page, "Reproduksjonstallet R")).to_contain_text("N3")
    expect(_row(page, "Nye innleggelser per 100 000 siste 14 dager")).to_contain_text("N1")
    expect(page.get_by_text("Foreslått ut fra indikatorene: Risikonivå 2 (Kontroll med klynger)")).to_be_visible()
    page.get_by_label("Samlet risikonivå").select_option("3")
    page.get_by_role("button", name="Sett risikonivå").click()
    expect(page.get_by_role("alert")).to_contain_text("avviker fra det foreslåtte nivået 2")
    page.get_by_label("Samlet risikonivå").select_option("2")
    page.get_by_label("Begrunnelse").fill("Økende spredning, helt i grenseland til risikonivå 3.")
    page.get_by_role("button", name="Sett risikonivå").click()

    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    expect(page.get_by_text("Risikonivå 2 (Kontroll med klynger)").first).to_be_visible()
    page.get_by_role("link", name="Rediger tekst").click()
    page.get_by_label("B. Dagens epidemiologiske situasjon").fill(
        "Utbrudd knyttet til et treningssenter.\n\n25 tilfeller."
    )
    page.get_by_role("button", name="Lagre tekst").click()

    # One recommended rule from the measure catalog.
    page.get_by_role("link", name="Anbefal tiltak").click()
    # Choosing the type swaps in its fields (htmx) and names the recommendation after it.
    page.get_by_label("Tiltakstype").select_option(label="Skjenkestopp")
    expect(page.get_by_label("Serveringssteder")).to_be_checked()
    expect(page.get_by_label("Overskrift")).to_have_value("Skjenkestopp")
    page.get_by_label("Skjenkestopp fra klokken").fill("22.00")
    page.get_by_label("Tekst i forskriften").fill(
        "Serveringssteder som har skjenkebevilling skal ikke utøve skjenkebevillingen."
    )
    page.get_by_label("FHIs tiltakspakke for").select_option("4")
    page.get_by_label("Tilsvarer covid-19-forskriften").select_option("5C")
    page.get_by_label("Begrunnelse").fill("Flere er smittet på serveringssteder der det er servert mat og alkohol.")
    page.get_by_role("button", name="Legg til tiltak").click()
    expect(page.locator("ol.recommendations")).to_contain_text("Skjenkestopp")
    expect(page.locator("svg.trend-chart")).to_be_visible()

    page.get_by_role("button", name="Send til godkjenning").click()
    expect(page.get_by_role("status")).to_contain_text("Vurderingen er sendt til godkjenning.")
    page.get_by_role("button", name="Godkjenn").click()
    expect(page.locator(".heading-row .badge")).to_have_text("Godkjent")
    screenshot(page, "assessment-approved")

    page.get_by_role("button", name="Lag forskriftsutkast").click()
    page.wait_for_url(re.compile(r"/regulations/versions/\d+/$"))
    expect(page.get_by_role("heading", name="Forskrift om smitteverntiltak i Harstad kommune")).to_be_visible()
    for heading in (
        "§ 1. Formål",
        "§ 2. Virkeområde",
        "§ 3. Skjenkestopp",
        "§ 4. Ansvar",
        "§ 5. Ikrafttredelse og varighet",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    measures = page.locator("#s3 + .section-measures")
    expect(measures).to_contain_text("Påbud/forbud Skjenkestopp — Serveringssteder; Skjenkestopp fra klokken: 22.00")

    # One more measure in § 3, in one step from the section: the type's fields come with htmx.
    measures.get_by_text("Legg til tiltak i § 3").click()
    measures.get_by_label("Tiltakstype").select_option(label="Stengetid")
    measures.get_by_label("Serveringssteder").check()
    measures.get_by_label("Stengt fra klokken").fill("25.00")
    measures.get_by_role("button", name="Legg til tiltak i § 3").click()
    expect(page.locator("#s3 + .section-measures")).to_contain_text(
        "«Stengt fra klokken» må være et klokkeslett, for eksempel 22.00."
    )
    measures = page.locator("#s3 + .section-measures")
    measures.get_by_label("Stengt fra klokken").fill("23.00")
    measures.get_by_role("button", name="Legg til tiltak i § 3").click()
    expect(page.get_by_role("status")).to_contain_text("Tiltaket er lagt til i § 3.")
    expect(page.locator("#s3 + .section-measures")).to_contain_text(
        "Stengetid — Serveringssteder; Stengt fra klokken: 23.00"
    )
    screenshot(page, "assessment-draft-regulation")


def test_the_harstad_demo_assessment_shows_the_seed_figures_trend_and_regulation(page, log_in, screenshot, screens_dir):
    import assessments.demo
    import core.demo
    import regulations.demo

    for seeder in (core.demo.seed, regulations.demo.seed, assessments.demo.seed):
        seeder(log=lambda message: None)
    from assessments.models import Assessment

    week9 = Assessment.objects.get(iso_year=2021, iso_week=9)
    log_in(page, "formannskap", "demo")
    page.goto(f"/assessments/{week9.pk}/")
    expect(
        page.get_by_role("heading", name="Risiko- og tiltaksvurdering for Harstad kommune – uke 9 2021")
    ).to_be_visible()
    expect(_row(page, "Andel kommuner i fylket over insidensgrensen (%)")).to_contain_text("2/39")
    expect(page.locator("svg.trend-chart text.week")).to_have_text([f"uke {week} 2021" for week in range(5, 10)])
    expect(page.get_by_role("link", name="Forskrift om smitteverntiltak i Harstad kommune")).to_be_visible()
    expect(page.locator("ol.recommendations > li")).to_have_count(9)
    expect(page.get_by_role("button", name="Lag forskriftsutkast")).to_have_count(0)
    screenshot(page, "assessment-harstad-week9")
    page.set_viewport_size({"width": 1280, "height": 1300})
    page.screenshot(path=str(screens_dir / "assessment-harstad-week9-top.png"))
