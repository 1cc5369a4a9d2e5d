"""The public page's groups: every setting is shown under one, face masks under «Munnbind»."""

from measures.resolve import RuleInForce
from measures.schema import Setting
from rules.groups import GROUP_OF_SETTING, GROUPS, group_of


def rule(code, setting):
    return RuleInForce(code, setting, False, {}, [], [], [])


def test_every_setting_has_exactly_one_group():
    declared = [s for g in GROUPS for s in g.settings]
    assert sorted(declared) == sorted(Setting) and len(declared) == len(set(declared))
    assert set(GROUP_OF_SETTING) == set(Setting)


def test_face_mask_rules_go_under_munnbind_whatever_their_setting():
    assert {str(group_of(rule("face_mask", s)).label) for s in Setting} == {"Munnbind"}
    assert str(group_of(rule("closure", Setting.GYMS)).label) == "Trening og fritid"
    assert str(group_of(rule("closure", Setting.MUSEUMS)).label) == "Trening og fritid"
    assert str(group_of(rule("cap", Setting.TAXIS)).label) == "Kollektivtransport og taxi"


def _resolved(*measures):
    from measures import schema
    from measures.resolve import MeasureInForce, Source, resolve

    source = Source(layer="local", label="lokal forskrift § 7", version_id=1, section_number=7)
    return resolve(
        MeasureInForce(code, schema.validate(code, params), advice, source) for code, params, advice in measures
    )


def test_one_school_level_from_one_source_is_one_line_naming_every_stage():
    from rules.groups import grouped

    settings = _resolved(
        ("traffic_light", {"stages": ["kindergarten", "primary"], "level": "yellow"}, False),
        ("traffic_light", {"stages": ["upper_secondary"], "level": "red"}, False),
    )
    [schools] = grouped(settings, advice=False)
    assert [line.sentence for line in schools.lines] == [
        "Gult nivå i barnehage og barneskole.",
        "Rødt nivå i videregående skole.",
    ]


def test_a_free_text_rule_that_ends_its_own_sentence_gets_no_second_full_stop():
    from rules.groups import grouped

    settings = _resolved(("text", {"settings": ["shops"], "description": "Handle alene."}, True))
    [shops] = grouped(settings, advice=True)
    assert shops.lines[0].sentence == "Handle alene."
    assert grouped(settings, advice=False) == []
