"""Indicator arithmetic, levels at the edges of the threshold ranges, and table validation."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.indicators import (
    BandInput,
    IndicatorInputs,
    compute_readings,
    incidence_per_100k,
    level_for,
    suggest_level,
    table_in_force,
    validate_bands,
)
from assessments.models import Indicator, ThresholdTable


def _values(**inputs):
    return {r.indicator: r.value for r in compute_readings(IndicatorInputs(**inputs))}


def test_incidence_is_cases_times_100000_over_population():
    assert incidence_per_100k(cases=28, population=24845) == Decimal("112.7")
    assert incidence_per_100k(cases=50, population=100000) == Decimal("50.0")


def test_incidence_over_seven_days_is_scaled_to_fourteen():
    assert incidence_per_100k(cases=14, population=100000, days=7) == Decimal("28.0")


def test_harstad_week_9_figures_give_the_values_of_section_e():
    values = _values(
        cases=28,
        population=24845,
        tested=1555,
        positive=28,
        r_value="1.2",
        r_source="national",
        admissions=1,
        municipalities_over=2,
        municipalities_total=39,
    )
    assert values == {
        Indicator.INCIDENCE: Decimal("112.7"),
        Indicator.POSITIVE_SHARE: Decimal("1.8"),
        Indicator.R_NUMBER: Decimal("1.20"),
        Indicator.ADMISSIONS: Decimal("4.0"),
        Indicator.COUNTY_SHARE: Decimal("5.1"),
    }


def test_an_indicator_without_figures_is_missing_not_zero():
    values = _values(cases=10, population=20000)
    assert values[Indicator.INCIDENCE] == Decimal("50.0")
    assert values[Indicator.POSITIVE_SHARE] is None
    assert values[Indicator.R_NUMBER] is None


@pytest.mark.parametrize(
    "inputs, field",
    [
        ({"cases": -1, "population": 1000}, "cases"),
        ({"cases": "mange", "population": 1000}, "cases"),
        ({"cases": 5, "population": 0}, "population"),
        ({"tested": 10, "positive": 11}, "positive"),
        ({"municipalities_over": 40, "municipalities_total": 39}, "municipalities_over"),
        ({"r_value": "40", "r_source": "national"}, "r_value"),
        ({"r_value": "1,2"}, "r_source"),
        ({"tested": 100}, "positive"),
        ({"admissions": 3}, "population"),
    ],
)
def test_bad_figures_are_refused_with_a_message_on_the_field(inputs, field):
    with pytest.raises(ValidationError) as exc:
        compute_readings(IndicatorInputs(**inputs))
    assert field in exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value, level",
    [("0", 1), ("49.9", 1), ("50", 2), ("112.7", 2), ("149.9", 2), ("150", 3), ("499.99", 4), ("500", 5), ("10000", 5)],
)
def test_incidence_levels_at_the_range_edges_of_the_default_table(value, level):
    table = table_in_force(Indicator.INCIDENCE, date(2021, 3, 3))
    assert table.is_default
    assert level_for(Decimal(value), list(table.bands.all())) == level


@pytest.mark.django_db
def test_the_table_in_force_on_the_date_is_used():
    newer = ThresholdTable.objects.create(indicator=Indicator.INCIDENCE, effective_from=date(2021, 6, 1), name="Ny")
    assert table_in_force(Indicator.INCIDENCE, date(2021, 5, 31)).is_default
    assert table_in_force(Indicator.INCIDENCE, date(2021, 6, 1)) == newer
    assert table_in_force(Indicator.INCIDENCE, date(2019, 12, 31)) is None


def _bands(*rows):
    return [
        BandInput(level=lvl, lower=Decimal(lo), upper=Decimal(up) if up is not None else None) for lvl, lo, up in rows
    ]


def test_a_contiguous_table_is_accepted():
    validate_bands(_bands((1, "0", "50"), (2, "50", "150"), (3, "150", None)))


@pytest.mark.parametrize(
    "rows, message",
    [
        (((1, "0", "60"), (2, "50", None)), "overlapper"),
        (((1, "0", "50"), (2, "60", None)), "Hull mellom N1 og N2"),
        (((1, "10", "50"), (2, "50", None)), "begynne på 0"),
        (((1, "0", "50"), (2, "50", "100")), "uten øvre grense"),
        (((2, "0", "50"), (1, "50", None)), "stige"),
        (((1, "0", "50"), (1, "50", None)), "én gang"),
        (((1, "50", "10"),), "større enn nedre"),
    ],
)
def test_overlapping_or_gapped_tables_are_refused(rows, message):
    with pytest.raises(ValidationError) as exc:
        validate_bands(_bands(*rows))
    assert any(message in m for m in exc.value.messages), exc.value.messages


def test_the_suggested_level_is_the_middle_of_the_indicator_levels():
    assert suggest_level([2, 2, 3, 1, 1]) == 2
    assert suggest_level([1, None, 3, 3, 2]) == 3
    assert suggest_level([None, None]) is None


@pytest.mark.parametrize(
    "figures, shown",
    [
        ({"cases": 1}, "1 tilfelle på 14 dager, 24\u00a0845 innbyggere"),
        ({"cases": 28}, "28 tilfeller på 14 dager, 24\u00a0845 innbyggere"),
        ({"admissions": 1}, "1 innleggelse, 24\u00a0845 innbyggere"),
        ({"admissions": 3}, "3 innleggelser, 24\u00a0845 innbyggere"),
    ],
)
def test_the_figures_behind_the_incidence_are_said_in_singular_or_plural(
    client, draft_assessment, medical_officer, figures, shown
):
    from assessments.services import IndicatorInputs, assessment_set_indicators

    from .conftest import HARSTAD_FIGURES

    assessment_set_indicators(
        assessment=draft_assessment, by=medical_officer, inputs=IndicatorInputs(**{**HARSTAD_FIGURES, **figures})
    )
    client.force_login(medical_officer)

    page = client.get(reverse("assessments:detail", args=[draft_assessment.pk])).content.decode()

    assert shown in page
