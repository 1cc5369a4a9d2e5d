"""The public page «Dette gjelder i …» in a real browser, without sign-in: Bærum on
15 May 2021 at 18.00, on a desktop and on a 375 px phone, with 0 WCAG 2.1 AA violations
reported by axe-core (axe-playwright-python ships axe.min.js: nothing is fetched)."""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from core.models import Organization, OrganizationKind
from regulations.models import Layer
from tests.factories import oslo
from tests.rules.conftest import decided

pytestmark = [pytest.mark.e2e, pytest.mark.once]

# WCAG 2.1 A and AA, and axe's best practices (landmarks, headings, skip link).
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(autouse=True)
def situation(transactional_db):
    """The register (Asker, Bærum, Oslo), the national rules with an advice, level B with
    Bærum placed on it until 21 May, and Bærum's own regulation."""
    from measures.catalog import catalog_load
    from measures.models import MeasureType
    from register.models import County, Municipality

    catalog_load(model=MeasureType)
    viken = County.objects.create(number="30", name="Viken", valid_from=date(2020, 1, 1))
    oslo_county = County.objects.create(number="03", name="Oslo", valid_from=date(2020, 1, 1))
    for number, name, county in (("0301", "Oslo", oslo_county), ("3024", "Bærum", viken), ("3025", "Asker", viken)):
        Municipality.objects.create(number=number, name=name, county=county, valid_from=date(2020, 1, 1))
        Organization.objects.create(
            name=f"{name} kommune", kind=OrganizationKind.MUNICIPALITY, municipality_number=number
        )
    ministry = Organization.objects.create(name="Helse- og omsorgsdepartementet", kind=OrganizationKind.MINISTRY)
    decided(
        ministry,
        layer=Layer.NATIONAL,
        title="Forskrift om smitteverntiltak mv. ved koronautbruddet",
        valid_from=oslo(2021, 1, 1),
        sections=[
            (13, [("cap", {"settings": ["events"], "max_people": 100}, False)]),
            (14, [("distance", {"settings": ["public_places"], "metres": 1}, True)]),
            (15, [("home_office", {"settings": ["workplaces"]}, False)]),
        ],
    )
    decided(
        ministry,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 1, 1),
        sections=[
            (1, [("closure", {"settings": ["gyms", "pools"], "exceptions": [{"code": "rehabilitation"}]}, False)]),
            (
                2,
                [
                    (
                        "face_mask",
                        {"settings": ["shops", "public_transport", "taxis"], "only_below_distance_m": 1},
                        False,
                    )
                ],
            ),
            (3, [("alcohol_ban", {"settings": ["restaurants"]}, False)]),
        ],
        placements=[("3024", oslo(2021, 5, 6), oslo(2021, 5, 21))],
    )
    decided(
        Organization.objects.get(municipality_number="3024"),
        valid_from=oslo(2021, 3, 1),
        sections=[
            (3, [("cap", {"settings": ["events"], "max_people": 20}, False)]),
            (4, [("cap", {"settings": ["private_homes"], "max_people": 5, "not_counted": ["household"]}, False)]),
        ],
    )


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_citizen_finds_what_applies_in_baerum_and_every_page_passes_axe(page, screenshot, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    name = "phone" if viewport else "desktop"
    page.goto("/regler/")
    expect(page.get_by_role("heading", level=1, name="Hva gjelder i din kommune?")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"public-ask-{name}")

    page.get_by_label("Kommune", exact=True).fill("Bærum (3024)")
    page.get_by_label("Dato og klokkeslett").fill("2021-05-15T18:00")
    page.get_by_role("button", name="Vis hva som gjelder").click()
    page.wait_for_url("**/regler/3024/?at=2021-05-15T18:00")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dette gjelder i Bærum kommune 15. mai 2021 kl. 18.00")
    rules = page.locator("section.rules-part")
    expect(rules.get_by_role("heading", level=3)).to_have_text(
        [
            "Arrangementer",
            "Private hjem og sammenkomster",
            "Serveringssteder",
            "Trening og fritid",
            "Arbeid",
            "Munnbind",
        ]
    )
    expect(rules).to_contain_text("Maks 20 personer.")
    expect(rules).to_contain_text("Treningssentre og svømmehaller, badeland og spa: stengt")
    expect(rules.get_by_role("link", name="lokal forskrift § 3 (PDF)")).to_have_attribute(
        "href", re.compile(r"^/regulations/versions/\d+/pdf/$")
    )
    expect(rules).to_contain_text("Brudd på reglene kan straffes med bøter eller fengsel, jf. smittevernloven § 8-1.")
    expect(page.locator("section.advice-part")).to_contain_text("Minst 1 meters avstand.")
    expect(page.locator(".next-change")).to_contain_text("Endres fra 21. mai kl. 00.00")
    assert_accessible(page)
    screenshot(page, f"public-answer-{name}")
    if viewport:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("og besøker (valgfritt)").fill("Oslo (0301)")
    page.get_by_role("button", name="Vis hva som gjelder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dette gjelder for den som bor i Bærum og er i Oslo 15. mai 2021 kl. 18.00"
    )
    assert_accessible(page)


def test_without_javascript_the_full_list_leads_to_the_answer(page_without_js):
    page = page_without_js
    page.goto("/regler/")
    page.get_by_role("link", name="Bærum", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dette gjelder i Bærum kommune nå")


def test_an_unknown_municipality_and_a_bad_instant_read_well_and_pass_axe(page):
    response = page.goto("/regler/9999/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke kommunen")
    assert_accessible(page)
    response = page.goto("/regler/3024/?at=i+går")
    assert response is not None and response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Skriv dato og klokkeslett som 15.05.2021 18:00")
    assert_accessible(page)
