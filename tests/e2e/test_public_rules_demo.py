"""The public page «Dette gjelder i …» on the demo data (`seed_demo`), in a real browser: Bærum
on 15 May 2021 at 18.00 (national baseline and tiltaksnivå B) and Harstad on 5 March 2021 at
12.00 (its own regulation of 3 March). Every line shown, rules and advice, is checked against
its source: its link opens a decided version's archived PDF, that version is in force at the
instant and holds the § the line names, and the resolver (`rules.selectors.effective_rules`)
has a rule from that version whose summary is the line's text.

Like every browser test it runs once, in the SQLite run (`once`): what it checks is the pages,
and the same reads are tested on both databases below the browser."""

import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from core.formats import parse_instant
from measures.resolve import RuleInForce
from register.selectors import municipality_get
from regulations.models import EFFECTIVE_STATUSES, Layer, RegulationVersion
from regulations.selectors import versions_in_force_during
from rules.selectors import INSTANT, effective_rules

pytestmark = [pytest.mark.e2e, pytest.mark.once]

PDF_HREF = re.compile(r"^/regulations/versions/(\d+)/pdf/$")
SECTION_IN_LABEL = re.compile(r"§ (\d+)$")


@pytest.fixture(autouse=True)
def demo(reference_data):
    """The demo data, after the reference data the migrations load (the measure catalog, the
    default threshold tables; tests/e2e/conftest.py): an earlier transactional test's flush
    removed it."""
    call_command("seed_demo", stdout=io.StringIO())


@dataclass
class ShownLine:
    part: str  # "rules" or "advice"
    group: str
    text: str
    source_label: str
    href: str


def shown_lines(page: Page) -> list[ShownLine]:
    """Every line of the rules and of the advice, as the browser shows it."""
    lines = []
    for part, selector in (("rules", "section.rules-part"), ("advice", "section.advice-part")):
        for group in page.locator(f"{selector} .rule-group").all():
            heading = group.get_by_role("heading", level=3).inner_text()
            for item in group.locator("li").all():
                link = item.locator(".source a")
                expect(link).to_have_count(1)
                lines.append(
                    ShownLine(
                        part=part,
                        group=heading,
                        text=item.locator(".line").inner_text().strip(),
                        source_label=re.sub(r"\s*\(PDF\)$", "", link.inner_text().strip()),
                        href=link.get_attribute("href") or "",
                    )
                )
    return lines


def _sentence(summary: str, *, capital: bool) -> str:
    text = summary[:1].upper() + summary[1:] if capital else summary
    return text if text.endswith((".", "!", "?")) else text + "."


def says(line: ShownLine, rule: RuleInForce) -> bool:
    """Whether the line is the rule's summary: «Summary.» under a heading naming the setting,
    or «Settings: summary.» whose settings include the rule's. A school level's stages from one
    source share a line: «Gult nivå i barnehage, barneskole og …»."""
    if rule.code == "traffic_light":
        level, stage = str(rule.parameter("level").label), str(rule.qualifiers["stages"].label)
        return line.text.casefold().startswith(f"{level} i ".casefold()) and stage in line.text
    if line.text == _sentence(rule.summary, capital=True):
        return True
    prefix, _sep, rest = line.text.partition(": ")
    return rest == _sentence(rule.summary, capital=False) and str(rule.setting.label).casefold() in prefix.casefold()


def check_against_sources(page: Page, *, number: str, at_text: str) -> list[ShownLine]:
    at = parse_instant(at_text)
    answer = effective_rules(municipality=municipality_get(number), at=at)
    in_force = set(versions_in_force_during(at, at + INSTANT).values_list("pk", flat=True))
    lines = shown_lines(page)
    assert lines, "the page shows no rules"
    pdfs: dict[str, bytes] = {}
    for line in lines:
        found = PDF_HREF.match(line.href)
        assert found, f"{line.text!r}: its source links to {line.href!r}, not a version's PDF"
        version = RegulationVersion.objects.select_related("regulation__municipality").get(pk=int(found[1]))
        assert version.status in EFFECTIVE_STATUSES, f"{line.text!r}: its source is not a decided version"
        assert version.pk in in_force, f"{line.text!r}: its source {version} is not in force at {at_text}"
        regulation = version.regulation
        if regulation.layer == Layer.LOCAL:
            assert regulation.municipality.municipality_number == number, f"{line.text!r}: another place's rule"
        if regulation.layer == Layer.REGIONAL:
            assert f"tiltaksnivå {regulation.level} " in line.source_label
        section = SECTION_IN_LABEL.search(line.source_label)
        if section:
            assert version.sections.filter(number=int(section[1]), measures__isnull=False).exists(), (
                f"{line.text!r}: {version} has no § {section[1]} with measures"
            )
        rules = [
            rule
            for setting in answer.settings
            for rule in (setting.advice if line.part == "advice" else setting.rules)
            if rule.overridden_by is None and rule.main_source.version_id == version.pk
        ]
        matching = [rule for rule in rules if says(line, rule)]
        assert matching, (
            f"{line.group}: {line.text!r} ({line.source_label}) is not a rule of version {version.pk}: "
            f"{sorted({r.summary for r in rules})}"
        )
        assert all(rule.main_source.label == line.source_label for rule in matching)
        if line.href not in pdfs:
            response = page.request.get(line.href)
            assert response.status == 200, f"{line.href}: {response.status}"
            assert response.headers["content-type"] == "application/pdf"
            pdfs[line.href] = response.body()
            assert pdfs[line.href].startswith(b"%PDF")
    shown = {(line.part, line.href) for line in lines}
    for setting in answer.settings:
        for part, rules in (("rules", setting.rules), ("advice", setting.advice)):
            for rule in rules:
                if rule.overridden_by is None:
                    href = f"/regulations/versions/{rule.main_source.version_id}/pdf/"
                    assert (part, href) in shown, f"{rule.explanation} is not shown"
    return lines


