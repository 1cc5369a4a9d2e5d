"""Every page of every role through axe-core (WCAG 2.1 A and AA and axe's best practices):
0 violations.

The pages come from the URLconf, as the access matrix's do (tests/security/test_matrix.py),
in the matrix's world: a pattern's `@access` declaration says which roles may open it and
which scenario object fills its URL. Each role signs in in its own browser context and sees
its own overview; every other page is checked once, by the first role that may open it (the
pages share their templates across roles: only the overview differs by role). A new URL
pattern with an `@access` declaration is checked without touching this file; a new scenario
object goes into the matrix's `_build_world`. Django's sign-in and password pages, the error
pages and the public pages are checked as an anonymous visitor.
"""

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, expect

from core.access import OK, exemption_for, rule_for, url_patterns
from core.models import Role
from tests.e2e.conftest import _log_in, _new_context
from tests.security.test_matrix import _build_world, _fake_pdfs, _reverse

pytestmark = [pytest.mark.e2e, pytest.mark.once]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}

# Signed-in roles in the order they take the pages: the municipal roles, then the ministry's
# (the regional level's pages need a ministry's user).
MUNICIPAL_ROLES = [
    Role.CASE_OFFICER,
    Role.MEDICAL_OFFICER,
    Role.COMMITTEE_SECRETARY,
    Role.COMMITTEE_MEMBER,
    Role.APPROVER,
    Role.RECORDS_OFFICER,
    Role.AUDITOR,
    Role.ADMIN,
]
MINISTRY_ROLES = [Role.CASE_OFFICER, Role.APPROVER]

DIRECTORATE_OFFICER = "matrix-region-officer"  # made by tests/security/scenarios_regions.py

# Pages without a sign-in that carry no `@access` declaration (Django's own views).
ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/MQ/ugyldig-lenke/",
    "/accounts/reset/done/",
    "/finnes-ikke/",
]
# Django's account routes that are no page of their own (a POST, or a redirect to the page above).
ACCOUNT_ROUTES_NOT_PAGES = {"accounts/logout/", "accounts/password_change/", "accounts/password_change/done/"}


def _axe(context: BrowserContext, path: str, axe: Axe, *, status: int | None = None) -> list[str]:
    page = context.new_page()
    try:
        response = page.goto(path)
        assert response is not None
        if status is not None:
            assert response.status == status, f"{path}: {response.status}"
        if "text/html" not in response.headers.get("content-type", ""):
            return []
        results = axe.run(page, options=WCAG_AA)
        if results.violations_count:
            return [f"{path}:\n{results.generate_report()}"]
        return []
    finally:
        page.close()


def _answer(context: BrowserContext, path: str) -> str:
    """ "html" for a page, "other" for a file or data (PDF, CSV, JSON, feeds) or for a piece
    of a page that htmx fetches (checked inside its page), "refused" else."""
    response = context.request.get(path, max_redirects=0)
    if 300 <= response.status < 400 and "/accounts/login/" not in response.headers.get("location", ""):
        return "other"  # a redirect to a page checked on its own
    if not response.ok:
        return "refused"
    is_html = "text/html" in response.headers.get("content-type", "")
    return "html" if is_html and "<html" in response.text() else "other"


def _paths(route, pattern, rule, scenarios) -> list[str]:
    kwargs = dict(rule.kwargs)
    if rule.obj:
        kwargs.update({k: v for k, v in scenarios[rule.obj].items() if k in pattern.pattern.converters})
    paths = [_reverse(route, pattern, kwargs)]
    if "object_type" in pattern.pattern.converters:  # the story of each kind of document
        for ref in (scenarios["assessment_ref"], scenarios["letter_ref"]):
            object_type, pk = ref.split(":")
            paths.append(_reverse(route, pattern, {"object_type": object_type, "pk": pk}))
    return paths


