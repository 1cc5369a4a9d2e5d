"""An ordinal stringency per setting, 0–4: a comparison aid for the open data, never the legal
answer (that is the resolved rule with its parameters and its source).

In the spirit of the Oxford COVID-19 Government Response Tracker (OxCGRT), which records one
ordinal per indicator, 0 for no measures, 1 for a recommendation and higher values for what
is required (C1 school closing: 2 some levels, 3 all levels; C4 gatherings: 3 at 11–100
people, 4 at 10 or fewer), and codes the most stringent policy in force. Here each rule in
force gets a grade by its kind, and a setting takes the highest grade among its rules:

    0  no rule and no advice
    1  advice only (anbefalinger, no påbud or forbud), or the green level of the traffic-light
       model (ordinary operation with infection control)
    2  a duty or a limit: masks, registration of visitors, distance, home office where
       practicable, quarantine; a closing hour or skjenkestopp from an hour; a cap above 10
       people; the yellow level; a rule in free text (which cannot be graded further)
    3  a strict limit: a cap of 10 people or fewer; a closure with exceptions, or indoors
       (or outdoors) only; skjenkestopp all day; home office for everyone who can; the red level
    4  closed or not allowed, indoors and outdoors, without exceptions (a cap of 0 alike)

Advice never raises a setting above 1, as it never overrides a rule (measures.resolve).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from measures.resolve import RuleInForce, SettingInForce
from measures.schema import HomeOfficeScope, Level, MeasureKind, Where

NONE, ADVICE, DUTY, STRICT, CLOSED = 0, 1, 2, 3, 4
STRICT_CAP = 10  # OxCGRT C4's strictest band: gatherings of 10 people or fewer

SCALE = {
    NONE: _("Ingen regel eller anbefaling"),
    ADVICE: _("Bare anbefalinger (eller grønt nivå i trafikklysmodellen)"),
    DUTY: _(
        "Påbud eller begrensning: munnbind, registrering, avstand, hjemmekontor der det er praktisk mulig, "
        "karantene, stengetid eller skjenkestopp fra et klokkeslett, maks mer enn 10 personer, gult nivå, "
        "annet tiltak i fritekst"
    ),
    STRICT: _(
        "Strenge begrensninger: maks 10 personer eller færre, stengt med unntak eller bare innendørs "
        "(utendørs), skjenkestopp hele døgnet, hjemmekontor for alle som kan, rødt nivå"
    ),
    CLOSED: _("Stengt eller ikke tillatt, innendørs og utendørs, uten unntak"),
}


def _closed(rule: RuleInForce) -> int:
    everywhere = rule.qualifiers.get("where", Where.ANYWHERE) == Where.ANYWHERE
    return CLOSED if everywhere and not rule.exceptions else STRICT


def rule_stringency(rule: RuleInForce) -> int:
    """The grade of one rule (see the module's scale); advice is 1 whatever it advises."""
    if rule.is_advice:
        return ADVICE
    kind = rule.kind
    if kind == MeasureKind.CLOSURE:
        return _closed(rule)
    if kind == MeasureKind.CAP:
        people = rule.parameter("max_people")
        if people == 0:
            return _closed(rule)
        return STRICT if people is not None and people <= STRICT_CAP else DUTY
    if kind == MeasureKind.LEVEL:
        level = rule.parameter("level")
        return {Level.GREEN: ADVICE, Level.RED: STRICT}.get(level, DUTY)
    if rule.code == "alcohol_ban" and rule.parameter("from_time") is None:
        return STRICT
    if rule.code == "home_office" and rule.parameter("scope") == HomeOfficeScope.FULL:
        return STRICT
    return DUTY


def setting_stringency(entry: SettingInForce | None) -> int:
    """The grade of a setting: the highest of its rules', 1 with advice only, 0 with nothing."""
    if entry is None:
        return NONE
    if entry.rules:
        return max(rule_stringency(rule) for rule in entry.rules)
    return ADVICE if entry.advice else NONE


def scale() -> list[dict]:
    """The scale as data, for the exports and the documentation page."""
    return [{"value": value, "label": str(label)} for value, label in SCALE.items()]


def with_stringency(answer: dict, settings: list[SettingInForce]) -> dict:
    """An API answer (`RulesInForce.as_dict()`) with `stringency` on each setting and rule."""
    for data, entry in zip(answer["settings"], settings, strict=True):
        data["stringency"] = setting_stringency(entry)
        for key, rules in (("rules", entry.rules), ("advice", entry.advice)):
            for rule_data, rule in zip(data[key], rules, strict=True):
                rule_data["stringency"] = rule_stringency(rule)
    return answer
