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
from regulations.models import Layer, LevelPlacement, Measure, RegulationVersion
from regulations.selectors import versions_in_force_during

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
        source = _source(version, measure.section.number, with_place=with_place)
        for code, params in schema.typed(measure.measure_type.code, measure.parameters):
            item = MeasureInForce(code, params, measure.is_advice, source)
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


def effective_rules(*, municipality: Municipality, at: datetime, visiting: Municipality | None = None) -> RulesInForce:
    """For every setting, the rule in force in `municipality` at `at` and each parameter's
    strictest value among the layers, with its source and what it overrides. With `visiting`
    (the visitor rule): for a resident of `municipality` who is in `visiting`, the stricter of
    both, per parameter."""
    numbers = [municipality.number] + ([visiting.number] if visiting and visiting != municipality else [])
    layers = _layers(at, municipality_numbers=numbers, with_place=len(numbers) > 1)
    measures = [m for number in numbers for m in _measures_for(layers, number)]
    # A national or regional measure reached through both places counts once.
    unique = list({(m.code, id(m.params), m.source): m for m in measures}.values())
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
