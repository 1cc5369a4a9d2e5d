"""effective_rules: what applies in a municipality at an instant, from the national, regional
and local layers — at layer boundaries, to the minute, across a DST change, for visitors."""

from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Organization
from measures.schema import Setting
from regulations.models import Layer
from rules.selectors import effective_rules, effective_rules_all
from tests.factories import oslo

from .conftest import decided

pytestmark = pytest.mark.django_db


def setting(answer, which):
    found = [s for s in answer.settings if s.setting == which]
    return found[0] if found else None


def cap(answer, which=Setting.EVENTS):
    entry = setting(answer, which)
    return None if entry is None else min(r.parameter("max_people") for r in entry.rules if r.code == "cap")


@pytest.fixture
def layers(places, ministry):
    decided(
        ministry,
        layer=Layer.NATIONAL,
        title="Forskrift om smitteverntiltak mv. ved koronautbruddet",
        valid_from=oslo(2021, 1, 1),
        sections=[(13, [("cap", {"settings": ["events"], "max_people": 100}, False)])],
    )
    decided(
        ministry,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 1, 1),
        sections=[(1, [("closure", {"settings": ["gyms"], "exceptions": [{"code": "rehabilitation"}]}, False)])],
        placements=[("3024", oslo(2021, 5, 6), oslo(2021, 5, 21, 23, 59))],
    )
    baerum = Organization.objects.get(municipality_number="3024")
    decided(
        baerum,
        valid_from=oslo(2021, 3, 28, 1, 30),  # the night clocks went forward (02:00 → 03:00)
        valid_until=oslo(2021, 6, 9, 23, 59),
        sections=[
            (3, [("cap", {"settings": ["events"], "max_people": 20}, False)]),
            (5, [("cap", {"settings": ["gyms"], "max_people": 20}, False)]),
        ],
    )
    return places


def test_the_local_layer_applies_from_the_exact_minute_and_ends_exactly_at_its_end(layers):
    baerum = layers["3024"]
    assert cap(effective_rules(municipality=baerum, at=oslo(2021, 3, 28, 1, 29))) == 100
    assert cap(effective_rules(municipality=baerum, at=oslo(2021, 3, 28, 1, 30))) == 20
    assert cap(effective_rules(municipality=baerum, at=oslo(2021, 6, 9, 23, 58))) == 20
    assert cap(effective_rules(municipality=baerum, at=oslo(2021, 6, 9, 23, 59))) == 100


def test_an_instant_across_the_dst_change_is_compared_as_an_instant(layers):
    from datetime import datetime, timezone

    # 01:29 UTC on 28 March 2021 is 03:29 summer time in Oslo: an hour after the local start.
    answer = effective_rules(municipality=layers["3024"], at=datetime(2021, 3, 28, 1, 29, tzinfo=UTC))
    assert cap(answer) == 20
    # 00:29 UTC is 01:29 winter time: a minute before it.
    answer = effective_rules(municipality=layers["3024"], at=datetime(2021, 3, 28, 0, 29, tzinfo=UTC))
    assert cap(answer) == 100


def test_the_regional_level_applies_only_in_the_placed_municipality_and_only_in_its_period(layers):
    def gyms(number, at):
        entry = setting(effective_rules(municipality=layers[number], at=at), Setting.GYMS)
        return sorted(r.code for r in entry.rules) if entry else []

    assert gyms("3024", oslo(2021, 5, 15, 18)) == ["cap", "closure"]
    assert gyms("3024", oslo(2021, 5, 5, 23, 59)) == ["cap"]
    assert gyms("3024", oslo(2021, 5, 21, 23, 58)) == ["cap", "closure"]
    assert gyms("3024", oslo(2021, 5, 21, 23, 59)) == ["cap"]
    assert gyms("0301", oslo(2021, 5, 15, 18)) == []


def test_baerum_on_15_may_at_18_explains_each_rule_with_its_source(layers):
    answer = effective_rules(municipality=layers["3024"], at=oslo(2021, 5, 15, 18))
    [closure] = [r for r in setting(answer, Setting.GYMS).rules if r.code == "closure"]
    assert closure.explanation == (
        # The local cap of 20 on gyms still limits the exception the level allows.
        "Treningssentre: stengt; unntatt rehabilitering og opptrening individuelt eller i mindre grupper"
        " (inntil 20 personer) — tiltaksnivå B (covid-19-forskriften kap. 5B), strengere enn lokal forskrift § 5"
    )
    [events] = setting(answer, Setting.EVENTS).rules
    assert events.explanation == (
        "Arrangementer: maks 20 personer — lokal forskrift § 3, strengere enn Forskrift om smitteverntiltak mv. ved"
        " koronautbruddet § 13"
    )


def test_a_visitor_follows_the_stricter_of_home_and_the_place_visited(layers):
    oslo_org = Organization.objects.get(municipality_number="0301")
    decided(
        oslo_org,
        valid_from=oslo(2021, 5, 1),
        sections=[(2, [("cap", {"settings": ["events"], "max_people": 10}, False)])],
    )
    at = oslo(2021, 5, 15, 18)
    resident_of_oslo_in_baerum = effective_rules(municipality=layers["0301"], visiting=layers["3024"], at=at)
    assert cap(resident_of_oslo_in_baerum) == 10
    gyms = setting(resident_of_oslo_in_baerum, Setting.GYMS)
    assert "closure" in {r.code for r in gyms.rules}  # Bærum's level B reaches the visitor
    assert cap(effective_rules(municipality=layers["3024"], at=at)) == 20
    [events] = setting(resident_of_oslo_in_baerum, Setting.EVENTS).rules
    assert events.main_source.label == "lokal forskrift i Oslo kommune § 2"


def test_all_municipalities_in_the_same_queries_as_one(layers):
    at = oslo(2021, 5, 15, 18)
    with CaptureQueriesContext(connection) as all_queries:
        answers = effective_rules_all(at=at)
    with CaptureQueriesContext(connection) as one_query:
        effective_rules(municipality=layers["3024"], at=at)
    assert set(answers) == {"0301", "3024", "3025"}
    assert len(all_queries) <= len(one_query) + 1
    assert cap(answers["3024"]) == 20 and cap(answers["3025"]) == 100


def test_a_visitor_does_not_get_the_exceptions_only_the_places_residents_have(layers, ministry):
    decided(
        ministry,
        layer=Layer.REGIONAL,
        level="A",
        valid_from=oslo(2021, 1, 1),
        sections=[
            (
                1,
                [
                    (
                        "closure",
                        {
                            "settings": ["pools"],
                            "exceptions": [{"code": "outdoor_group_training_residents"}, {"code": "rehabilitation"}],
                        },
                        False,
                    )
                ],
            )
        ],
        placements=[("3024", oslo(2021, 5, 6), None)],
    )
    at = oslo(2021, 5, 15, 18)

    def pools(answer):
        [rule] = [r for r in setting(answer, Setting.POOLS).rules if r.code == "closure"]
        return [e.code for e in rule.exceptions]

    assert pools(effective_rules(municipality=layers["3024"], at=at)) == [
        "outdoor_group_training_residents",
        "rehabilitation",
    ]
    assert pools(effective_rules(municipality=layers["0301"], visiting=layers["3024"], at=at)) == ["rehabilitation"]
