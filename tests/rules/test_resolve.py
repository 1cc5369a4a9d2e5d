"""The strictest applies, per parameter: the strictness order of every parameter kind, exceptions
intersected, closures over caps, advice apart from rules (measures.resolve, no database)."""

import datetime as dt

import pytest

from measures import schema
from measures.resolve import MeasureInForce, Source, resolve
from measures.schema import ExceptionCode, Order, Setting, Strictness

NATIONAL = Source(layer="national", label="covid-19-forskriften § 13")
LEVEL_B = Source(layer="regional", label="tiltaksnivå B (covid-19-forskriften kap. 5B)", level="B")
LOCAL = Source(layer="local", label="lokal forskrift § 5")


def m(code, source=LOCAL, advice=False, **params):
    return MeasureInForce(code, schema.validate(code, params), advice, source)


def only_rule(settings, setting):
    [entry] = [s for s in settings if s.setting == setting]
    return entry


def test_every_parameter_of_every_kind_declares_an_order():
    for kind in schema.TYPES.values():
        for name, field in kind.params.model_fields.items():
            if name == "exceptions":
                continue
            assert schema.field_marker(field) is not None, f"{kind.code}.{name} has no strictness or qualifier"


@pytest.mark.parametrize(
    ("order", "laxer", "stricter", "extra"),
    [
        (Order.LOWER, 100, 10, {}),
        (Order.HIGHER, 1.0, 2.0, {}),
        (Order.ANY_TRUE, False, True, {}),
        (Order.EARLIER, dt.time(23, 0), dt.time(22, 0), {}),
        (Order.RANK, "green", "red", {"ranks": ("green", "yellow", "red")}),
        (Order.UNION, [4], [4, 5], {}),
        (Order.INTERSECTION, ["staff", "performers"], ["staff"], {}),
    ],
)
def test_the_strictness_order_of_each_kind_of_parameter(order, laxer, stricter, extra):
    marker = Strictness(order, "x", **extra)
    assert schema.is_stricter(marker, stricter, laxer)
    assert not schema.is_stricter(marker, laxer, stricter)
    for a, b in ((laxer, stricter), (stricter, laxer)):
        result = schema.stricter(marker, a, b)
        assert sorted(result) == sorted(stricter) if isinstance(result, list) else result == stricter


def test_an_empty_value_is_the_strictest_where_it_means_always_and_the_laxest_elsewhere():
    whole_day = Strictness(Order.EARLIER, "x", none_is="strictest")
    assert schema.stricter(whole_day, dt.time(22, 0), None) is None
    optional_cap = Strictness(Order.HIGHER, "x")
    assert schema.stricter(optional_cap, None, 3) == 3


def test_the_lowest_cap_wins_with_its_source_and_the_cap_it_overrides():
    settings = resolve(
        [m("cap", NATIONAL, settings=["events"], max_people=100), m("cap", LOCAL, settings=["events"], max_people=10)]
    )
    [rule] = only_rule(settings, Setting.EVENTS).rules
    [cap] = rule.parameters[:1]
    assert cap.value.value == 10 and cap.value.sources == [LOCAL]
    assert [(o.value, o.sources) for o in cap.overridden] == [(100, [NATIONAL])]
    assert (
        rule.explanation
        == "Arrangementer: maks 10 personer — lokal forskrift § 5, strengere enn covid-19-forskriften § 13"
    )


def test_caps_with_other_qualifiers_are_separate_rules():
    settings = resolve(
        [
            m("cap", NATIONAL, settings=["events"], where="indoors", max_people=10),
            m("cap", NATIONAL, settings=["events"], where="indoors", fixed_seats=True, max_people=100),
            m("cap", NATIONAL, settings=["events"], where="outdoors", max_people=200),
        ]
    )
    assert sorted(r.parameter("max_people") for r in only_rule(settings, Setting.EVENTS).rules) == [10, 100, 200]


