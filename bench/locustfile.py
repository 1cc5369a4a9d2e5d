"""The users of `make bench-load` (bench/load.py starts the servers and runs this with Locust).

Each simulated user is a case officer of the demo's Harstad who signs in once and then, with
a second or two between steps, reads (the overview, the regulation list, a regulation, an
assessment list, the public page) and drafts: a new regulation, then edits to its text. Every
draft it creates is written to BENCH_LOAD_LEDGER, so that the driver can check afterwards
that each one is there with its history and audit events.

The servers are gunicorn behind no proxy: the users speak plain HTTP on loopback with
`X-Forwarded-Proto: https`, as the TLS-terminating proxy of a production set-up would
(config/settings/loadtest.py: production with cookies allowed over that HTTP).
"""

from __future__ import annotations

import json
import os
import re
import uuid
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

LEDGER = os.environ.get("BENCH_LOAD_LEDGER", "/tmp/bench-load-ledger.jsonl")
PASSWORD = os.environ.get("BENCH_LOAD_PASSWORD", "demo")
REGULATION_IDS = [int(x) for x in os.environ.get("BENCH_LOAD_REGULATIONS", "").split(",") if x]
USERNAMES = os.environ.get("BENCH_LOAD_USERS", "").split(",")
_next_user = iter(range(10**6))


class _FormReader(HTMLParser):
    """The fields of the POST form whose action is `action` (or the first one without)."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.fields, self._in, self._select, self._textarea = action, {}, False, None, None
        self.found = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in = (a.get("method") or "").lower() == "post" and (a.get("action") or "") in ("", self.action)
            self._in = self._in and not self.found
            self.found = self.found or self._in
        if not self._in:
            return
        name = a.get("name")
        if tag == "input" and name and (a.get("type") or "text") not in ("checkbox", "radio", "submit", "file"):
            self.fields.setdefault(name, a.get("value") or "")
        elif tag == "input" and name and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.fields.setdefault(name, a.get("value") or "on")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and (self._select not in self.fields or "selected" in a):
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self._in and self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(html: str, action: str = "") -> dict[str, str]:
    reader = _FormReader(action)
    reader.feed(html)
    return reader.fields


class CaseOfficer(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": f"https://{self._host()}"})
        self.username = USERNAMES[next(_next_user) % len(USERNAMES)]
        self.draft: tuple[int, str] | None = None
        page = self.client.get("/accounts/login/", name="sign-in form")
        data = form_fields(page.text, "/accounts/login/") | {"username": self.username, "password": PASSWORD}
        with self.post("/accounts/login/", data, name="sign in", catch_response=True) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"{self.username} could not sign in ({response.status_code}: {response.text[:300]!r})")

    def post(self, path: str, data: dict, **kwargs):
        return self.client.post(path, data, headers={"Referer": f"https://{self._host()}{path}"}, **kwargs)

    def _host(self) -> str:
        return re.sub(r"^https?://", "", self.host).rstrip("/")

    @task(3)
    def overview(self):
        self.client.get("/", name="overview")

    @task(3)
    def regulation_list(self):
        self.client.get("/regulations/", name="regulation list")

    @task(2)
    def regulation(self):
        if REGULATION_IDS:
            pk = REGULATION_IDS[hash(self.username) % len(REGULATION_IDS)]
            self.client.get(f"/regulations/{pk}/", name="regulation")

    @task(1)
    def assessments(self):
        self.client.get("/assessments/", name="assessment list")

    @task(2)
    def public_page(self):
        self.client.get("/regler/5402/", name="public page")

    @task(1)
    def create_draft(self):
        page = self.client.get("/regulations/new/", name="new regulation form")
        title = f"Lasttest {self.username} {uuid.uuid4().hex[:8]}"
        data = form_fields(page.text, "/regulations/new/") | {"title": title}
        with self.post(
            "/regulations/new/",
            data,
            name="create draft",
            catch_response=True,
        ) as response:
            found = re.search(r"/regulations/versions/(\d+)/edit/", response.url)
            if response.status_code != 200 or not found:
                response.failure(f"no draft created ({response.status_code} {response.url})")
                return
            self.draft = (int(found[1]), title)
            with open(LEDGER, "a", encoding="utf-8") as ledger:
                ledger.write(json.dumps({"version": self.draft[0], "title": title, "saves": 0}) + "\n")

    @task(2)
    def edit_draft(self):
        if self.draft is None:
            return
        version, title = self.draft
        path = f"/regulations/versions/{version}/edit/"
        page = self.client.get(path, name="draft edit form")
        data = form_fields(page.text, path)
        bodies = [name for name in data if name.startswith("sections-") and name.endswith("-body")]
        if not bodies:
            return
        data[bodies[0]] = data[bodies[0]] + f"\nEndret {uuid.uuid4().hex[:6]}."
        with self.post(path, data, name="save draft", catch_response=True) as r:
            if r.status_code != 200 or not r.history:  # saved: redirected back to the form
                r.failure(f"draft not saved ({r.status_code})")
                return
            with open(LEDGER, "a", encoding="utf-8") as ledger:
                ledger.write(json.dumps({"version": version, "title": title, "saves": 1}) + "\n")


@events.init.add_listener
def _empty_ledger(environment, **kwargs):
    open(LEDGER, "w").close()
