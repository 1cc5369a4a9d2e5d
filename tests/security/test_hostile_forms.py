"""Every text field of every form on the pages people write on, filled with hostile text.

The forms are not listed by hand: each page is fetched as the person who would use it, its
POST forms are read from the HTML, every text input and textarea gets the hostile text
(hidden inputs, selects, numbers and dates keep what the page offers), and the form is
sent. No answer may be a 500, and the hostile markup may never come back unescaped, neither
on the answer nor on the page a redirect leads to.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from core.models import Role
from tests.factories import MunicipalityFactory, member
from tests.security.test_matrix import ROLES, build_letter_scenarios, build_scenarios

HOSTILE = {
    "script": '<script>alert("x")</script>',
    "attribute-breakout": '"><img src=x onerror=alert(1)>',
    "100k": "ø" * 100_000,
}
MARKERS = ('<script>alert("x")', "<img src=x onerror")
TEXT_INPUTS = {"text", "email", "search", "url", "tel", ""}
# Forms that only sign out or switch the language: nothing to write.
SKIP_ACTIONS = ("/accounts/logout/", "/i18n/")


class FormReader(HTMLParser):
    """The forms of a page sent with `method` (POST unless told): action and the fields a
    browser would send."""

    def __init__(self, method: str = "post"):
        super().__init__()
        self.method = method
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == self.method:
            self._form = {"action": a.get("action") or "", "fields": {}, "text": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "").lower()
            if kind in TEXT_INPUTS:
                self._form["text"].append(name)
            elif kind == "checkbox":
                pass
            elif kind != "file":
                self._form["fields"].setdefault(name, a.get("value") or ("1" if kind == "number" else ""))
        elif tag == "textarea" and name:
            self._form["text"].append(name)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if value and (self._select not in self._form["fields"] or "selected" in a):
                self._form["fields"][self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, method: str = "post") -> list[dict]:
    reader = FormReader(method)
    reader.feed(html)
    return [f for f in reader.forms if f["text"] and not f["action"].startswith(SKIP_ACTIONS)]


@pytest.fixture
def world(db, monkeypatch):
    """A municipality and its people with a draft regulation, an assessment and letters."""
    import assessments.pdf
    import letters.pdf
    import meetings.pdf
    import regulations.pdf

    for module, name in (
        (meetings.pdf, "render_protocol_pdf"),
        (regulations.pdf, "render_version_pdf"),
        (assessments.pdf, "render_assessment_pdf"),
        (letters.pdf, "render_letter_preview"),
        (letters.pdf, "render_letter_base"),
    ):
        monkeypatch.setattr(module, name, lambda *args: b"%PDF-1.7 test")
    monkeypatch.setattr(letters.pdf, "personalized_copy", lambda *args: b"%PDF-1.7 test")
    monkeypatch.setattr(letters.pdf, "journal_copy", lambda *args: b"%PDF-1.7 test")
    own = MunicipalityFactory(name="Egen kommune")
    users = {role: member(role, own, username=f"own-{role}") for role in ROLES}
    scenarios = build_scenarios(own, users)
    scenarios.update(build_letter_scenarios(own, users))
    return users, scenarios


def pages(scenarios) -> list[tuple[str, str]]:
    """(role, url) of every page with a form someone writes in."""
    s = scenarios
    return [
        (Role.CASE_OFFICER, reverse("regulations:create")),
        (Role.CASE_OFFICER, reverse("regulations:version_edit", args=[s["draft_version"]["pk"]])),
        (Role.CASE_OFFICER, reverse("regulations:version_detail", args=[s["draft_version"]["pk"]])),
        (Role.CASE_OFFICER, reverse("regulations:version_transition", args=[s["draft_version"]["pk"], "submit"])),
        (Role.COMMITTEE_SECRETARY, reverse("regulations:version_adopt", args=[s["submitted_version"]["pk"]])),
        (
            Role.COMMITTEE_SECRETARY,
            reverse("regulations:version_transition", args=[s["submitted_version"]["pk"], "send_back"]),
        ),
        (Role.MEDICAL_OFFICER, reverse("regulations:version_issue_urgent", args=[s["urgent_draft"]["pk"]])),
        (Role.MEDICAL_OFFICER, reverse("assessments:edit", args=[s["assessment"]["pk"]])),
        (Role.MEDICAL_OFFICER, reverse("assessments:level", args=[s["assessment"]["pk"]])),
        (Role.MEDICAL_OFFICER, reverse("assessments:measure_add", args=[s["assessment"]["pk"]])),
        (Role.MEDICAL_OFFICER, reverse("assessments:transition", args=[s["assessment"]["pk"], "submit"])),
        (Role.CASE_OFFICER, reverse("letters:create")),
        (Role.CASE_OFFICER, reverse("letters:edit", args=[s["draft_letter"]["pk"]])),
        (Role.CASE_OFFICER, reverse("letters:detail", args=[s["draft_letter"]["pk"]])),
        (Role.CASE_OFFICER, reverse("letters:transition", args=[s["draft_letter"]["pk"], "cancel"])),
        (Role.APPROVER, reverse("letters:transition", args=[s["submitted_letter"]["pk"], "send_back"])),
        (Role.CASE_OFFICER, reverse("cases:detail", args=[s["case_letter"]["pk"]])),
        (Role.COMMITTEE_SECRETARY, reverse("meetings:create")),
        (Role.COMMITTEE_SECRETARY, reverse("meetings:detail", args=[s["meeting"]["pk"]])),
        (Role.COMMITTEE_SECRETARY, reverse("meetings:item", args=[s["meeting_item"]["pk"]])),
    ]


@pytest.mark.parametrize("variant", HOSTILE, ids=list(HOSTILE))
def test_every_text_field_takes_hostile_text_without_a_500_or_unescaped_markup(client, world, variant):
    users, scenarios = world
    text = HOSTILE[variant]
    posted = []
    for role, url in pages(scenarios):
        client.force_login(users[role])
        page = client.get(url)
        assert page.status_code == 200, f"{url} as {role}: {page.status_code}"
        for form in forms_on(page.content.decode()):
            action = urljoin(url, form["action"]) if form["action"] else url
            data = {**form["fields"], **dict.fromkeys(form["text"], text)}
            response = client.post(action, data)
            where = f"POST {action} (fields {', '.join(form['text'])}) as {role}"
            assert response.status_code < 500, where
            shown = client.get(response["Location"]) if response.status_code in (301, 302, 303) else response
            assert shown.status_code < 500, where
            html = shown.content.decode()
            assert not any(marker in html for marker in MARKERS), where
            posted.append(action)
    # The crawl really reached the forms it is meant to cover.
    assert len(set(posted)) >= 15, sorted(set(posted))