def test_strictest_is_decided_per_parameter_not_per_measure():
    national = m("face_mask", NATIONAL, settings=["shops"], only_below_distance_m=1, exempt_under_age=12)
    local = m("face_mask", LOCAL, settings=["shops"], only_below_distance_m=1, includes_staff=True, exempt_under_age=13)
    [rule] = only_rule(resolve([national, local]), Setting.SHOPS).rules
    assert rule.parameter("includes_staff") is True  # a duty if any layer imposes it (local)
    assert rule.parameter("exempt_under_age") == 12  # fewer children exempt (national)
    by_key = {p.key: p for p in rule.parameters}
    assert by_key["includes_staff"].value.sources == [LOCAL]
    assert by_key["exempt_under_age"].value.sources == [NATIONAL]


def test_an_exception_holds_only_if_every_layer_allows_it_with_the_lowest_number():
    b = m(
        "closure",
        LEVEL_B,
        settings=["gyms"],
        exceptions=[{"code": "rehabilitation"}, {"code": "top_athletes"}, {"code": "under_20"}],
    )
    local = m("closure", LOCAL, settings=["gyms"], exceptions=[{"code": "rehabilitation"}, {"code": "under_20"}])
    [rule] = only_rule(resolve([b, local]), Setting.GYMS).rules
    assert [e.code for e in rule.exceptions] == [ExceptionCode.UNDER_20, ExceptionCode.REHABILITATION]
    events_b = m("closure", LEVEL_B, settings=["events"], exceptions=[{"code": "funerals", "max_people": 50}])
    events_local = m("closure", LOCAL, settings=["events"], exceptions=[{"code": "funerals", "max_people": 30}])
    [rule] = only_rule(resolve([events_b, events_local]), Setting.EVENTS).rules
    assert [(e.code, e.max_people) for e in rule.exceptions] == [(ExceptionCode.FUNERALS, 30)]


def test_a_closure_overrides_the_caps_of_the_setting_and_its_exceptions_allow_no_more_than_they_did():
    closure = m(
        "closure",
        LEVEL_B,
        settings=["events"],
        exceptions=[{"code": "religious_ceremonies", "max_people": 20}, {"code": "funerals", "max_people": 50}],
    )
    cap = m("cap", LOCAL, settings=["events"], max_people=10, exceptions=[{"code": "funerals", "max_people": 50}])
    rules = only_rule(resolve([closure, cap]), Setting.EVENTS).rules
    [ban] = [r for r in rules if r.code == "closure"]
    [capped] = [r for r in rules if r.code == "cap"]
    assert capped.overridden_by is ban
    assert {e.code: e.max_people for e in ban.exceptions} == {
        ExceptionCode.RELIGIOUS_CEREMONIES: 10,  # the local cap of 10 still binds a ceremony
        ExceptionCode.FUNERALS: 50,  # the local rule's own exception for funerals
    }
    assert ban.explanation.startswith("Arrangementer: ikke tillatt; unntatt ")
    assert ban.explanation.endswith("— tiltaksnivå B (covid-19-forskriften kap. 5B), strengere enn lokal forskrift § 5")


def test_a_closure_from_the_region_reads_as_stricter_than_the_local_cap():
    settings = resolve([m("closure", LEVEL_B, settings=["gyms"]), m("cap", LOCAL, settings=["gyms"], max_people=20)])
    [closure] = [r for r in only_rule(settings, Setting.GYMS).rules if r.code == "closure"]
    assert closure.explanation == (
        "Treningssentre: stengt — tiltaksnivå B (covid-19-forskriften kap. 5B), strengere enn lokal forskrift § 5"
    )


def test_earliest_hour_red_over_yellow_and_the_longer_distance():
    settings = resolve(
        [
            m("alcohol_ban", NATIONAL, from_time="23:00"),
            m("alcohol_ban", LOCAL, from_time="22:00"),
            m("traffic_light", NATIONAL, stages=["upper_secondary", "primary"], level="yellow"),
            m("traffic_light", LOCAL, stages=["upper_secondary"], level="red"),
            m("distance", NATIONAL, metres=1),
            m("distance", LOCAL, metres=2),
        ]
    )
    [ban] = only_rule(settings, Setting.RESTAURANTS).rules
    assert ban.parameter("from_time") == dt.time(22, 0) and ban.summary == "skjenkestopp fra kl. 22.00"
    levels = {r.qualifiers["stages"]: r.parameter("level") for r in only_rule(settings, Setting.SCHOOLS).rules}
    assert levels == {"upper_secondary": "red", "primary": "yellow"}
    [distance] = only_rule(settings, Setting.PUBLIC_PLACES).rules
    assert distance.summary == "minst 2 meters avstand"


