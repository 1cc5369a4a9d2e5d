"""The strictest applies: measures in force from several layers, resolved per parameter.

Pure functions on typed measures (`measures.schema`), with no database: the selector that
gathers what is in force in a place at an instant (`rules.selectors.effective_rules`) hands
them here. Decided per parameter, not per measure: for each rule (a kind of measure on one
setting with the same qualifiers), every parameter takes its strictest value among the
measures that impose it (`schema.stricter`), with the source of that value and the less strict
values it overrides; an exception holds only if every such measure allows it. A closure of a
setting overrides the caps on it, and then an exception cannot allow more people than the caps
did. Rules and advice are resolved apart: advice never overrides a rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import schema
from .schema import ExceptionEntry, MeasureKind, MeasureParams, Setting, Where

LAYER_ORDER = {"national": 0, "regional": 1, "local": 2}


@dataclass(frozen=True)
class Source:
    """Where a measure stands: its layer and, for linking, its regulation, version and §."""

    layer: str  # national | regional | local
    label: str  # «tiltaksnivå B (covid-19-forskriften kap. 5B)», «lokal forskrift § 5»
    title: str = ""
    regulation_id: int | None = None
    version_id: int | None = None
    section_number: int | None = None
    level: str = ""
    municipality_number: str = ""  # the municipality whose local rule it is

    def as_dict(self) -> dict:
        return {
            "layer": self.layer,
            "label": self.label,
            "title": self.title,
            "regulation": self.regulation_id,
            "version": self.version_id,
            "section": self.section_number,
            "level": self.level or None,
            "municipality": self.municipality_number or None,
        }


@dataclass(frozen=True)
class MeasureInForce:
    code: str
    params: MeasureParams
    is_advice: bool
    source: Source


@dataclass
class SourcedValue:
    value: Any
    shown: str
    sources: list[Source]


@dataclass
class ParameterInForce:
    key: str
    label: str
    value: SourcedValue
    overridden: list[SourcedValue] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "parameter": self.key,
            "label": self.label,
            "value": _json(self.value.value),
            "shown": self.value.shown,
            "sources": [s.as_dict() for s in self.value.sources],
            "overrides": [
                {"value": _json(o.value), "shown": o.shown, "sources": [s.as_dict() for s in o.sources]}
                for o in self.overridden
            ],
        }


@dataclass
class RuleInForce:
    """One rule in force: a kind of measure on one setting, its parameters resolved."""

    code: str
    setting: Setting
    is_advice: bool
    qualifiers: dict[str, Any]
    parameters: list[ParameterInForce]
    exceptions: list[ExceptionEntry]
    sources: list[Source]
    overridden_by: RuleInForce | None = None
    overrides: list[RuleInForce] = field(default_factory=list)  # the caps a closure overrides
    description: str = ""  # the free-text kind's text

    @property
    def kind(self) -> MeasureKind:
        return schema.TYPES[self.code].kind

    @property
    def main_source(self) -> Source:
        """The source of the deciding value: of the first parameter whose value is stricter than
        another layer's, else of the first parameter (the highest layer when they agree)."""
        for parameter in self.parameters:
            if parameter.overridden:
                return parameter.value.sources[0]
        for parameter in self.parameters:
            return parameter.value.sources[0]
        return self.sources[0]

    @property
    def overridden_sources(self) -> list[Source]:
        main = self.main_source
        seen: list[Source] = []
        for parameter in self.parameters:
            for value in parameter.overridden:
                for source in value.sources:
                    if source != main and source not in seen:
                        seen.append(source)
        for rule in self.overrides:
            for source in rule.sources:
                if source != main and source not in seen:
                    seen.append(source)
        return seen

    def parameter(self, key: str) -> Any:
        for p in self.parameters:
            if p.key == key:
                return p.value.value
        return None

    @property
    def summary(self) -> str:
        return rule_summary(self)

    @property
    def explanation(self) -> str:
        """«Treningssentre: stengt — tiltaksnivå B (…), strengere enn lokal forskrift § 5»."""
        text = _("%(setting)s: %(rule)s — %(source)s") % {
            "setting": self.setting.label,
            "rule": self.summary,
            "source": self.main_source.label,
        }
        others = self.overridden_sources
        if others:
            text += _(", strengere enn %(others)s") % {"others": _join([s.label for s in others])}
        if self.overridden_by is not None:
            text += " " + _("(gjelder ikke så lenge %(source)s stenger eller forbyr dette)") % {
                "source": self.overridden_by.main_source.label
            }
        return text

    def as_dict(self) -> dict:
        return {
            "type": self.code,
            "kind": self.kind.value,
            "setting": self.setting.value,
            "advice": self.is_advice,
            "qualifiers": {k: _json(v) for k, v in self.qualifiers.items()},
            "summary": self.summary,
            "explanation": self.explanation,
            "parameters": [p.as_dict() for p in self.parameters],
            "exceptions": [
                {"code": e.code.value, "label": str(e.code.label), "max_people": e.max_people} for e in self.exceptions
            ],
            "sources": [s.as_dict() for s in self.sources],
            "overridden_by": self.overridden_by.summary if self.overridden_by else None,
        }


