"""Indicator arithmetic and threshold lookup: pure functions, no writes.

The thresholds themselves are reference data (ThresholdTable/ThresholdBand rows); this
module only knows how to read them.
"""

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Indicator, RSource, ThresholdBand, ThresholdTable

PER_100K = Decimal(100_000)
STANDARD_DAYS = 14
MAX_R = Decimal("10")
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")
MAX_COUNT = 10_000_000


@dataclass
class IndicatorInputs:
    """What the officer types for one week; None means 'not known this week'."""

    cases: int | None = None
    days: int | None = STANDARD_DAYS
    population: int | None = None
    tested: int | None = None
    positive: int | None = None
    r_value: Decimal | None = None
    r_source: str = ""
    admissions: int | None = None
    municipalities_over: int | None = None
    municipalities_total: int | None = None


@dataclass
class Reading:
    indicator: str
    value: Decimal | None
    inputs: dict


def _q(value: Decimal, step: Decimal = ONE_DECIMAL) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def incidence_per_100k(*, cases: int, population: int, days: int = STANDARD_DAYS) -> Decimal:
    """Cases in `days` days, scaled to 14 days, per 100 000 inhabitants (one decimal)."""
    return _q(Decimal(cases) * PER_100K * STANDARD_DAYS / (Decimal(population) * days))


def share_percent(*, part: int, whole: int) -> Decimal:
    return _q(Decimal(part) * 100 / Decimal(whole))


def per_100k(*, count: int, population: int) -> Decimal:
    return _q(Decimal(count) * PER_100K / Decimal(population))


def _as_count(value, field: str, label: str, errors: dict, *, positive: bool = False) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = _("«%(label)s» må være et helt tall.") % {"label": label}
        return None
    if number < 0:
        errors[field] = _("«%(label)s» kan ikke være negativt.") % {"label": label}
        return None
    if positive and number == 0:
        errors[field] = _("«%(label)s» må være større enn null.") % {"label": label}
        return None
    if number > MAX_COUNT:
        errors[field] = _("«%(label)s» er urimelig stort.") % {"label": label}
        return None
    return number


def compute_readings(inputs: IndicatorInputs) -> list[Reading]:
    """Validate the inputs and compute the five indicator values.

    Raises ValidationError keyed by input field (negative or non-numeric figures, a
    population of zero, more positives than tested, a share above 100 %, an implausible R).
    An indicator whose inputs are all empty is returned with value None (missing); one with
    only some of its inputs is refused, so that a half-typed figure is never taken as known.
    """
    errors: dict[str, str] = {}
    c = _as_count(inputs.cases, "cases", _("Tilfeller siste 14 dager"), errors)
    days = _as_count(inputs.days, "days", _("Antall dager"), errors, positive=True)
    pop = _as_count(inputs.population, "population", _("Innbyggertall"), errors, positive=True)
    tested = _as_count(inputs.tested, "tested", _("Testede"), errors)
    positive = _as_count(inputs.positive, "positive", _("Positive"), errors)
    admissions = _as_count(inputs.admissions, "admissions", _("Nye innleggelser"), errors)
    over = _as_count(inputs.municipalities_over, "municipalities_over", _("Kommuner over grensen"), errors)
    total = _as_count(
        inputs.municipalities_total, "municipalities_total", _("Kommuner i fylket"), errors, positive=True
    )
    r_value = None
    if inputs.r_value not in (None, ""):
        try:
            r_value = Decimal(str(inputs.r_value).replace(",", ".").strip())
            if not r_value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["r_value"] = _("R må være et tall, for eksempel 1,2.")
        else:
            if r_value < 0 or r_value > MAX_R:
                errors["r_value"] = _("R må være mellom 0 og %(max)s.") % {"max": MAX_R}
                r_value = None
    if days is not None and days > 60:
        errors["days"] = _("Antall dager kan være høyst 60.")
    if r_value is not None and inputs.r_source not in RSource.values:
        errors["r_source"] = _("Oppgi om R er nasjonalt, regionalt eller lokalt.")
    if tested is not None and positive is not None and positive > tested:
        errors["positive"] = _("Antall positive kan ikke være større enn antall testede.")
    if tested == 0 and positive is not None:
        errors["tested"] = _("Andelen positive kan ikke beregnes når ingen er testet.")
    if over is not None and total is not None and over > total:
        errors["municipalities_over"] = _("Andelen kan ikke være over 100 %: flere kommuner over grensen enn i fylket.")
    if pop is None and not errors.get("population") and (c is not None or admissions is not None):
        errors["population"] = _("Oppgi innbyggertallet for å beregne per 100 000.")
    if c is None and not errors.get("cases") and days not in (None, STANDARD_DAYS):
        errors["cases"] = _("Oppgi antall tilfeller.")
    for whole, part, whole_field, part_field, whole_label, part_label in (
        (tested, positive, "tested", "positive", _("testede"), _("positive")),
        (
            total,
            over,
            "municipalities_total",
            "municipalities_over",
            _("kommuner i fylket"),
            _("kommuner over grensen"),
        ),
    ):
        if (whole is None) != (part is None) and whole_field not in errors and part_field not in errors:
            missing_field, missing_label = (whole_field, whole_label) if whole is None else (part_field, part_label)
            errors[missing_field] = _("Oppgi også antall %(label)s, eller la begge stå tomme.") % {
                "label": missing_label
            }
    if errors:
        raise ValidationError(errors)

    readings = [
        Reading(
            Indicator.INCIDENCE,
            incidence_per_100k(cases=c, population=pop, days=days or STANDARD_DAYS) if c is not None else None,
            {
                "cases": c,
                "days": (days or STANDARD_DAYS) if c is not None else None,
                "population": pop if c is not None else None,
            },
        ),
        Reading(
            Indicator.POSITIVE_SHARE,
            share_percent(part=positive, whole=tested) if tested else None,
            {"tested": tested, "positive": positive},
        ),
        Reading(
            Indicator.R_NUMBER,
            r_value.quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP) if r_value is not None else None,
            {"r_source": inputs.r_source if r_value is not None else ""},
        ),
        Reading(
            Indicator.ADMISSIONS,
            per_100k(count=admissions, population=pop) if admissions is not None else None,
            {"admissions": admissions, "population": pop if admissions is not None else None},
        ),
        Reading(
            Indicator.COUNTY_SHARE,
            share_percent(part=over, whole=total) if total else None,
            {"municipalities_over": over, "municipalities_total": total},
        ),
    ]
    return readings


