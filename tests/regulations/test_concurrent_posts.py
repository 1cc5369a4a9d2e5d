"""The embedded default under concurrency: several signed-in people post the same action at
the same instant against the live server, on the file-based SQLite test database.

SQLite's default deferred transactions fail at once («database is locked», HTTP 500) when a
transaction that has read must become a writer while another writes. The settings open every
transaction with BEGIN IMMEDIATE (it waits for the write lock, up to the busy timeout), in WAL
mode so that readers go on meanwhile: every answer is an ordinary page and exactly one of the
posts wins. Each client is its own HTTP connection with its own session, the server answers
each request in its own thread with its own database connection, and a barrier releases the
posts together.
"""

import http.client
import threading
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from core.models import Role, WorkflowDecision
from regulations.models import RegulationVersion, VersionStatus
from regulations.services import version_submit
from tests.factories import member

CLIENTS = 4
# What a person may be shown when someone else was quicker: the saved page (302), the form
# again with the reason (200), or "you cannot do this now" (403).
NORMAL = {200, 302, 403, 409}

pytestmark = [pytest.mark.sqlite_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def on_sqlite(transactional_db):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded default's locking is SQLite's; PostgreSQL queues on row locks")
    assert connection.settings_dict["OPTIONS"].get("transaction_mode") == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


class _Forms(HTMLParser):
    """The POST forms of a page: each form's action and its fields as the browser would send them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._fields: dict[str, str] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action") or "", self._fields))
        elif self._fields is None:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "checkbox", "radio"):
            self._fields[a["name"]] = a.get("value") or ""
        elif tag == "input" and a.get("name") and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self._fields[a["name"]] = a.get("value") or "on"
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._fields[self._textarea] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select is not None and (self._select not in self._fields or "selected" in a):
            self._fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._fields is not None and self._textarea is not None:
            self._fields[self._textarea] += data


class Browser:
    """One person: a session cookie, a CSRF cookie and a connection of their own."""

    def __init__(self, live_server, user):
        django_client = Client()
        django_client.force_login(user)
        self.cookies = {"sessionid": django_client.cookies["sessionid"].value}
        self.address = urlsplit(live_server.url)

    def request(self, method: str, path: str, fields: dict[str, str] | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.address.hostname, self.address.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _sep, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.read().decode(errors="replace")
        finally:
            connection.close()

    def form(self, path: str, field: str) -> dict[str, str]:
        """The fields of the page's POST form that has `field`, as loaded in a browser."""
        status, page = self.request("GET", path)
        assert status == 200, page[:500]
        parser = _Forms()
        parser.feed(page)
        return next(fields for _action, fields in parser.forms if field in fields)


def post_together(posts: list[tuple[Browser, str, dict[str, str]]]) -> list[tuple[int, str]]:
    """Send every post at the same instant (a barrier), each from its own thread."""
    barrier = threading.Barrier(len(posts))
    results: list[tuple[int, str] | BaseException | None] = [None] * len(posts)

    def send(i, browser, path, fields):
        try:
            barrier.wait(timeout=30)
            results[i] = browser.request("POST", path, fields)
        except BaseException as exc:  # reported below, with the others' answers
            results[i] = exc

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert all(isinstance(r, tuple) for r in results), results
    return results  # type: ignore[return-value]


def assert_normal_answers(results: list[tuple[int, str]]) -> None:
    for status, page in results:
        assert "database is locked" not in page
        assert status in NORMAL, f"HTTP {status}: {page[:2000]}"


def test_secretaries_adopting_the_same_version_at_once_record_one_adoption(live_server, draft, case_officer):
    municipality = draft.regulation.municipality
    version_submit(version=draft, by=case_officer)
    secretaries = [member(Role.COMMITTEE_SECRETARY, municipality, username=f"sekretar{i}") for i in range(CLIENTS)]
    path = reverse("regulations:version_adopt", args=[draft.pk])
    posts = []
    for i, secretary in enumerate(secretaries):
        browser = Browser(live_server, secretary)
        fields = browser.form(path, "decision_body")
        fields.update(
            decision_body="formannskap",
            meeting_date=date(2021, 3, 3).isoformat(),
            item_number="12/21",
            votes_for="9",
            votes_against="2",
            votes_abstaining="0",
            decision_text=f"Formannskapet vedtar forskriften (registrert av sekretær {i}).",
        )
        posts.append((browser, path, fields))

    results = post_together(posts)

    assert_normal_answers(results)
    assert [status for status, _page in results].count(302) == 1, [status for status, _page in results]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.ADOPTED
    decisions = WorkflowDecision.objects.filter(object_id=draft.pk, transition="adopt")
    assert decisions.count() == 1
    assert AuditEvent.objects.filter(action="adopt", object_id=str(draft.pk)).count() == 1


def test_case_officers_saving_the_same_revision_at_once_save_it_once(live_server, draft, case_officer):
    municipality = draft.regulation.municipality
    officers = [case_officer] + [
        member(Role.CASE_OFFICER, municipality, username=f"saksbehandler{i}") for i in range(1, CLIENTS)
    ]
    revision = RegulationVersion.objects.get(pk=draft.pk).revision
    path = reverse("regulations:version_edit", args=[draft.pk])
    posts = []
    for officer in officers:
        browser = Browser(live_server, officer)
        fields = browser.form(path, "revision")
        assert fields["revision"] == str(revision)
        fields["sections-2-body"] = f"Serveringssteder skal ikke skjenke alkohol (endret av {officer.username})."
        posts.append((browser, path, fields))

    results = post_together(posts)

    assert_normal_answers(results)
    statuses = [status for status, _page in results]
    assert statuses.count(302) == 1, statuses
    assert statuses.count(200) == CLIENTS - 1, statuses
    saved = RegulationVersion.objects.get(pk=draft.pk)
    assert saved.revision == revision + 1
    bodies = {f"Serveringssteder skal ikke skjenke alkohol (endret av {o.username})." for o in officers}
    assert saved.sections.get(number=3).body in bodies
