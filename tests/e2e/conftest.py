"""Browser tests: Playwright's sync API driving Debian's Chromium against `live_server`.

The browser is started once for the tests/e2e package. Each test gets a fresh browser
context (its own cookies), so logging in as one user never leaks into the next test.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENS = Path("/tmp/screens")
PASSWORD = "pw"

expect.set_options(timeout=10_000)


@pytest.fixture
def reference_data(transactional_db):
    """Browser tests run in transactional mode, which empties every table after a test,
    including the reference data that migrations load: put the measure catalog (the first
    catalog's rows too: older measures and parts of the demo still name them) and the default
    threshold tables back. Both loaders are idempotent."""
    import importlib

    from django.apps import apps

    from measures.catalog import catalog_load, first_catalog_load
    from measures.models import MeasureType

    first_catalog_load(model=MeasureType)
    catalog_load(model=MeasureType)
    importlib.import_module("assessments.migrations.0002_default_threshold_tables").load_defaults(apps, None)


@pytest.fixture(scope="package")
def browser() -> Browser:
    """One Chromium for every browser test.

    While Playwright's sync API is running, its event loop counts as running in the test
    thread, and Django refuses ORM calls from such a thread (SynchronousOnlyOperation).
    The test thread only touches the ORM to build data and flush it afterwards, never
    concurrently with a request, so the check is relaxed exactly while the browser is up
    and restored afterwards; later tests in the same run keep the protection.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install chromium). "
            "Playwright's own browser download is not used.",
            pytrace=False,
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_context(browser: Browser, live_server, **kwargs) -> BrowserContext:
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        timezone_id="Europe/Oslo",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        **kwargs,
    )
    context.set_default_timeout(10_000)
    return context


def _watch_script_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def context(browser, live_server):
    context = _new_context(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Page:
    """A tab in a fresh context; the test fails if a page throws a JavaScript error."""
    page = context.new_page()
    errors = _watch_script_errors(page)
    yield page
    assert not errors, f"JavaScript errors on the pages: {errors}"


@pytest.fixture
def page_without_js(browser, live_server) -> Page:
    """A tab in a context with JavaScript switched off: the essential paths must still work."""
    context = _new_context(browser, live_server, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def screens_dir() -> Path:
    """Where screenshots and downloads are kept for people to look at: outside the repository."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS


@pytest.fixture
def screenshot(screens_dir):
    """`screenshot(page, name)`: save a full-page screenshot to /tmp/screens/<name>.png."""

    def take(page: Page, name: str) -> Path:
        path = screens_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def _log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    if "/accounts/login/" not in page.url:
        page.goto("/accounts/login/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    expect(page.get_by_role("banner").get_by_role("button", name="Logg ut")).to_be_visible()


def _log_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Logg ut").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("banner").get_by_role("button", name="Logg ut")).to_have_count(0)


@pytest.fixture
def log_in():
    """`log_in(page, username)`: sign in through the real login form (password «pw»)
    and wait until the browser has left the login page."""
    return _log_in


@pytest.fixture
def log_out():
    """`log_out(page)`: sign out with the «Logg ut» button in the top bar."""
    return _log_out
