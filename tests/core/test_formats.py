"""Dates as Norwegians write them, and an end as «til og med» is read."""

from core.formats import format_until_nb
from tests.factories import oslo


def test_an_end_at_midnight_is_the_day_before_til_og_med():
    assert format_until_nb(oslo(2021, 5, 22, 0, 0)) == "21. mai 2021"
    assert format_until_nb(oslo(2021, 1, 1, 0, 0)) == "31. desember 2020"


def test_an_end_at_another_time_is_that_instant():
    assert format_until_nb(oslo(2021, 3, 17, 14, 0)) == "17. mars 2021 kl. 14.00"
    assert format_until_nb(oslo(2021, 5, 21, 23, 59)) == "21. mai 2021 kl. 23.59"
    assert format_until_nb(None) == ""
