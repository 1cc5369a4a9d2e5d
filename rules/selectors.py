"""What applies in a place at an instant: the measures in force in the national, regional and
local layers, resolved by `measures.resolve` (the strictest applies, per parameter).

A fixed number of queries whatever the number of municipalities: the decided versions in force
at the instant, their measures, the level placements in force, the register. `RulesInForce`
for one municipality and `effective_rules_all` for every municipality share them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from measures import schema
from measures.resolve import MeasureInForce, SettingInForce, Source, resolve
from register.models import Municipality
from register.selectors import municipalities_in_force
from regulations.models import EFFECTIVE_STATUSES, Layer, LevelPlacement, Measure, RegulationVersion
from regulations.selectors import timeline, versions_in_force_during

INSTANT = timedelta(microseconds=1)


@dataclass
class RulesInForce:
    """The answer for one municipality (and, with the visitor rule, the one visited)."""

    municipality: Municipality
    at: datetime
    settings: list[SettingInForce]
    visiting: Municipality | None = None
    layers: dict[str, list[RegulationVersion]] = field(default_factory=dict)

    @property
    def rules_count(self) -> int:
        return sum(len(s.rules) for s in self.settings)

    def as_dict(self) -> dict:
        return {
            "municipality": {"number": self.municipality.number, "name": self.municipality.name},
            "visiting": {"number": self.visiting.number, "name": self.visiting.name} if self.visiting else None,
            "at": timezone.localtime(self.at).isoformat(),
            "settings": [s.as_dict() for s in self.settings],
        }


@dataclass
class _Layers:
    """Everything in force at one instant, gathered in a fixed number of queries."""

    national: list[MeasureInForce]
    regional_by_version: dict[int, list[MeasureInForce]]
    placements: dict[str, list[int]]  # municipality number → versions of the levels it is on
    local: dict[str, list[MeasureInForce]]  # municipality number → its own measures
    versions: dict[int, RegulationVersion]


def _source(version: RegulationVersion, section_number: int, *, with_place: bool) -> Source:
    regulation = version.regulation
    title = regulation.short_title or regulation.title
    if regulation.layer == Layer.REGIONAL:
        label = _("tiltaksnivå %(level)s (%(title)s)") % {"level": regulation.level, "title": title}
    elif regulation.layer == Layer.NATIONAL:
        label = _("%(title)s § %(n)s") % {"title": title, "n": section_number}
    elif with_place:
        label = _("lokal forskrift i %(place)s § %(n)s") % {"place": regulation.municipality.name, "n": section_number}
    else:
        label = _("lokal forskrift § %(n)s") % {"n": section_number}
    return Source(
        layer=regulation.layer,
        label=label,
        title=regulation.title,
        regulation_id=regulation.pk,
        version_id=version.pk,
        section_number=section_number,
        level=regulation.level,
        municipality_number=regulation.municipality.municipality_number if regulation.layer == Layer.LOCAL else "",
    )


def _items(measure: Measure, version: RegulationVersion, *, with_place: bool) -> list[MeasureInForce]:
    """A stored measure as the typed measures it stands for, each with its source."""
    source = _source(version, measure.section.number, with_place=with_place)
    return [
        MeasureInForce(code, params, measure.is_advice, source)
        for code, params in schema.typed(measure.measure_type.code, measure.parameters)
    ]


def _layers(at: datetime, *, municipality_numbers: list[str] | None = None, with_place: bool = False) -> _Layers:
    in_force = versions_in_force_during(at, at + INSTANT)
    if municipality_numbers is not None:
        in_force = in_force.filter(
            ~Q(regulation__layer=Layer.LOCAL)
            | Q(regulation__municipality__municipality_number__in=municipality_numbers)
        )
    versions = {v.pk: v for v in in_force.select_related("regulation__municipality")}
    measures = (
        Measure.objects.filter(section__version_id__in=list(versions))
        .select_related("section", "measure_type")
        .order_by("section__version_id", "section__number", "id")
    )
    national: list[MeasureInForce] = []
    regional: dict[int, list[MeasureInForce]] = defaultdict(list)
    local: dict[str, list[MeasureInForce]] = defaultdict(list)
    for measure in measures:
        version = versions[measure.section.version_id]
        for item in _items(measure, version, with_place=with_place):
            layer = version.regulation.layer
            if layer == Layer.NATIONAL:
                national.append(item)
            elif layer == Layer.REGIONAL:
                regional[version.pk].append(item)
            else:
                local[version.regulation.municipality.municipality_number].append(item)
    regional_ids = [pk for pk, v in versions.items() if v.regulation.layer == Layer.REGIONAL]
    placed = LevelPlacement.objects.filter(version_id__in=regional_ids, valid_from__lte=at).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=at)
    )
    if municipality_numbers is not None:
        placed = placed.filter(municipality_number__in=municipality_numbers)
    placements: dict[str, list[int]] = defaultdict(list)
    for number, version_id in placed.values_list("municipality_number", "version_id"):
        if version_id not in placements[number]:
            placements[number].append(version_id)
    return _Layers(national, regional, placements, local, versions)


def _measures_for(layers: _Layers, number: str) -> list[MeasureInForce]:
    regional = [m for version_id in layers.placements.get(number, []) for m in layers.regional_by_version[version_id]]
    return layers.national + regional + layers.local.get(number, [])


def _versions_for(layers: _Layers, numbers: list[str]) -> dict[str, list[RegulationVersion]]:
    out: dict[str, list[RegulationVersion]] = {"national": [], "regional": [], "local": []}
    for version in layers.versions.values():
        regulation = version.regulation
        if regulation.layer == Layer.NATIONAL:
            out["national"].append(version)
        elif regulation.layer == Layer.REGIONAL:
            if any(version.pk in layers.placements.get(n, []) for n in numbers):
                out["regional"].append(version)
        elif regulation.municipality.municipality_number in numbers:
            out["local"].append(version)
    return out


def _as_visitor(measure: MeasureInForce) -> MeasureInForce:
    """The measure for a visitor: without the exceptions only the place's residents have (a
    resident of one place in another is a resident of neither where they are)."""
    exceptions = getattr(measure.params, "exceptions", None)
    if not exceptions or not any(e.code in schema.RESIDENTS_ONLY for e in exceptions):
        return measure
    kept = [e for e in exceptions if e.code not in schema.RESIDENTS_ONLY]
    return MeasureInForce(
        measure.code, measure.params.model_copy(update={"exceptions": kept}), measure.is_advice, measure.source
    )


def _unique(measures: list[MeasureInForce]) -> list[MeasureInForce]:
    """A national or regional measure reached through both places (the visitor rule) counts once."""
    return list({(m.code, id(m.params), m.source): m for m in measures}.values())


def effective_rules(*, municipality: Municipality, at: datetime, visiting: Municipality | None = None) -> RulesInForce:
    """For every setting, the rule in force in `municipality` at `at` and each parameter's
    strictest value among the layers, with its source and what it overrides. With `visiting`
    (the visitor rule): for a resident of `municipality` who is in `visiting`, the stricter of
    both, per parameter."""
    numbers = [municipality.number] + ([visiting.number] if visiting and visiting != municipality else [])
    layers = _layers(at, municipality_numbers=numbers, with_place=len(numbers) > 1)
    unique = _unique([m for number in numbers for m in _measures_for(layers, number)])
    if len(numbers) > 1:
        unique = [_as_visitor(m) for m in unique]
    return RulesInForce(
        municipality=municipality,
        at=at,
        settings=resolve(unique),
        visiting=visiting if len(numbers) > 1 else None,
        layers=_versions_for(layers, numbers),
    )


def effective_rules_all(*, at: datetime) -> dict[str, RulesInForce]:
    """`effective_rules` for every municipality in the register at `at`, by number, in the same
    few queries whatever their number."""
    layers = _layers(at)
    answers = {}
    for municipality in municipalities_in_force(at=timezone.localdate(at)):
        answers[municipality.number] = RulesInForce(
            municipality=municipality, at=at, settings=resolve(_measures_for(layers, municipality.number))
        )
    return answers


def effective_rules_many(*, municipalities: list[Municipality], at: datetime) -> dict[str, RulesInForce]:
    """`effective_rules` for each of `municipalities` (a region's), by number, in the same few
    queries whatever their number; only their own local regulations are read."""
    layers = _layers(at, municipality_numbers=[m.number for m in municipalities])
    return {
        m.number: RulesInForce(municipality=m, at=at, settings=resolve(_measures_for(layers, m.number)))
        for m in municipalities
    }


@dataclass(frozen=True)
class NextChange:
    """When the answer for a place changes next, after a given instant: `rules` the first instant
    at which the resolved rules differ (what people are told: «Endres fra …»), `page` the first
    at which anything shown differs, a line's source included (an extension with the same rules
    changes the source only). None: nothing already decided changes them."""

    rules: datetime | None
    page: datetime | None


def _signature(settings: list[SettingInForce], *, with_sources: bool) -> tuple:
    lines = []
    for entry in settings:
        for rule in entry.rules + entry.advice:
            line: tuple = (entry.setting, rule.is_advice, rule.code, rule.summary, rule.overridden_by is not None)
            if with_sources:
                line += (rule.main_source, tuple(rule.sources))
            lines.append(line)
    return tuple(lines)


def next_changes(*, municipality: Municipality, at: datetime, visiting: Municipality | None = None) -> NextChange:
    """The next instants after `at` at which what applies in `municipality` (for a visitor to
    `visiting`: both) changes, as far as it is already decided: the candidates are the
    boundaries of every decided version in force at or after `at` (national, every regional
    level, the places' own) and of the places' level placements; each is resolved and compared
    with the answer at `at`. Three queries whatever the number of candidates."""
    numbers = [municipality.number] + ([visiting.number] if visiting and visiting != municipality else [])
    with_place = len(numbers) > 1
    decided = RegulationVersion.objects.filter(status__in=EFFECTIVE_STATUSES).filter(
        ~Q(regulation__layer=Layer.LOCAL) | Q(regulation__municipality__municipality_number__in=numbers)
    )
    by_regulation: dict[int, list[RegulationVersion]] = defaultdict(list)
    for version in decided.select_related("regulation__municipality"):
        by_regulation[version.regulation_id].append(version)
    windows = [w for versions in by_regulation.values() for w in timeline(versions) if w.end is None or w.end > at]
    versions = {w.version.pk: w.version for w in windows}
    items: dict[int, list[MeasureInForce]] = defaultdict(list)
    measures = (
        Measure.objects.filter(section__version_id__in=list(versions))
        .select_related("section", "measure_type")
        .order_by("section__version_id", "section__number", "id")
    )
    for measure in measures:
        items[measure.section.version_id] += _items(
            measure, versions[measure.section.version_id], with_place=with_place
        )
    regional = [pk for pk, v in versions.items() if v.regulation.layer == Layer.REGIONAL]
    placements = list(
        LevelPlacement.objects.filter(version_id__in=regional, municipality_number__in=numbers).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=at)
        )
    )

    def placed(version: RegulationVersion, number: str, t: datetime) -> bool:
        return any(
            p.version_id == version.pk
            and p.municipality_number == number
            and p.valid_from <= t
            and (p.valid_until is None or t < p.valid_until)
            for p in placements
        )

    def answer(t: datetime) -> list[SettingInForce]:
        in_force: list[MeasureInForce] = []
        for number in numbers:
            for window in windows:
                regulation = window.version.regulation
                if not window.contains(t):
                    continue
                if regulation.layer == Layer.REGIONAL and not placed(window.version, number, t):
                    continue
                if regulation.layer == Layer.LOCAL and regulation.municipality.municipality_number != number:
                    continue
                in_force += items[window.version.pk]
        return resolve(_unique(in_force))

    candidates = {w.start for w in windows} | {w.end for w in windows if w.end is not None}
    candidates |= {p.valid_from for p in placements} | {p.valid_until for p in placements if p.valid_until}
    now = answer(at)
    rules_now, page_now = _signature(now, with_sources=False), _signature(now, with_sources=True)
    rules_change = page_change = None
    for t in sorted(c for c in candidates if c > at):
        then = answer(t)
        if page_change is None and _signature(then, with_sources=True) != page_now:
            page_change = t
        if _signature(then, with_sources=False) != rules_now:
            rules_change = t
            break
    return NextChange(rules=rules_change, page=page_change)


def next_change(*, municipality: Municipality, at: datetime, visiting: Municipality | None = None) -> datetime | None:
    """The next instant after `at` at which the rules that apply in `municipality` (visiting
    `visiting`) differ, as already decided; None if nothing decided changes them."""
    return next_changes(municipality=municipality, at=at, visiting=visiting).rules