def table_in_force(indicator: str, on: date) -> ThresholdTable | None:
    """The threshold table of `indicator` in force on `on` (the latest effective_from ≤ on)."""
    return (
        ThresholdTable.objects.filter(indicator=indicator, effective_from__lte=on)
        .order_by("-effective_from")
        .prefetch_related("bands")
        .first()
    )


def level_for(value: Decimal | None, bands) -> int | None:
    """The level of the band with lower ≤ value < upper (upper None = unbounded)."""
    if value is None:
        return None
    for band in bands:
        if band.lower <= value and (band.upper is None or value < band.upper):
            return band.level
    return None


@dataclass
class BandInput:
    level: int
    lower: Decimal
    upper: Decimal | None


def validate_bands(bands: list[BandInput]) -> None:
    """A table must cover every value from 0 upwards exactly once, each level at most once,
    levels rising with the values. Raises ValidationError naming the overlap or gap."""
    errors = []
    if not bands:
        raise ValidationError(_("Tabellen må ha minst ett intervall."))
    ordered = sorted(bands, key=lambda b: (b.lower, b.upper is None, b.upper or 0))
    levels = [b.level for b in ordered]
    for b in ordered:
        if b.level is None or not 1 <= int(b.level) <= 5:
            errors.append(_("Nivået må være fra N1 til N5."))
        if b.lower is None or b.lower < 0:
            errors.append(_("Nedre grense kan ikke være negativ."))
        elif b.upper is not None and b.upper <= b.lower:
            errors.append(_("N%(level)s: øvre grense må være større enn nedre grense.") % {"level": b.level})
    if errors:
        raise ValidationError(errors)
    if len(set(levels)) != len(levels):
        errors.append(_("Hvert nivå kan bare forekomme én gang i tabellen."))
    if levels != sorted(levels):
        errors.append(_("Nivåene må stige med verdiene (N1 for de laveste verdiene)."))
    if ordered[0].lower != 0:
        errors.append(
            _("Tabellen må begynne på 0 (nå begynner den på %(v)s): verdier under er ikke dekket.")
            % {"v": ordered[0].lower}
        )
    for prev, nxt in itertools.pairwise(ordered):
        if prev.upper is None or nxt.lower < prev.upper:
            errors.append(
                _("N%(a)s og N%(b)s overlapper: N%(b)s begynner på %(v)s, før N%(a)s slutter.")
                % {"a": prev.level, "b": nxt.level, "v": nxt.lower}
            )
        elif nxt.lower > prev.upper:
            errors.append(
                _("Hull mellom N%(a)s og N%(b)s: verdier fra %(from)s til %(to)s er ikke dekket.")
                % {"a": prev.level, "b": nxt.level, "from": prev.upper, "to": nxt.lower}
            )
    if ordered[-1].upper is not None:
        errors.append(_("Det øverste intervallet må stå uten øvre grense, slik at alle høye verdier får et nivå."))
    if errors:
        raise ValidationError(errors)


def suggest_level(levels: list[int | None]) -> int | None:
    """The overall level suggested by the indicator levels: the middle one of the known
    levels (the higher middle when their number is even, to err on the side of caution)."""
    known = sorted(level for level in levels if level)
    if not known:
        return None
    return known[len(known) // 2]


def bands_of(table: ThresholdTable | None) -> list[ThresholdBand]:
    return list(table.bands.all()) if table is not None else []