def test_every_page_of_every_role_passes_axe(browser, live_server, reference_data, monkeypatch):
    _fake_pdfs(monkeypatch)
    world = _build_world()
    axe = Axe()
    violations: list[str] = []
    checked: set[str] = set()
    not_html: set[str] = set()
    declared = [(route, p, rule_for(p.callback)) for route, p in url_patterns() if rule_for(p.callback)]
    get_routes = [(route, p, rule) for route, p, rule in declared if rule.method == "GET"]
    forbidden_page = None

    # The directorate's case officer edits the commuting regions, which no municipal or
    # ministry role may; last, it opens whatever page is left that answers it.
    visitors = (
        [("municipal", role, world["municipal"].own_users[role].username) for role in MUNICIPAL_ROLES]
        + [("regional", role, world["regional"].own_users[role].username) for role in MINISTRY_ROLES]
        + [("directorate", Role.CASE_OFFICER, DIRECTORATE_OFFICER)]
    )
    started = time.monotonic()
    for side_name, role, username in visitors:
        side = world["regional" if side_name == "regional" else "municipal"]
        context = _new_context(browser, live_server)
        try:
            page = context.new_page()
            _log_in(page, username)
            page.close()
            violations += _axe(context, "/", axe)
            for route, pattern, rule in get_routes:
                if route in checked or route in not_html:
                    continue
                if (rule.obj == "regional_draft") != (side_name == "regional"):
                    continue
                expected = OK if side_name == "directorate" else rule.expected(role=role, own=True)
                if expected != OK:
                    if expected == 403 and forbidden_page is None and not pattern.pattern.converters:
                        forbidden_page = (side_name, role, _reverse(route, pattern, dict(rule.kwargs)))
                    continue
                paths = _paths(route, pattern, rule, side.scenarios)
                answer = _answer(context, paths[0])
                if answer == "other":
                    not_html.add(route)
                if answer != "html":
                    continue
                for path in paths:
                    violations += _axe(context, path, axe)
                checked.add(route)
            if forbidden_page and forbidden_page[:2] == (side_name, role):
                violations += _axe(context, forbidden_page[2], axe, status=403)
        finally:
            context.close()

    anonymous = _new_context(browser, live_server)
    try:
        for path in ANONYMOUS_PAGES:
            violations += _axe(anonymous, path, axe)
        for route, pattern, rule in get_routes:
            if rule.anonymous == OK and route not in checked and route not in not_html:
                path = _reverse(route, pattern, {"number": "3024"})  # Bærum, in the world's register
                if _answer(anonymous, path) == "html":
                    violations += _axe(anonymous, path, axe)
                    checked.add(route)
                else:
                    not_html.add(route)
    finally:
        anonymous.close()

    print(f"axe over {len(checked)} routes in {time.monotonic() - started:.0f} s")
    assert not violations, "\n\n".join(violations)
    assert forbidden_page is not None, "no page answers 403 to some role: the 403 page went unchecked"
    unchecked = [route for route, _p, _r in get_routes if route not in checked and route not in not_html]
    assert not unchecked, f"pages no role opened, so axe never saw them: {unchecked}"
    account_routes = {route for route, _p in url_patterns() if route.startswith("accounts/")}
    covered = {re.sub(r"<[^>]+>", "x", "/" + r) for r in account_routes}
    assert len(account_routes - ACCOUNT_ROUTES_NOT_PAGES) == len(
        [p for p in ANONYMOUS_PAGES if p.startswith("/accounts/")]
    ), f"a new account page is not in ANONYMOUS_PAGES: {sorted(covered)}"
    assert all(exemption_for(route) for route in account_routes)


