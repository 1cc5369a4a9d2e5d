"""GET /api/regulations/: public, adopted versions only, ISO 8601 with offsets, clear 400s."""

import pytest
from django.utils import timezone

from regulations.models import VersionKind
from regulations.services import SectionInput, regulation_create, version_issue_urgent, version_start

pytestmark = pytest.mark.django_db

URL = "/api/regulations/"


def test_lists_adopted_versions_with_sections_for_anyone(client, adopted):
    response = client.get(URL, {"municipality": "5402"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    [item] = response.json()
    assert item["id"] == adopted.pk
    assert item["title"] == "Forskrift om smitteverntiltak i Harstad kommune"
    assert item["municipality"] == {"number": "5402", "name": "Harstad kommune"}
    assert item["status"] == "adopted"
    assert item["valid_from"] == "2021-03-03T14:00:00+01:00"
    assert item["valid_until"] == "2021-03-17T14:00:00+01:00"
    assert item["adopted_by"] == "formannskapet"
    assert item["adopted_on"] == "2021-03-03"
    assert item["pdf_url"].endswith(f"/regulations/versions/{adopted.pk}/pdf/")
    assert [s["number"] for s in item["sections"]] == [1, 2, 3]
    assert item["sections"][2] == {
        "number": 3,
        "heading": "Skjenkestopp",
        "text": "Serveringssteder skal ikke skjenke alkohol.",
        "measures": [],
    }


def test_drafts_are_never_listed(client, draft, adopted, case_officer):
    version_start(regulation=adopted.regulation, kind="amendment", by=case_officer)
    ids = [item["id"] for item in client.get(URL).json()]
    assert ids == [adopted.pk]


def test_in_force_on_filters_by_date(client, adopted):
    assert [i["id"] for i in client.get(URL, {"in_force_on": "2021-03-03"}).json()] == [adopted.pk]
    assert [i["id"] for i in client.get(URL, {"in_force_on": "2021-03-17"}).json()] == [adopted.pk]
    assert client.get(URL, {"in_force_on": "2021-03-02"}).json() == []
    assert client.get(URL, {"in_force_on": "2021-03-18"}).json() == []


def test_api_lists_a_hastevedtak_in_force(client, municipality, medical_officer):
    urgent = regulation_create(
        municipality=municipality,
        title="Hastevedtak",
        by=medical_officer,
        kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt.")],
    )
    version_issue_urgent(version=urgent, by=medical_officer, duration_days=7)
    items = client.get(
        "/api/regulations/", {"municipality": "5402", "in_force_on": timezone.localdate().isoformat()}
    ).json()
    assert [(i["id"], i["kind"], i["status"]) for i in items] == [(urgent.pk, "urgent", "urgent")]


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"municipality": "54O2"}, "municipality"),
        ({"municipality": "123"}, "municipality"),
        ({"municipality": "9999"}, "municipality"),
        ({"in_force_on": "03.03.2021"}, "in_force_on"),
        ({"in_force_on": "2021-02-30"}, "in_force_on"),
        ({"in_force_on": "<script>"}, "in_force_on"),
    ],
)
def test_bad_parameters_get_a_400_naming_the_parameter(client, adopted, params, parameter):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response.json()["error"]


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_far_dates_in_the_api_are_a_400(client, value):
    response = client.get("/api/regulations/", {"in_force_on": value})
    assert response.status_code == 400 and response.json()["parameter"] == "in_force_on"


def test_only_get_is_allowed(client):
    assert client.post(URL).status_code == 405


def test_the_api_lists_the_pdf_hash_without_reading_its_bytes(client, adopted, archived_bytes_selected):
    adopted.refresh_from_db()
    assert archived_bytes_selected(URL) == []
    [item] = client.get(URL).json()
    assert item["pdf_sha256"] == adopted.archived_pdf.sha256


def test_the_pdf_itself_is_still_served_from_its_archived_bytes(client, adopted):
    adopted.refresh_from_db()
    response = client.get(f"/regulations/versions/{adopted.pk}/pdf/")
    assert response["X-Content-SHA256"] == adopted.archived_pdf.sha256
    assert b"".join(response) == bytes(adopted.archived_pdf.content)


def test_regulation_and_version_pages_do_not_read_archived_pdf_bytes(
    client, adopted, case_officer, archived_bytes_selected
):
    client.force_login(case_officer)
    assert archived_bytes_selected(f"/regulations/{adopted.regulation_id}/") == []
    assert archived_bytes_selected(f"/regulations/versions/{adopted.pk}/") == []