@dataclass
class SettingInForce:
    setting: Setting
    rules: list[RuleInForce]
    advice: list[RuleInForce]

    @property
    def label(self) -> str:
        return str(self.setting.label)

    def as_dict(self) -> dict:
        return {
            "setting": self.setting.value,
            "label": self.label,
            "rules": [r.as_dict() for r in self.rules],
            "advice": [r.as_dict() for r in self.advice],
        }


def _json(value: Any) -> Any:
    if isinstance(value, list):
        return [_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="minutes")
    if isinstance(value, ExceptionEntry):
        return value.model_dump(mode="json")
    return value.value if isinstance(value, schema.models.Choices) else value


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s og %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


# --- resolving -------------------------------------------------------------------------------


def _expanded(measure: MeasureInForce) -> Iterable[tuple[tuple, dict[str, Any]]]:
    """(rule key, qualifiers) for each setting (and each item of an expanded qualifier)."""
    params = measure.params
    qualifiers = schema.qualifier_fields(type(params))
    fixed = {name: getattr(params, name) for name, q in qualifiers.items() if not q.expand and name != "settings"}
    expand = [name for name, q in qualifiers.items() if q.expand and name != "settings"]
    for setting in params.settings:
        combos: list[dict[str, Any]] = [{}]
        for name in expand:
            combos = [c | {name: item} for c in combos for item in getattr(params, name)]
        for combo in combos:
            quals = fixed | combo
            key = (measure.code, setting, tuple(sorted((k, _json(v)) for k, v in quals.items())))
            yield key, quals | {"_setting": setting}


def resolve(measures: Iterable[MeasureInForce]) -> list[SettingInForce]:
    """For every setting, the rules and the advice in force, each parameter at its strictest."""
    groups: dict[tuple[bool, tuple], list[tuple[MeasureInForce, dict]]] = defaultdict(list)
    for measure in measures:
        for key, quals in _expanded(measure):
            groups[(measure.is_advice, key)].append((measure, quals))
    by_setting: dict[Setting, SettingInForce] = {}
    for (is_advice, key), members in groups.items():
        rule = _merge(key, members, is_advice)
        entry = by_setting.setdefault(rule.setting, SettingInForce(rule.setting, [], []))
        (entry.advice if is_advice else entry.rules).append(rule)
    for entry in by_setting.values():
        _closures_override_caps(entry.rules)
        entry.rules.sort(key=_rule_order)
        entry.advice.sort(key=_rule_order)
    order = list(Setting)
    return sorted(by_setting.values(), key=lambda e: order.index(e.setting))


def _merge(key: tuple, members: list[tuple[MeasureInForce, dict]], is_advice: bool) -> RuleInForce:
    code = key[0]
    params_type = schema.TYPES[code].params
    quals = dict(members[0][1])
    setting = quals.pop("_setting")
    members = sorted(members, key=lambda m: LAYER_ORDER.get(m[0].source.layer, 0))
    sources = _unique([m.source for m, _q in members])
    parameters = []
    for name, marker in schema.strict_fields(params_type).items():
        values = [(getattr(m.params, name), m.source) for m, _q in members]
        best = values[0][0]
        for value, _source in values[1:]:
            best = schema.stricter(marker, best, value)
        winners = _unique([s for v, s in values if _same(v, best)]) or sources
        overridden: dict[str, SourcedValue] = {}
        for value, source in values:
            if _same(value, best):
                continue
            shown = schema.shown(value, marker)
            entry = overridden.setdefault(shown, SourcedValue(value, shown, []))
            if source not in entry.sources:
                entry.sources.append(source)
        parameters.append(
            ParameterInForce(
                name,
                str(marker.label),
                SourcedValue(best, schema.shown(best, marker), winners),
                list(overridden.values()),
            )
        )
    exceptions: list[ExceptionEntry] = []
    if schema.has_exceptions(params_type):
        exceptions = schema.exceptions_intersect([m.params.exceptions for m, _q in members])  # type: ignore[attr-defined]
    description = getattr(members[0][0].params, "description", "")
    return RuleInForce(code, setting, is_advice, quals, parameters, exceptions, sources, description=description)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return set(a) == set(b)
    return a == b


def _unique(sources: Iterable[Source]) -> list[Source]:
    out: list[Source] = []
    for s in sources:
        if s not in out:
            out.append(s)
    return out


def _rule_order(rule: RuleInForce) -> tuple:
    """By kind as declared, then by each qualifier in its declared order (barnehage before
    barneskole, innendørs before utendørs)."""
    qualifiers = []
    for value in rule.qualifiers.values():
        if isinstance(value, schema.models.Choices):
            qualifiers.append((list(type(value)).index(value), ""))
        else:
            qualifiers.append((0, str(value)))
    return (list(schema.TYPES).index(rule.code), tuple(qualifiers))


