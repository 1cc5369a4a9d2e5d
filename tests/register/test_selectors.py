"""Reading the register: by number, and what is in force on a date."""

from datetime import date

import pytest

from register.models import County, Municipality
from register.selectors import counties, municipalities_in_force, municipality_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    viken = County.objects.create(
        number="30", name="Viken", valid_from=date(2020, 1, 1), valid_until=date(2023, 12, 31)
    )
    akershus = County.objects.create(number="32", name="Akershus", valid_from=date(2024, 1, 1))
    Municipality.objects.create(
        number="3024", name="Bærum", county=viken, valid_from=date(2020, 1, 1), valid_until=date(2023, 12, 31)
    )
    Municipality.objects.create(number="3201", name="Bærum", county=akershus, valid_from=date(2024, 1, 1))
    return viken, akershus


def test_municipality_get_finds_a_number_and_says_none_for_an_unknown_one(register):
    assert municipality_get("3024").county.name == "Viken"
    assert municipality_get("9999") is None


def test_municipality_get_at_a_date_only_finds_the_number_in_force_then(register):
    assert municipality_get("3024", at=date(2021, 5, 15)).number == "3024"
    assert municipality_get("3024", at=date(2024, 1, 1)) is None
    assert municipality_get("3201", at=date(2023, 12, 31)) is None
    assert municipality_get("3201", at=date(2030, 1, 1)).county.name == "Akershus"


def test_in_force_includes_the_first_and_the_last_day(register):
    assert [m.number for m in municipalities_in_force(at=date(2020, 1, 1))] == ["3024"]
    assert [m.number for m in municipalities_in_force(at=date(2023, 12, 31))] == ["3024"]
    assert [m.number for m in municipalities_in_force(at=date(2024, 1, 1))] == ["3201"]
    assert list(municipalities_in_force(at=date(2019, 12, 31))) == []


def test_counties_are_ordered_by_number(register):
    assert [c.number for c in counties()] == ["30", "32"]


def test_after_the_registers_last_edition_its_municipalities_are_those_in_force(db):
    """The register holds editions up to a last day; asked of a later day (today, when no newer
    edition is loaded), the municipalities are read as its last edition has them, not none."""
    county = County.objects.create(
        number="30", name="Viken", valid_from=date(2020, 1, 1), valid_until=date(2023, 12, 31)
    )
    for number, name in (("3024", "Bærum"), ("3025", "Asker")):
        Municipality.objects.create(
            number=number, name=name, county=county, valid_from=date(2020, 1, 1), valid_until=date(2023, 12, 31)
        )
    assert [m.number for m in municipalities_in_force(at=date(2026, 12, 3))] == ["3024", "3025"]
    assert list(municipalities_in_force(at=date(2019, 12, 31))) == []  # before the register: none
