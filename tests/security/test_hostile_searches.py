"""Every search and filter field (the GET forms) of the pages people look things up on,
filled with what a person or a script might type: a NUL and other control characters, very
long text, markup, SQL wildcards, non-ASCII letters. No answer may be a 500 (PostgreSQL
refuses a NUL in a query parameter, so it must never reach a query), and the markup may
never come back unescaped.

As in test_hostile_forms, the forms are not listed by hand: they are read from the pages.
"""

from urllib.parse import urljoin

from django.urls import reverse

from core.models import Role
from tests.security.test_hostile_forms import MARKERS, forms_on, world

TYPED = {
    "nul": "a\x00b",
    "control": "\x01\x1b[31m\x7f\u200b",
    "long": "ø" * 20_000,
    "markup": '"><img src=x onerror=alert(1)><script>alert("x")</script>',
    "wildcards": "50%_\\",
    "letters": "ÆØÅ æøå",
}


def search_pages(scenarios) -> list[tuple[str | None, str]]:
    """(role, or None for anyone, url) of every page with a search or filter form."""
    s = scenarios
    return [
        (Role.CASE_OFFICER, reverse("regulations:list")),
        (Role.CASE_OFFICER, reverse("regulations:detail", args=[s["regulation"]["pk"]])),
        (Role.CASE_OFFICER, reverse("regulations:compare", args=[s["regulation"]["pk"]])),
        (Role.CASE_OFFICER, reverse("assessments:list")),
        (Role.CASE_OFFICER, reverse("letters:list")),
        (Role.CASE_OFFICER, reverse("letters:detail", args=[s["draft_letter"]["pk"]])),
        (Role.CASE_OFFICER, reverse("cases:list")),
        (Role.CASE_OFFICER, reverse("cases:detail", args=[s["case_letter"]["pk"]])),
        (Role.CASE_OFFICER, reverse("regions:detail", args=[s["region"]["pk"]])),
        (Role.CASE_OFFICER, reverse("rules:in_force")),
        (Role.AUDITOR, reverse("audit:timeline")),
        (None, reverse("public_rules:ask")),
    ]


def test_every_search_field_takes_any_text_without_a_500_or_unescaped_markup(client, world):
    users, scenarios = world
    sent = []
    for role, url in search_pages(scenarios):
        if role is None:
            client.logout()
        else:
            client.force_login(users[role])
        page = client.get(url)
        assert page.status_code == 200, f"{url} as {role}: {page.status_code}"
        for form in forms_on(page.content.decode(), method="get"):
            action = urljoin(url, form["action"]) if form["action"] else url
            for variant, text in TYPED.items():
                response = client.get(action, {**form["fields"], **dict.fromkeys(form["text"], text)})
                where = f"GET {action} (fields {', '.join(form['text'])}, {variant}) as {role}"
                assert response.status_code < 500, where
                assert not any(marker in response.content.decode() for marker in MARKERS), where
            sent.append((action, *form["text"]))
    # The crawl really reached the search fields it is meant to cover, the case page's
    # search for a document to link among them.
    assert len(set(sent)) >= 7, sorted(set(sent))
    assert any("finn" in fields for fields in sent), sorted(set(sent))