def _closures_override_caps(rules: list[RuleInForce]) -> None:
    """A closure of a setting (everywhere, or in the same place) overrides its caps; its
    exceptions then allow no more people than those caps allowed for the same exception."""
    closures = [r for r in rules if r.code == "closure"]
    for closure in closures:
        where = closure.qualifiers.get("where", Where.ANYWHERE)
        caps = [
            r
            for r in rules
            if r.code == "cap"
            and r.overridden_by is None
            and (where == Where.ANYWHERE or r.qualifiers.get("where") == where)
        ]
        for cap in caps:
            cap.overridden_by = closure
        closure.overrides = caps
        # Only a cap on every gathering of the setting (anywhere, without fixed seats) still
        # limits what the closure's exceptions allow; an indoor cap says nothing of an outdoor
        # market, a cap with fixed seats nothing of the rest.
        binding = [
            cap
            for cap in caps
            if cap.qualifiers.get("where", Where.ANYWHERE) == Where.ANYWHERE and not cap.qualifiers.get("fixed_seats")
        ]
        limited = []
        for exception in closure.exceptions:
            limits = [n for n in (_cap_limit(cap, exception) for cap in binding) if n is not None]
            if exception.max_people is not None:
                limits.append(exception.max_people)
            limited.append(ExceptionEntry(code=exception.code, max_people=min(limits) if limits else None))
        closure.exceptions = limited


def _cap_limit(cap: RuleInForce, exception: ExceptionEntry) -> int | None:
    for own in cap.exceptions:
        if own.code == exception.code:
            return own.max_people
    return cap.parameter("max_people")


# --- saying it in Norwegian ------------------------------------------------------------------


def rule_summary(rule: RuleInForce) -> str:
    """The rule in a few words: «stengt», «maks 10 personer innendørs», «skjenkestopp hele døgnet»."""
    p = rule.parameter
    where = rule.qualifiers.get("where")
    where_text = f" {where.label}" if where and where != Where.ANYWHERE else ""
    if rule.code == "cap":
        text = (
            ngettext("maks %(n)s person", "maks %(n)s personer", p("max_people")) % {"n": p("max_people")} + where_text
        )
        if rule.qualifiers.get("fixed_seats"):
            text += " " + _("med faste, tilviste plasser")
        not_counted = p("not_counted") or []
        if not_counted:
            text += " " + _("(%(who)s telles ikke med)") % {"who": _join([str(n.label) for n in not_counted])}
    elif rule.code == "closure":
        if rule.setting in (Setting.EVENTS, Setting.PRIVATE_GATHERINGS):
            text = _("ikke tillatt") + where_text
        else:
            text = _("stengt") + where_text
    elif rule.code == "face_mask":
        distance = p("only_below_distance_m")
        if rule.is_advice:
            text = (
                _("munnbind anbefalt når minst %(m)s meters avstand ikke kan holdes") % {"m": schema.shown(distance)}
                if distance is not None
                else _("munnbind anbefalt")
            )
        else:
            text = (
                _("munnbind påbudt når minst %(m)s meters avstand ikke kan holdes") % {"m": schema.shown(distance)}
                if distance is not None
                else _("munnbind påbudt")
            )
        if p("includes_staff"):
            text += ", " + _("også for ansatte")
        if p("exempt_under_age"):
            text += ", " + _("ikke for barn under %(age)s år") % {"age": p("exempt_under_age")}
    elif rule.code == "registration":
        text = _("besøkende bør registreres") if rule.is_advice else _("besøkende skal registreres")
        if p("retention_days"):
            text += ", " + _("opplysningene slettes etter %(days)s dager") % {"days": p("retention_days")}
    elif rule.code == "distance":
        text = _("minst %(m)s meters avstand") % {"m": schema.shown(p("metres"))}
    elif rule.code == "home_office":
        text = _("hjemmekontor %(scope)s") % {"scope": p("scope").label}
    elif rule.code == "alcohol_ban":
        from_time = p("from_time")
        text = (
            _("skjenkestopp fra kl. %(time)s") % {"time": schema.shown(from_time)}
            if from_time is not None
            else _("skjenkestopp hele døgnet")
        )
    elif rule.code == "closing_time":
        text = _("stengt fra kl. %(time)s") % {"time": schema.shown(p("closes_at"))}
    elif rule.code == "traffic_light":
        text = _("%(level)s i %(stage)s") % {"level": p("level").label, "stage": rule.qualifiers["stages"].label}
    elif rule.code == "quarantine":
        text = str(rule.qualifiers["kind"].label)
        if p("days"):
            text += " " + _("i %(days)s dager") % {"days": p("days")}
        if p("test_required"):
            text += ", " + _("med krav om test")
    elif rule.code == "capacity":
        text = _("høyst %(p)s prosent av kapasiteten") % {"p": p("max_percent")}
    elif rule.code == "conduct":
        text = str(rule.qualifiers["conduct"].label)
    else:
        text = rule.description
    if rule.exceptions:
        text += "; " + _("unntatt %(what)s") % {"what": _join([schema.exception_shown(e) for e in rule.exceptions])}
    return text