def line_of(lines: list[ShownLine], group: str, start: str) -> ShownLine:
    found = [line for line in lines if line.part == "rules" and line.group == group and line.text.startswith(start)]
    assert len(found) == 1, f"{group}: no single line starting {start!r} in {[line.text for line in lines]}"
    return found[0]


def test_baerum_on_15_may_2021_every_line_is_its_source_s(page, screenshot):
    page.goto("/regler/3024/?at=2021-05-15T18:00")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dette gjelder i Bærum kommune 15. mai 2021 kl. 18.00")
    lines = check_against_sources(page, number="3024", at_text="2021-05-15T18:00")
    screenshot(page, "public-demo-baerum")

    gyms = line_of(lines, "Trening og fritid", "Treningssentre: stengt")
    assert gyms.source_label == "tiltaksnivå B (covid-19-forskriften kap. 5B)"
    level_b = RegulationVersion.objects.get(pk=int(PDF_HREF.match(gyms.href)[1]))
    assert (level_b.regulation.layer, level_b.regulation.level) == (Layer.REGIONAL, "B")
    assert level_b.placements.filter(municipality_number="3024").exists()
    serving = line_of(lines, "Serveringssteder", "Skjenkestopp hele døgnet")
    assert serving.href == gyms.href
    national = line_of(lines, "Avstand og offentlige steder", "Minst 1 meters avstand")
    assert national.source_label == "covid-19-forskriften § 5"
    assert RegulationVersion.objects.get(pk=int(PDF_HREF.match(national.href)[1])).regulation.layer == Layer.NATIONAL
    # Bærum's own rules of November 2020 are no longer in force in May 2021.
    assert not any(line.source_label.startswith("lokal forskrift") for line in lines)


def test_baerum_on_15_may_2021_prints_on_one_a4_page(page):
    """National rules, level B and advice: a typical municipality's answer, printed."""
    import io

    from pypdf import PdfReader

    page.goto("/regler/3024/?at=2021-05-15T18:00")
    printed = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(printed.pages) == 1
    text = printed.pages[0].extract_text()
    assert "Dette gjelder i Bærum kommune 15. mai 2021 kl. 18.00" in text
    assert "Brudd på reglene kan straffes" in text and "Anbefalinger" in text


def test_harstad_on_5_march_2021_every_line_is_its_own_regulation_s(page, screenshot):
    page.goto("/regler/5402/?at=2021-03-05T12:00")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dette gjelder i Harstad kommune 5. mars 2021 kl. 12.00")
    lines = check_against_sources(page, number="5402", at_text="2021-03-05T12:00")
    screenshot(page, "public-demo-harstad")

    from regulations.demo import REGULATION_TITLE

    regulation = RegulationVersion.objects.get(
        regulation__municipality__municipality_number="5402", regulation__title=REGULATION_TITLE
    )
    href = f"/regulations/versions/{regulation.pk}/pdf/"
    assert {line.href for line in lines} == {href}, "on 5 March only Harstad's regulation of 3 March applies"
    bar = line_of(lines, "Serveringssteder", "Skjenkestopp hele døgnet")
    assert bar.source_label == "lokal forskrift § 8"
    homes = line_of(lines, "Private hjem og sammenkomster", "Private hjem: maks 5 personer")
    assert homes.source_label == "lokal forskrift § 3"
    expect(page.locator("section.rules-part")).to_contain_text(
        "Brudd på reglene kan straffes med bøter eller fengsel, jf. smittevernloven § 8-1."
    )
    expect(page.locator(".next-change")).to_contain_text("Endres fra 17. mars kl. 14.00")
