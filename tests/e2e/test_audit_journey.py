"""The auditor's journey: from the organization's trail to one regulation's story and an export."""

import csv
import io

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.once]

REGULATION_TITLE = "Forskrift om smitteverntiltak i Harstad kommune"


@pytest.fixture
def demo_trail(reference_data):
    """seed_demo's data, made through the services, so the trail is recorded as it happens,
    after the reference data that migrations load is put back (tests/e2e/conftest.py)."""
    import assessments.demo
    import core.demo
    import regulations.demo

    for seeder in (core.demo.seed, regulations.demo.seed, assessments.demo.seed):
        seeder(log=lambda message: None)


def test_auditor_filters_to_the_harstad_regulation_reads_its_adoption_and_downloads_the_csv(
    page, log_in, screenshot, screens_dir, demo_trail
):
    log_in(page, "revisor", "demo")
    page.goto("/audit/")
    expect(page.get_by_role("heading", name="Revisjonsspor")).to_be_visible()

    page.get_by_label("Type objekt").select_option(label="Forskrift")
    page.get_by_label("Fritekst").fill(REGULATION_TITLE)
    page.get_by_role("button", name="Filtrer").click()
    rows = page.locator("table.history tbody tr")
    expect(rows.first).to_contain_text(REGULATION_TITLE)
    screenshot(page, "audit-01-timeline-filtered")

    page.get_by_role("link", name=REGULATION_TITLE).first.click()
    expect(page.get_by_role("heading", name=f"Historikk: {REGULATION_TITLE}")).to_be_visible()
    adoption = page.locator("section.card", has=page.get_by_role("heading", name="Vedtatt"))
    expect(adoption.first).to_contain_text("formannskap")
    expect(adoption.first).to_contain_text("9 for, 0 mot, 0 avstående")
    expect(page.locator("table.compare ins").first).to_be_visible()
    screenshot(page, "audit-02-story")

    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned CSV").click()
    path = screens_dir / "audit-export.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert any(r["action"] == "adopt" and r["subject"] == REGULATION_TITLE for r in rows)
    assert all(r["subject_type"] == "regulations.regulation" for r in rows)
