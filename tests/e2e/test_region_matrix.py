"""The region comparison in a real browser: sixteen municipalities side by side are wider than the
window, and the matrix scrolls inside its own box while the page keeps the window's width."""

from datetime import date

import pytest

from core.models import Organization, OrganizationKind, Role
from regions import services
from register.models import County, Municipality
from regulations.models import Layer
from tests.e2e.conftest import _log_in
from tests.factories import member, oslo
from tests.rules.conftest import decided

pytestmark = [pytest.mark.e2e, pytest.mark.once]


def test_a_wide_matrix_scrolls_in_its_box_and_not_the_page(page, live_server, reference_data, screenshot):
    viken = County.objects.create(number="30", name="Viken", valid_from=date(2020, 1, 1))
    numbers = [f"30{n:02d}" for n in range(1, 17)]
    for number in numbers:
        Municipality.objects.create(
            number=number, name=f"Nordre Søndre {number}", county=viken, valid_from=date(2020, 1, 1)
        )
    ministry = Organization.objects.create(name="Helse- og omsorgsdepartementet", kind=OrganizationKind.MINISTRY)
    decided(
        ministry,
        layer=Layer.NATIONAL,
        title="Covid-19-forskriften",
        valid_from=oslo(2020, 3, 27),
        sections=[(13, [("cap", {"settings": ["events"], "max_people": 200}, False)])],
    )
    directorate = Organization.objects.create(name="Helsedirektoratet", kind=OrganizationKind.DIRECTORATE)
    officer = member(Role.CASE_OFFICER, directorate, username="brevsaksbehandler")
    region = services.region_create(by=officer, name="Seksten kommuner", municipality_numbers=numbers)

    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, "brevsaksbehandler")
    page.goto(f"/regioner/{region.pk}/?at=2021-05-15T18:00")
    widths = page.evaluate(
        """() => {
            const box = document.querySelector('.table-scroll');
            return {page: document.documentElement.scrollWidth, box: box.clientWidth, table: box.scrollWidth};
        }"""
    )
    screenshot(page, "region-matrix-1280")
    assert widths["table"] > widths["box"], widths  # wider than the window: it scrolls in its box
    assert widths["page"] <= 1280, widths
    # Nothing is hidden: the last member's column is reached by scrolling the box.
    page.evaluate("document.querySelector('.table-scroll').scrollLeft = 1e6")
    last_column = page.get_by_role("columnheader", name=f"Nordre Søndre {numbers[-1]}")
    assert last_column.is_visible()
    box = last_column.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280, box
