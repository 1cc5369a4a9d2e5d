"""Reads of commuting regions, and the comparison of what applies in their municipalities.

`region_comparison` is the matrix the directorate reads: for one instant, each setting that has
a rule or advice in any member (rows) × the members in the register at that instant (columns;
after the register's last edition, as that edition has them, as /regler/<nr>/ reads them),
each cell the resolved rules with their stringency and sources (`rules.selectors`), and the
cells that differ from the row's reference marked. The reference is the strictest answer in the
row (by `rules.stringency`), the most common one among equally strict answers: the directorate
asks neighbours to align with the strictest, as in the seed letter to Bærum and Asker.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.selectors import organization_ids_for_user
from letters.models import LetterStatus
from measures.resolve import RuleInForce, SettingInForce
from measures.schema import Setting
from register.models import Municipality
from register.selectors import municipalities_at
from rules import stringency
from rules.selectors import effective_rules_many

from .models import CommutingRegion, RegionLetter

# «Lag brevutkast» clicked again within this window for the same region and instant finds the
# draft the first click made (a double click, a reload of the POST) instead of a second one.
DRAFT_WINDOW = timedelta(minutes=10)


def regions_list() -> QuerySet[CommutingRegion]:
    """Every region, by name: the data are public, so every signed-in user sees them all."""
    return CommutingRegion.objects.order_by("name")


def region_get(*, pk: int) -> CommutingRegion:
    return CommutingRegion.objects.get(pk=pk)


def region_history(*, region: CommutingRegion):
    """The region's versions, newest first, each with who changed it and why."""
    return region.history.select_related("history_user").order_by("-history_date", "-history_id")


@dataclass
class Cell:
    """What applies in one municipality for one setting."""

    municipality: Municipality
    entry: SettingInForce | None
    stringency: int
    differs: bool = False
    milder: bool = False  # differs, and less strict than the reference

    @property
    def rules(self) -> list[RuleInForce]:
        return (self.entry.rules + self.entry.advice) if self.entry else []

    @property
    def key(self) -> tuple:
        """What is compared: the rules and advice in force, in a few words each."""
        return tuple((r.is_advice, r.summary) for r in self.rules)

    @property
    def summary(self) -> str:
        if not self.rules:
            return _("Ingen regel")
        return "; ".join(
            _("%(rule)s (anbefaling)") % {"rule": r.summary} if r.is_advice else r.summary for r in self.rules
        )

    @property
    def explanations(self) -> list[str]:
        """Each rule with its source (and what it is stricter than), for the cell's detail."""
        if not self.rules:
            return [
                _("Ingen regel eller anbefaling for dette området i %(place)s.") % {"place": self.municipality.name}
            ]
        return [
            (_("Anbefaling: %(text)s") % {"text": r.explanation}) if r.is_advice else r.explanation for r in self.rules
        ]

    @property
    def sources(self) -> list[str]:
        labels: list[str] = []
        for rule in self.rules:
            label = rule.main_source.label
            if label not in labels:
                labels.append(label)
        return labels

    @property
    def title(self) -> str:
        """The source on hover (the title attribute); the same text is in the cell's detail."""
        return " · ".join(self.explanations)


@dataclass
class Row:
    setting: Setting
    cells: list[Cell]
    reference: Cell

    @property
    def label(self) -> str:
        return str(self.setting.label)

    @property
    def differs(self) -> bool:
        return any(cell.differs for cell in self.cells)


@dataclass
class Comparison:
    region: CommutingRegion
    at: datetime
    municipalities: list[Municipality]
    rows: list[Row]
    missing: list[str] = field(default_factory=list)  # members not in the register at `at`
    # The register's last day when `at` is after it: the members are read as its last edition has them.
    register_ends: date | None = None

    @property
    def differing_rows(self) -> list[Row]:
        return [row for row in self.rows if row.differs]

    @property
    def differing_municipalities(self) -> list[Municipality]:
        """The members with at least one cell that differs, in the region's order."""
        numbers = {cell.municipality.number for row in self.rows for cell in row.cells if cell.differs}
        return [m for m in self.municipalities if m.number in numbers]

    @property
    def differing_names(self) -> list[str]:
        return [m.name for m in self.differing_municipalities]


def _reference(cells: list[Cell]) -> Cell:
    strictest = max(cell.stringency for cell in cells)
    candidates = [cell for cell in cells if cell.stringency == strictest]
    counts = Counter(cell.key for cell in candidates)
    best = max(counts.values())
    return next(cell for cell in candidates if counts[cell.key] == best)


def region_comparison(*, region: CommutingRegion, at: datetime) -> Comparison:
    """The matrix of `region` at `at` (see the module docstring), in a fixed number of queries."""
    numbers = list(region.municipality_numbers)
    found, register_ends = municipalities_at(numbers, at=timezone.localdate(at))
    members = [found[n] for n in numbers if n in found]
    answers = effective_rules_many(municipalities=members, at=at)
    by_place = {number: {entry.setting: entry for entry in answer.settings} for number, answer in answers.items()}
    rows = []
    for setting in Setting:
        if not any(setting in by_place[m.number] for m in members):
            continue
        cells = []
        for m in members:
            entry = by_place[m.number].get(setting)
            cells.append(Cell(municipality=m, entry=entry, stringency=stringency.setting_stringency(entry)))
        reference = _reference(cells)
        for cell in cells:
            cell.differs = cell.key != reference.key
            cell.milder = cell.differs and cell.stringency < reference.stringency
        rows.append(Row(setting=setting, cells=cells, reference=reference))
    return Comparison(
        region=region,
        at=at,
        municipalities=members,
        rows=rows,
        missing=[n for n in numbers if n not in found],
        register_ends=register_ends,
    )


def recent_region_letter(*, region: CommutingRegion, at: datetime, now: datetime | None = None) -> RegionLetter | None:
    """The draft started from this comparison within `DRAFT_WINDOW`, if it is still a draft."""
    since = (now or timezone.now()) - DRAFT_WINDOW
    found = (
        RegionLetter.objects.select_related("letter")
        .filter(region=region, at=at, created_at__gte=since)
        .order_by("-created_at")
        .first()
    )
    return found if found is not None and found.letter.status == LetterStatus.DRAFT else None


def region_letters(*, region: CommutingRegion, user) -> QuerySet[RegionLetter]:
    """The letters started from the region's comparisons that `user`'s organizations sent,
    newest first (a letter is private to its sender until it is dispatched)."""
    return (
        RegionLetter.objects.filter(region=region, letter__sender_id__in=organization_ids_for_user(user))
        .select_related("letter__case")
        .order_by("-created_at")
    )
