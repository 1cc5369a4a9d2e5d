"""The rules in force grouped as people look for them on the public page: «Arrangementer»,
«Trening og fritid», «Munnbind», … Every `Setting` belongs to one group, declared here only;
a face-mask rule goes under «Munnbind» whatever setting it governs.

Within a group, rules that say the same thing from the same source on several settings (masks
in shops, restaurants and taxis) become one line naming them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from measures.resolve import RuleInForce, SettingInForce, Source
from measures.schema import Level, Setting


@dataclass(frozen=True)
class Group:
    code: str
    label: object
    settings: tuple[Setting, ...] = ()
    named: Setting | None = None  # the setting the heading already names («Arrangementer»)


FACE_MASKS = "face_masks"

GROUPS: tuple[Group, ...] = (
    Group("events", _("Arrangementer"), (Setting.EVENTS, Setting.RELIGIOUS_VENUES), named=Setting.EVENTS),
    Group("private", _("Private hjem og sammenkomster"), (Setting.PRIVATE_HOMES, Setting.PRIVATE_GATHERINGS)),
    Group("restaurants", _("Serveringssteder"), (Setting.RESTAURANTS,), named=Setting.RESTAURANTS),
    Group(
        "leisure",
        _("Trening og fritid"),
        (
            Setting.GYMS,
            Setting.POOLS,
            Setting.SPORTS_LEISURE,
            Setting.LEISURE_VENUES,
            Setting.CULTURE_VENUES,
            Setting.MUSEUMS,
            Setting.AMUSEMENT,
            Setting.LIBRARIES,
        ),
    ),
    Group("shops", _("Butikker og kjøpesentre"), (Setting.SHOPS,), named=Setting.SHOPS),
    Group("services", _("Frisører og andre tjenester"), (Setting.ONE_TO_ONE,), named=Setting.ONE_TO_ONE),
    Group("schools", _("Skole og barnehage"), (Setting.SCHOOLS,), named=Setting.SCHOOLS),
    Group("higher_education", _("Høyere utdanning"), (Setting.HIGHER_EDUCATION,), named=Setting.HIGHER_EDUCATION),
    Group("work", _("Arbeid"), (Setting.WORKPLACES,), named=Setting.WORKPLACES),
    Group(FACE_MASKS, _("Munnbind")),
    Group("transport", _("Kollektivtransport og taxi"), (Setting.PUBLIC_TRANSPORT, Setting.TAXIS)),
    Group("travel", _("Reise og karantene"), (Setting.TRAVEL,), named=Setting.TRAVEL),
    Group("public_places", _("Avstand og offentlige steder"), (Setting.PUBLIC_PLACES,), named=Setting.PUBLIC_PLACES),
)

GROUP_OF_SETTING: dict[Setting, Group] = {setting: group for group in GROUPS for setting in group.settings}
_BY_CODE = {group.code: group for group in GROUPS}


def group_of(rule: RuleInForce) -> Group:
    """The group a rule is shown under."""
    if rule.code == "face_mask":
        return _BY_CODE[FACE_MASKS]
    return GROUP_OF_SETTING[rule.setting]


@dataclass
class Line:
    """One line of the public page: a rule (or advice) on one or more settings, and its source."""

    settings: list[Setting]
    summary: str
    source: Source
    show_settings: bool = True
    level: Level | None = None  # a school level: one line for every stage on it from one source
    stages: list[str] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        """The summary as a sentence: capitalised when it starts the line, with its full stop."""
        text = self.summary if self.show_settings else self.summary[:1].upper() + self.summary[1:]
        return text if text.endswith((".", "!", "?")) else text + "."

    @property
    def settings_label(self) -> str:
        labels = [str(s.label) for s in self.settings]
        return _join([labels[0]] + [label[:1].lower() + label[1:] for label in labels[1:]])


def _add_stage(target: GroupInForce, rule: RuleInForce) -> None:
    """«Gult nivå i barnehage, barneskole og ungdomsskole» instead of a line per stage."""
    level, stage = rule.parameter("level"), str(rule.qualifiers["stages"].label)
    for line in target.lines:
        if line.level == level and line.source == rule.main_source and line.settings == [rule.setting]:
            line.stages.append(stage)
            break
    else:
        line = Line([rule.setting], "", rule.main_source, level=level, stages=[stage])
        target.lines.append(line)
    line.summary = str(_("%(level)s i %(stage)s") % {"level": level.label, "stage": _join(line.stages)})


def _join(items: list[str]) -> str:
    """«a, b og c»."""
    if len(items) <= 1:
        return "".join(items)
    return str(_("%(first)s og %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]})


@dataclass
class GroupInForce:
    group: Group
    lines: list[Line] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.group.label)


def grouped(settings: list[SettingInForce], *, advice: bool) -> list[GroupInForce]:
    """The rules (or the advice) in force as groups of lines, in the groups' declared order.
    Rules a closure overrides are left out: while the closure applies, they do not."""
    found: dict[str, GroupInForce] = {}
    for entry in settings:
        for rule in entry.advice if advice else entry.rules:
            if rule.overridden_by is not None:
                continue
            group = group_of(rule)
            target = found.setdefault(group.code, GroupInForce(group))
            if rule.code == "traffic_light" and not rule.exceptions:
                _add_stage(target, rule)
                continue
            for line in target.lines:
                if line.summary == rule.summary and line.source == rule.main_source and line.level is None:
                    line.settings.append(rule.setting)
                    break
            else:
                target.lines.append(Line([rule.setting], rule.summary, rule.main_source))
    out = [found[g.code] for g in GROUPS if g.code in found]
    for group_in_force in out:
        for line in group_in_force.lines:
            # The heading already says it: «Arrangementer», not «Arrangementer: maks 20 personer».
            line.show_settings = line.settings != [group_in_force.group.named]
    return out
