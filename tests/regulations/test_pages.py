"""The regulation pages answer what users ask (issue 15): forms that choose nothing for the
user and cut nothing silently, the text in force at a chosen moment, consistent badges."""

import re

import pytest
from django.urls import reverse

from regulations.services import version_submit
from tests.regulations.test_views import _edit_post

pytestmark = pytest.mark.django_db


def test_the_decision_form_makes_the_secretary_choose_the_meeting_date(client, draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    client.force_login(secretary)
    url = reverse("regulations:version_adopt", args=[draft.pk])
    page = client.get(url).content.decode()
    date_input = re.search(r'<input[^>]*name="meeting_date"[^>]*>', page).group(0)
    assert "value=" not in date_input and "required" in date_input

    page = client.post(url, {"decision_body": "formannskap", "meeting_date": ""}).content.decode()
    assert "Feltet er påkrevet." in page
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_long_pasted_text_is_not_cut_by_the_browser_and_the_server_says_why(client, draft, case_officer):
    client.force_login(case_officer)
    url = reverse("regulations:version_edit", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "maxlength" not in re.search(r"<textarea[^>]*>", page).group(0)
    assert "Høyst 20\u00a0000 tegn." in page

    sections = [{"id": s.pk, "number": s.number, "heading": s.heading, "body": s.body} for s in draft.sections.all()]
    long_text = "Lang tekst. " * 1700 + "Slutt."
    sections[0]["body"] = long_text
    page = client.post(url, _edit_post(draft, sections, action="save")).content.decode()
    assert f"Sørg for at denne verdien har 20000 eller færre tegn (den har nå {len(long_text)})." in page
    assert "Slutt.</textarea>" in page  # nothing of what was pasted is lost
    assert draft.sections.get(number=1).body != long_text