def test_keyboard_skip_link_sticky_bar_and_confirmation_in_the_regulation_editor(
    page, live_server, transactional_db, screens_dir
):
    """In a draft's editor: Tab reaches «Hopp til hovedinnhold» first and it shows; the last
    field focused by keyboard is not under the sticky action bar (with a control run
    without the padding); the focused skip link covers nothing in the top bar; «Fjern paragraf» asks first,
    and answering no keeps the §."""
    from tests.factories import MunicipalityFactory, member
    from tests.security.test_matrix import _draft_regulation

    officer = member(Role.CASE_OFFICER, MunicipalityFactory(name="Harstad kommune"), username="saksbehandler")
    draft = _draft_regulation(officer.memberships.get().organization, officer)
    _log_in(page, "saksbehandler")
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(f"/regulations/versions/{draft.pk}/edit/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnhold")
    assert page.evaluate("document.activeElement.textContent") == "Hopp til hovedinnhold"
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    # Focused, it sits in its own space above the top bar: it overlaps nothing there («Oversikt»).
    topbar = page.locator("header.topbar").bounding_box()
    assert topbar is not None and box["y"] + box["height"] <= topbar["y"], (box, topbar)
    for link in page.locator("header.topbar a, header.topbar button").all():
        other = link.bounding_box()
        assert other is not None and box["y"] + box["height"] <= other["y"], (link.inner_text(), box, other)
    page.screenshot(path=str(screens_dir / "a11y-skip-link.png"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # A field reached by Tab that sits at the bottom edge of the viewport, inside the window but
    # under the sticky bar, is scrolled to above the bar. The control run without
    # scroll-padding-bottom shows that the browser would otherwise leave it there, covered
    # (Chromium only scrolls a focused field that it thinks is not fully visible).
    def tab_into_field_under_the_bar() -> tuple[dict, dict]:
        page.evaluate(
            """() => {
                const headings = document.querySelectorAll('input[name$="-heading"]');
                const box = headings[headings.length - 1].getBoundingClientRect();
                window.scrollTo(0, box.bottom + window.scrollY - window.innerHeight + 10);
                const numbers = document.querySelectorAll('input[name$="-number"]');
                numbers[numbers.length - 1].focus({preventScroll: true});
            }"""
        )
        heading = page.get_by_label("Overskrift").last
        before, bar = heading.bounding_box(), page.locator(".actions.sticky").bounding_box()
        assert before is not None and bar is not None
        assert bar["y"] < before["y"] + before["height"] <= page.viewport_size["height"], (before, bar)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == heading.get_attribute("name")
        field, bar = heading.bounding_box(), page.locator(".actions.sticky").bounding_box()
        assert field is not None and bar is not None
        return field, bar

    page.set_viewport_size({"width": 1280, "height": 420})
    field, bar = tab_into_field_under_the_bar()
    assert field["y"] + field["height"] <= bar["y"], (field, bar)
    page.screenshot(path=str(screens_dir / "a11y-sticky-bar.png"))
    page.evaluate("document.documentElement.style.setProperty('scroll-padding-bottom', '0px', 'important')")
    field, bar = tab_into_field_under_the_bar()
    assert field["y"] + field["height"] > bar["y"], ("without scroll-padding the bar should cover it", field, bar)
    page.evaluate("document.documentElement.style.removeProperty('scroll-padding-bottom')")
    page.set_viewport_size({"width": 1280, "height": 600})
    page.get_by_label("Tekst").last.focus()
    page.keyboard.press("Tab")
    page.screenshot(path=str(screens_dir / "a11y-focus-ring.png"))

    questions: list[str] = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Fjern § 2").click()
    assert questions == ["Fjerne § 2 fra utkastet?"]
    assert page.get_by_role("button", name="Fjern § 2").count() == 1

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Fjern § 2").click()
    expect(page.get_by_role("button", name="Fjern § 2")).to_have_count(0)
    expect(page.get_by_role("button", name="Fjern § 1")).to_have_count(1)


def test_focus_lands_on_the_section_after_adding_moving_and_removing_it(page, live_server, transactional_db):
    """The editor reloads after «Legg til paragraf», «Flytt opp» and «Fjern paragraf»: the focus
    is in the § acted on (the new one, the moved one, the one that took the removed one's place),
    and the status region says what happened."""
    from tests.factories import MunicipalityFactory, member
    from tests.security.test_matrix import _draft_regulation

    officer = member(Role.CASE_OFFICER, MunicipalityFactory(name="Harstad kommune"), username="saksbehandler")
    draft = _draft_regulation(officer.memberships.get().organization, officer)
    _log_in(page, "saksbehandler")
    page.goto(f"/regulations/versions/{draft.pk}/edit/")

    def focused_section() -> str:
        return page.evaluate("document.activeElement.closest('fieldset.section-form')?.id ?? ''")

    page.get_by_role("button", name="Legg til paragraf").click()
    expect(page.get_by_role("status")).to_contain_text("§ 3 er lagt til.")
    assert page.url.endswith("#id_sections-2-heading")
    assert focused_section() == "section-3"
    assert page.evaluate("document.activeElement.value") == "Ny paragraf"

    page.get_by_role("button", name="Flytt § 3 opp").click()
    expect(page.get_by_role("status")).to_contain_text("§ 3 er flyttet opp og er nå § 2.")
    assert focused_section() == "section-2"
    assert page.evaluate("document.activeElement.value") == "Ny paragraf"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Fjern § 2").click()
    expect(page.get_by_role("status")).to_contain_text("§ 2 er fjernet.")
    assert focused_section() == "section-2"
    assert page.evaluate("document.activeElement.value") == "Skjenkestopp"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Fjern § 2").click()
    expect(page.get_by_role("status")).to_contain_text("§ 2 er fjernet.")
    assert focused_section() == "section-1"
    assert page.evaluate("document.activeElement.value") == "Formål"
