"""next_change: the next instant at which what applies in a place changes, as already decided."""

import pytest

from core.models import Organization
from regulations.models import Layer
from rules.selectors import next_change, next_changes
from tests.factories import oslo

from .conftest import decided

pytestmark = pytest.mark.django_db

EVENTS_20 = [(3, [("cap", {"settings": ["events"], "max_people": 20}, False)])]


@pytest.fixture
def baerum(places):
    return Organization.objects.get(municipality_number="3024")


def test_nothing_decided_later_means_no_change(places, baerum):
    decided(baerum, valid_from=oslo(2021, 3, 1), sections=EVENTS_20)
    assert next_change(municipality=places["3024"], at=oslo(2021, 5, 15, 18)) is None


def test_the_end_of_a_level_placement_is_the_next_change(places, ministry):
    decided(
        ministry,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 1, 1),
        sections=[(1, [("closure", {"settings": ["gyms"]}, False)])],
        placements=[("3024", oslo(2021, 5, 6), oslo(2021, 5, 21))],
    )
    assert next_change(municipality=places["3024"], at=oslo(2021, 5, 15, 18)) == oslo(2021, 5, 21)
    # Before the placement starts, its start is the change; a place not on the level has none.
    assert next_change(municipality=places["3024"], at=oslo(2021, 5, 1)) == oslo(2021, 5, 6)
    assert next_change(municipality=places["3025"], at=oslo(2021, 5, 15, 18)) is None


def test_a_later_decided_version_that_changes_the_rules_is_the_next_change(places, baerum, ministry):
    decided(baerum, valid_from=oslo(2021, 3, 1), valid_until=oslo(2021, 6, 1), sections=EVENTS_20)
    later = decided(
        ministry,
        layer=Layer.NATIONAL,
        valid_from=oslo(2021, 5, 27, 12),
        sections=[(13, [("cap", {"settings": ["events"], "max_people": 10}, False)])],
    )
    assert later.valid_from == oslo(2021, 5, 27, 12)
    assert next_change(municipality=places["3024"], at=oslo(2021, 5, 15, 18)) == oslo(2021, 5, 27, 12)


def test_a_boundary_at_which_the_rules_stay_the_same_is_no_change(places, baerum, ministry):
    """Bærum's own cap of 20 ends on 1 June, but the national cap of 20 continues: the rules
    stay; only a line's source changes (which the page's cache still counts)."""
    decided(baerum, valid_from=oslo(2021, 3, 1), valid_until=oslo(2021, 6, 1), sections=EVENTS_20)
    decided(ministry, layer=Layer.NATIONAL, valid_from=oslo(2021, 5, 1), sections=EVENTS_20)
    changes = next_changes(municipality=places["3024"], at=oslo(2021, 5, 15, 18))
    assert changes.rules is None and changes.page == oslo(2021, 6, 1)


def test_a_stricter_layer_ending_under_a_laxer_one_is_a_change(places, baerum, ministry):
    decided(baerum, valid_from=oslo(2021, 3, 1), valid_until=oslo(2021, 6, 9, 23, 59), sections=EVENTS_20)
    decided(
        ministry,
        layer=Layer.NATIONAL,
        valid_from=oslo(2021, 1, 1),
        sections=[(13, [("cap", {"settings": ["events"], "max_people": 100}, False)])],
    )
    assert next_change(municipality=places["3024"], at=oslo(2021, 5, 15, 18)) == oslo(2021, 6, 9, 23, 59)


def test_the_visitor_rule_counts_the_place_visited_too(places, ministry):
    oslo_org = Organization.objects.get(municipality_number="0301")
    decided(oslo_org, valid_from=oslo(2021, 3, 1), valid_until=oslo(2021, 5, 20), sections=EVENTS_20)
    at = oslo(2021, 5, 15, 18)
    assert next_change(municipality=places["3024"], at=at) is None
    assert next_change(municipality=places["3024"], at=at, visiting=places["0301"]) == oslo(2021, 5, 20)


def test_a_fixed_number_of_queries_whatever_the_number_of_boundaries(
    places, baerum, ministry, django_assert_num_queries
):
    for day in range(1, 20):
        decided(
            ministry,
            layer=Layer.REGIONAL,
            level="A",
            valid_from=oslo(2021, 5, day),
            valid_until=oslo(2021, 5, day, 12),
            sections=[(1, [("cap", {"settings": ["events"], "max_people": day}, False)])],
            placements=[("3024", oslo(2021, 5, 1), None)],
        )
    with django_assert_num_queries(3):
        assert next_change(municipality=places["3024"], at=oslo(2021, 5, 10, 13)) == oslo(2021, 5, 11)