def test_advice_never_overrides_a_rule_and_is_kept_apart():
    settings = resolve(
        [
            m("cap", NATIONAL, settings=["private_homes"], max_people=10),
            m("cap", LEVEL_B, advice=True, settings=["private_homes"], max_people=5),
        ]
    )
    entry = only_rule(settings, Setting.PRIVATE_HOMES)
    assert [r.parameter("max_people") for r in entry.rules] == [10]
    assert [r.parameter("max_people") for r in entry.advice] == [5]


def test_one_measure_on_several_settings_is_a_rule_on_each():
    settings = resolve([m("closure", LEVEL_B, settings=["gyms", "pools", "museums"])])
    assert [s.setting for s in settings] == [Setting.GYMS, Setting.POOLS, Setting.MUSEUMS]


def test_the_first_catalogs_measures_resolve_as_the_typed_kinds():
    [(code, params)] = schema.typed("venue_closure", {"venues": ["gyms"], "exceptions": ["top_athletes"]})
    [rule] = only_rule(resolve([MeasureInForce(code, params, False, LOCAL)]), Setting.GYMS).rules
    assert rule.summary == "stengt; unntatt toppidrettsutøvere"


def test_only_a_cap_on_every_gathering_limits_what_a_closures_exceptions_allow():
    closure = m("closure", LEVEL_B, settings=["events"], exceptions=[{"code": "outdoor_markets"}])
    indoor_cap = m("cap", NATIONAL, settings=["events"], where="indoors", max_people=10)
    seated_cap = m("cap", NATIONAL, settings=["events"], fixed_seats=True, max_people=100)
    rules = only_rule(resolve([closure, indoor_cap, seated_cap]), Setting.EVENTS).rules
    [ban] = [r for r in rules if r.code == "closure"]
    assert [(e.code, e.max_people) for e in ban.exceptions] == [(ExceptionCode.OUTDOOR_MARKETS, None)]
    assert all(r.overridden_by is ban for r in rules if r.code == "cap")
    [indoor] = [r for r in rules if r.code == "cap" and r.qualifiers["where"] == "indoors"]
    assert indoor.explanation.endswith(
        "(gjelder ikke så lenge tiltaksnivå B (covid-19-forskriften kap. 5B) stenger eller forbyr dette)"
    )


def test_the_source_named_is_the_one_whose_value_decides():
    national = m("alcohol_ban", NATIONAL, from_time="22:00")
    level = m("alcohol_ban", LEVEL_B)
    [rule] = only_rule(resolve([national, level]), Setting.RESTAURANTS).rules
    assert rule.main_source == LEVEL_B
    assert rule.explanation == (
        "Serveringssteder: skjenkestopp hele døgnet — tiltaksnivå B (covid-19-forskriften kap. 5B),"
        " strengere enn covid-19-forskriften § 13"
    )


def test_advice_is_worded_as_advice():
    [advice] = only_rule(resolve([m("face_mask", LOCAL, advice=True, settings=["shops"])]), Setting.SHOPS).advice
    assert advice.summary == "munnbind anbefalt"


def test_rules_of_one_kind_come_in_the_declared_order_of_their_qualifiers():
    stages = ["upper_secondary", "kindergarten", "primary", "lower_secondary"]
    rules = only_rule(resolve([m("traffic_light", NATIONAL, stages=stages, level="yellow")]), Setting.SCHOOLS).rules
    assert [r.qualifiers["stages"] for r in rules] == ["kindergarten", "primary", "lower_secondary", "upper_secondary"]
