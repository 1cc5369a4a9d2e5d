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
