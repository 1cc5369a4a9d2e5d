"""GET /api/rules/ (public) and /api/regulations/ with in_force_at and structured measures."""

import pytest

from regulations.models import Layer
from tests.factories import oslo

from .conftest import decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_force(places, ministry):
    decided(
        ministry,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 1, 1),
        sections=[(1, [("closure", {"settings": ["gyms"]}, False)])],
        placements=[("3024", oslo(2021, 5, 6), oslo(2021, 5, 21, 23, 59))],
    )
    return places


def test_the_rules_of_baerum_at_an_instant_with_their_sources(client, in_force):
    response = client.get("/api/rules/", {"municipality": "3024", "at": "2021-05-15T18:00:00+02:00"})
    assert response.status_code == 200
    body = response.json()
    assert body["municipality"] == {"number": "3024", "name": "Bærum"}
    [gyms] = body["settings"]
    assert gyms["setting"] == "gyms" and gyms["label"] == "Treningssentre"
    [rule] = gyms["rules"]
    assert rule["summary"] == "stengt"
    assert rule["sources"][0]["layer"] == "regional" and rule["sources"][0]["level"] == "B"
    assert rule["explanation"] == "Treningssentre: stengt — tiltaksnivå B (covid-19-forskriften kap. 5B)"


def test_without_a_municipality_the_api_lists_the_register_with_each_ones_address(client, in_force):
    body = client.get("/api/rules/", {"at": "2021-05-15T18:00"}).json()
    assert [m["name"] for m in body] == ["Oslo", "Bærum", "Asker"]
    baerum = client.get(body[1]["rules"]).json()
    assert baerum["municipality"]["name"] == "Bærum" and baerum["settings"][0]["setting"] == "gyms"


def test_a_plus_sent_unencoded_in_the_query_string_still_reads_as_the_offset(client, in_force):
    response = client.get("/api/rules/?municipality=3024&at=2021-05-21T23:58:00+02:00")
    assert response.status_code == 200 and response.json()["settings"]
    response = client.get("/api/rules/?municipality=3024&at=2021-05-22T00:00:00%2B02:00")
    assert response.json()["settings"] == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"municipality": "3024", "at": "2021-05-15T18:00", "kommune": "x"}, "kommune"),
        ({"municipality": "30"}, "municipality"),
        ({"municipality": "9999"}, "municipality"),
        ({"municipality": "3024", "at": "i morgen"}, "at"),
        ({"municipality": "3024", "at": "1999-05-15T18:00"}, "at"),
        ({"municipality": "3024", "visiting": "abc"}, "visiting"),
        ({"visiting": "3024"}, "municipality"),
    ],
)
def test_bad_or_unknown_parameters_get_400_naming_the_parameter(client, in_force, query, parameter):
    response = client.get("/api/rules/", query)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_the_regulations_api_answers_in_force_at_an_instant_with_each_sections_measures(client, in_force):
    at_1559 = client.get("/api/regulations/", {"in_force_at": "2021-05-15T18:00"}).json()
    [version] = at_1559
    assert version["layer"] == "regional" and version["level"] == "B"
    assert version["sections"][0]["measures"] == [
        {"type": "closure", "advice": False, "parameters": {"settings": ["gyms"]}}
    ]
    assert client.get("/api/regulations/", {"in_force_at": "2020-12-31T23:59"}).json() == []
    assert client.get("/api/regulations/", {"in_force_at": "snart"}).status_code == 400
    assert client.get("/api/regulations/", {"in_forse_at": "2021-05-15"}).json()["parameter"] == "in_forse_at"
