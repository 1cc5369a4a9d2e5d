"""The stringency scale 0–4, per kind of measure (rules.stringency): a comparison aid."""

import pytest

from measures import schema
from measures.resolve import MeasureInForce, Source, resolve
from measures.schema import Setting
from rules.stringency import rule_stringency, scale, setting_stringency

SOURCE = Source(layer="local", label="lokal forskrift § 1")


def settings(*measures):
    """What is in force with `measures` [(code, params, is_advice)], by setting."""
    return {
        entry.setting: entry
        for entry in resolve(
            MeasureInForce(code, schema.validate(code, p), advice, SOURCE) for code, p, advice in measures
        )
    }


def grade(code, params, advice=False, setting=None):
    found = settings((code, params, advice))
    if setting is None:
        [entry] = found.values()
    else:
        entry = found[setting]
    return setting_stringency(entry)


def test_no_rule_and_no_advice_is_0():
    assert setting_stringency(None) == 0


def test_advice_only_is_1_whatever_it_advises():
    assert grade("closure", {"settings": ["gyms"]}, advice=True) == 1
    assert grade("cap", {"settings": ["events"], "max_people": 5}, advice=True) == 1


@pytest.mark.parametrize(
    ("code", "params", "expected"),
    [
        ("cap", {"settings": ["events"], "max_people": 200}, 2),
        ("cap", {"settings": ["events"], "max_people": 11}, 2),
        ("cap", {"settings": ["events"], "max_people": 10}, 3),
        ("cap", {"settings": ["private_homes"], "max_people": 5, "not_counted": ["household"]}, 3),
        ("cap", {"settings": ["events"], "max_people": 0}, 4),
        ("cap", {"settings": ["events"], "max_people": 0, "exceptions": [{"code": "funerals", "max_people": 50}]}, 3),
        ("closure", {"settings": ["gyms"]}, 4),
        ("closure", {"settings": ["gyms"], "exceptions": [{"code": "rehabilitation"}]}, 3),
        ("closure", {"settings": ["leisure_venues"], "where": "indoors"}, 3),
        ("face_mask", {"settings": ["shops"], "only_below_distance_m": 1}, 2),
        ("registration", {"settings": ["restaurants"], "retention_days": 14}, 2),
        ("distance", {"metres": 2}, 2),
        ("home_office", {"scope": "where_practicable"}, 2),
        ("home_office", {"scope": "full"}, 3),
        ("alcohol_ban", {"from_time": "22:00"}, 2),
        ("alcohol_ban", {}, 3),
        ("closing_time", {"settings": ["restaurants"], "closes_at": "23:00"}, 2),
        ("traffic_light", {"stages": ["primary"], "level": "green"}, 1),
        ("traffic_light", {"stages": ["primary"], "level": "yellow"}, 2),
        ("traffic_light", {"stages": ["primary"], "level": "red"}, 3),
        ("quarantine", {"kind": "entry", "days": 10}, 2),
        ("text", {"settings": ["public_places"], "description": "Unngå trengsel."}, 2),
    ],
)
def test_each_kind_of_rule_has_its_grade(code, params, expected):
    assert grade(code, params) == expected


def test_a_setting_takes_the_highest_grade_of_its_rules():
    found = settings(
        ("cap", {"settings": ["gyms"], "max_people": 30}, False),
        ("closure", {"settings": ["gyms"]}, False),
        ("face_mask", {"settings": ["gyms"]}, False),
    )
    entry = found[Setting.GYMS]
    assert sorted(rule_stringency(r) for r in entry.rules) == [2, 2, 4]
    assert setting_stringency(entry) == 4


def test_advice_never_raises_a_setting_above_its_rules():
    found = settings(
        ("cap", {"settings": ["events"], "max_people": 50}, False),
        ("closure", {"settings": ["events"]}, True),
    )
    assert setting_stringency(found[Setting.EVENTS]) == 2


def test_the_scale_is_documented_step_by_step():
    assert [step["value"] for step in scale()] == [0, 1, 2, 3, 4]
    assert all(step["label"] for step in scale())
