"""Open data: the CSV and JSON bulk exports of every municipality × every setting, the
stringency per setting, and the page that documents them."""

import csv
import io
import json
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Organization
from measures.schema import Setting
from register.models import County, Municipality
from regulations.models import Layer
from rules.open_data import COLUMNS
from tests.factories import oslo

from .conftest import decided

pytestmark = pytest.mark.django_db

AT = "2021-05-15T18:00:00+02:00"


@pytest.fixture
def layers(places, ministry):
    """National: events capped at 100 (§ 13); level B on Bærum: gyms closed except
    rehabilitation; Bærum's own: events capped at 20 (§ 3), and advice on masks in shops."""
    national = decided(
        ministry,
        layer=Layer.NATIONAL,
        title="Forskrift om smitteverntiltak mv. ved koronautbruddet",
        valid_from=oslo(2021, 1, 1),
        sections=[(13, [("cap", {"settings": ["events"], "max_people": 100}, False)])],
    )
    level_b = decided(
        ministry,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 1, 1),
        sections=[(1, [("closure", {"settings": ["gyms"], "exceptions": [{"code": "rehabilitation"}]}, False)])],
        placements=[("3024", oslo(2021, 5, 6), oslo(2021, 5, 21, 23, 59))],
    )
    local = decided(
        Organization.objects.get(municipality_number="3024"),
        valid_from=oslo(2021, 3, 1),
        sections=[
            (3, [("cap", {"settings": ["events"], "max_people": 20}, False)]),
            (4, [("face_mask", {"settings": ["shops"]}, True)]),
        ],
    )
    return {"national": national, "level_b": level_b, "local": local}


def _csv(client, **query):
    response = client.get("/api/rules/export.csv", query)
    assert response.status_code == 200, response.content
    assert response.content.startswith("\ufeff".encode())
    return response, list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _rows(rows, number, setting):
    return [r for r in rows if r["municipality_number"] == number and r["setting"] == setting]


def test_the_csv_holds_every_municipality_times_every_setting_in_stable_columns(client, layers):
    response, rows = _csv(client, at=AT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0]) == [name for name, _help in COLUMNS]
    pairs = {(r["municipality_number"], r["setting"]) for r in rows}
    assert pairs == {(n, s.value) for n in ("0301", "3024", "3025") for s in Setting}
    [oslo_gyms] = _rows(rows, "0301", "gyms")
    assert oslo_gyms["municipality_name"] == "Oslo" and oslo_gyms["county"] == "Oslo"
    assert oslo_gyms["at"] == AT and oslo_gyms["setting_label"] == "Treningssentre"
    assert oslo_gyms["stringency"] == "0" and oslo_gyms["type"] == oslo_gyms["source_layer"] == ""


def test_a_known_rule_in_the_csv_has_its_parameters_and_its_source(client, layers):
    _response, rows = _csv(client, at=AT)
    [gyms] = _rows(rows, "3024", "gyms")
    level_b = layers["level_b"]
    assert gyms["type"] == "closure" and gyms["kind"] == "closure" and gyms["advice"] == "false"
    assert gyms["summary"] == "stengt; unntatt rehabilitering og opptrening individuelt eller i mindre grupper"
    assert json.loads(gyms["qualifiers"]) == {"where": "anywhere"}
    assert json.loads(gyms["exceptions"]) == [{"code": "rehabilitation", "max_people": None}]
    assert gyms["source_layer"] == "regional"
    assert gyms["source_label"] == "tiltaksnivå B (covid-19-forskriften kap. 5B)"
    assert (gyms["regulation_id"], gyms["version_id"], gyms["section"]) == (
        str(level_b.regulation_id),
        str(level_b.pk),
        "1",
    )
    assert gyms["source_pdf"] == "http://testserver" + reverse("regulations:version_pdf", args=[level_b.pk])
    assert gyms["stringency"] == gyms["rule_stringency"] == "3"

    [events] = _rows(rows, "3024", "events")
    assert json.loads(events["parameters"]) == {"max_people": 20, "not_counted": []}
    assert (events["source_layer"], events["section"]) == ("local", "3")
    assert events["version_id"] == str(layers["local"].pk) and events["stringency"] == "2"
    [asker_events] = _rows(rows, "3025", "events")
    assert json.loads(asker_events["parameters"])["max_people"] == 100 and asker_events["section"] == "13"


def test_advice_has_its_own_row_marked_as_advice(client, layers):
    _response, rows = _csv(client, at=AT)
    [shops] = _rows(rows, "3024", "shops")
    assert shops["advice"] == "true" and shops["type"] == "face_mask" and shops["stringency"] == "1"


def test_the_export_follows_the_instant(client, layers):
    _response, rows = _csv(client, at="2021-05-22T00:00:00+02:00")
    [gyms] = _rows(rows, "3024", "gyms")
    assert gyms["type"] == "" and gyms["stringency"] == "0"


