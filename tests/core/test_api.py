"""The paging and errors every read API shares (core/api.py), seen through the real endpoints."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from audit.models import AuditKind
from audit.services import record_event
from core.models import Role
from tests.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db

PAGE_ERROR = {"error": "page must be a positive whole number", "parameter": "page"}


def next_url(response) -> str:
    """The path and query of the Link rel="next" header."""
    link = response["Link"]
    assert link.startswith("<http://testserver/api/") and link.endswith('>; rel="next"'), link
    return link[len("<http://testserver") : link.index(">")]


@pytest.fixture
def weekly_assessments(municipality, medical_officer):
    """51 drafts of Harstad (a page of 50 and one more), one a week from January 2017, the newest first."""
    from assessments.services import assessment_create

    first = date(2017, 1, 4)
    made = [
        assessment_create(municipality=municipality, by=medical_officer, on=first + timedelta(weeks=i))
        for i in range(51)
    ]
    return [a.pk for a in reversed(made)]


def test_assessments_come_50_a_page_with_the_total_and_a_link_to_the_next(client, medical_officer, weekly_assessments):
    client.force_login(medical_officer)
    first = client.get("/api/assessments/", {"municipality": "5402"})
    assert first.status_code == 200 and first["X-Total-Count"] == "51"
    assert first["Cache-Control"] == "private, no-store"
    assert len(first.json()) == 50
    assert next_url(first) == "/api/assessments/?municipality=5402&page=2"

    second = client.get(next_url(first))
    assert second["X-Total-Count"] == "51" and "Link" not in second
    assert [a["id"] for a in first.json() + second.json()] == weekly_assessments
    assert second.json()[0]["date"] == "2017-01-04"


def test_a_page_past_the_last_is_empty_without_a_link(client, municipality, medical_officer):
    from assessments.services import assessment_create

    assessment_create(municipality=municipality, by=medical_officer, on=date(2021, 3, 3))
    client.force_login(medical_officer)
    response = client.get("/api/assessments/", {"page": "2"})
    assert response.status_code == 200 and response.json() == []
    assert response["X-Total-Count"] == "1" and "Link" not in response


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "100001", "²", "1" * 5000])
@pytest.mark.parametrize("url", ["/api/regulations/", "/api/assessments/", "/api/letters/"])
def test_a_bad_page_is_refused_with_400_by_every_paged_api(client, case_officer, url, page):
    client.force_login(case_officer)
    response = client.get(url, {"page": page})
    assert response.status_code == 400 and response.json() == PAGE_ERROR


def test_regulations_carry_the_total_no_link_on_their_only_page_and_refuse_bad_pages(client, adopted):
    response = client.get("/api/regulations/", {"page": "1"})
    assert response["X-Total-Count"] == "1" and "Link" not in response
    assert client.get("/api/regulations/", {"page": "0"}).status_code == 400
    assert client.get("/api/regulations/", {"page": "x"}).status_code == 400


def test_letters_carry_the_total_and_a_link_to_the_next_page(client):
    from letters import services

    directorate = OrganizationFactory(name="Helsedirektoratet")
    officer = member(Role.CASE_OFFICER, directorate, username="brevskriver")
    case = services.letter_create(organization=directorate, by=officer, title="Brev 0", case_title="Covid-19").case
    for n in range(1, 26):
        services.letter_create(organization=directorate, by=officer, title=f"Brev {n}", case=case)
    client.force_login(officer)

    first = client.get(reverse("api_letters"), {"case": case.reference})
    assert first["X-Total-Count"] == "26" and len(first.json()) == 25
    assert next_url(first) == f"/api/letters/?{first.wsgi_request.GET.urlencode()}&page=2"
    second = client.get(next_url(first))
    assert [letter["title"] for letter in second.json()] == ["Brev 25"] and "Link" not in second
    assert second["X-Total-Count"] == "26"


def test_the_audit_trail_links_a_keyset_cursor_and_is_never_counted(client, auditor, municipality, monkeypatch):
    import audit.api

    monkeypatch.setattr(audit.api, "PAGE_SIZE", 2)
    for _ in range(3):
        record_event(kind=AuditKind.DOWNLOAD, action="download", organization_id=municipality.pk)
    client.force_login(auditor)
    response = client.get("/api/audit/", {"since": "2000-01-01T00:00:00Z"})
    assert "X-Total-Count" not in response and len(response.json()) == 2
    url = next_url(response)
    assert url.startswith("/api/audit/?since=2000-01-01T00%3A00%3A00Z&after=") and "page=" not in url