def test_the_json_holds_the_same_matrix_with_sources_and_licence(client, layers):
    response = client.get("/api/rules/export.json", {"at": AT})
    assert response.status_code == 200
    body = response.json()
    assert body["at"] == AT
    assert body["licence"]["name"] == "Norsk lisens for offentlige data (NLOD) 2.0"
    assert [s["value"] for s in body["stringency_scale"]] == [0, 1, 2, 3, 4]
    by_number = {m["number"]: m for m in body["municipalities"]}
    assert list(by_number) == ["0301", "3024", "3025"]
    for municipality in body["municipalities"]:
        assert [s["setting"] for s in municipality["settings"]] == [s.value for s in Setting]
    baerum = {s["setting"]: s for s in by_number["3024"]["settings"]}
    assert by_number["3024"]["county"] == "Viken"
    [gyms] = baerum["gyms"]["rules"]
    level_b = layers["level_b"]
    assert baerum["gyms"]["stringency"] == 3 and gyms["stringency"] == 3
    assert gyms["exceptions"][0]["code"] == "rehabilitation"
    assert gyms["sources"][0]["version"] == level_b.pk and gyms["sources"][0]["section"] == 1
    [events] = baerum["events"]["rules"]
    [max_people] = [p for p in events["parameters"] if p["parameter"] == "max_people"]
    assert max_people["value"] == 20 and max_people["sources"][0]["layer"] == "local"
    assert max_people["overrides"][0]["value"] == 100
    assert baerum["shops"]["rules"] == [] and baerum["shops"]["advice"][0]["advice"] is True
    assert baerum["pools"] == {"setting": "pools", "label": "Svømmehaller, badeland og spa", "stringency": 0} | {
        "rules": [],
        "advice": [],
    }
    assert body["sources"][str(level_b.pk)]["pdf"] == "http://testserver" + reverse(
        "regulations:version_pdf", args=[level_b.pk]
    )


@pytest.mark.parametrize("path", ["/api/rules/export.csv", "/api/rules/export.json"])
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"at": "i morgen"}, "at"),
        ({"at": "1999-05-15T18:00"}, "at"),
        ({"municipality": "3024"}, "municipality"),
        ({"at": AT, "format": "xlsx"}, "format"),
    ],
)
def test_bad_or_unknown_parameters_get_400_with_the_api_error(client, layers, path, query, parameter):
    response = client.get(path, query)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter and response.json()["error"]


def test_without_at_the_export_answers_for_now(client, layers):
    body = client.get("/api/rules/export.json").json()
    assert datetime.fromisoformat(body["at"]).date() >= date(2024, 1, 1)
    assert len(body["municipalities"]) == 3


def test_the_export_makes_the_same_queries_whatever_the_number_of_municipalities(client, layers):
    with CaptureQueriesContext(connection) as few:
        client.get("/api/rules/export.csv", {"at": AT})
    county = County.objects.get(number="30")
    for n in range(20):
        Municipality.objects.create(
            number=f"31{n:02d}", name=f"Kommune {n}", county=county, valid_from=date(2020, 1, 1)
        )
    with CaptureQueriesContext(connection) as many:
        _response, rows = _csv(client, at=AT)
    assert len(many) == len(few)
    assert len(rows) >= 23 * len(Setting)


def test_the_rules_api_gives_the_stringency_of_each_setting_and_rule(client, layers):
    body = client.get("/api/rules/", {"municipality": "3024", "at": AT}).json()
    by_setting = {s["setting"]: s for s in body["settings"]}
    assert by_setting["gyms"]["stringency"] == 3 and by_setting["gyms"]["rules"][0]["stringency"] == 3
    assert by_setting["shops"]["stringency"] == 1 and by_setting["shops"]["advice"][0]["stringency"] == 1


def test_the_open_data_page_documents_fields_scale_licence_examples_and_feeds(client, layers):
    response = client.get("/apne-data/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Norsk lisens for offentlige data (NLOD) 2.0" in text
    for name, _help in COLUMNS:
        assert f"<code>{name}</code>" in text
    assert "Stengt eller ikke tillatt, innendørs og utendørs, uten unntak" in text
    assert 'curl -o regler.csv "http://testserver/api/rules/export.csv?at=2021-05-15T18:00:00%2B02:00"' in text
    assert "http://testserver/api/rules/3024/feed.atom" in text and "http://testserver/api/rules/feed.atom" in text
    assert "aldri svaret på hva som gjelder rettslig" in text


def test_the_examples_on_the_page_answer(client, layers):
    assert client.get("/api/rules/export.csv?at=2021-05-15T18:00:00%2B02:00").status_code == 200
    assert client.get("/api/rules/?municipality=3024&at=2021-05-15T18:00:00%2B02:00").status_code == 200


def test_after_the_registers_last_edition_the_export_and_the_api_still_list_every_municipality(client, layers):
    """The register loaded ends on a day (its last edition); asked of a later day (today), the
    open data and the API's list are those municipalities, as /regler/<nr>/ answers for each."""
    from datetime import date

    from register.models import Municipality

    Municipality.objects.update(valid_until=date(2023, 12, 31))
    _response, rows = _csv(client, at="2026-12-03T12:00:00+01:00")
    assert {r["municipality_number"] for r in rows} == {"0301", "3024", "3025"}
    listed = client.get("/api/rules/", {"at": "2026-12-03T12:00"}).json()
    assert [m["name"] for m in listed] == ["Oslo", "Bærum", "Asker"]
