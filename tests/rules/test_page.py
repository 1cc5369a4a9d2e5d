"""«Gjeldende regler»: staff ask what applies in a municipality at a date and time."""

import pytest

from core.models import Organization, Role
from regulations.models import Layer
from tests.factories import member, oslo

from .conftest import decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, places, ministry):
    decided(
        ministry,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 1, 1),
        sections=[(1, [("closure", {"settings": ["gyms"]}, False)])],
        placements=[("3024", oslo(2021, 5, 6), oslo(2021, 5, 21, 23, 59))],
    )
    baerum = Organization.objects.get(municipality_number="3024")
    decided(
        baerum, valid_from=oslo(2021, 3, 1), sections=[(5, [("cap", {"settings": ["gyms"], "max_people": 20}, False)])]
    )
    client.force_login(member(Role.CASE_OFFICER, baerum))
    return client


def test_the_page_answers_what_applies_in_baerum_on_15_may_2021_at_18(staff):
    page = staff.get("/gjeldende-regler/", {"municipality": "Bærum", "at": "2021-05-15T18:00"}).content.decode()
    assert "Dette gjelder i Bærum kommune 15. mai 2021 kl. 18.00" in page
    assert "Stengt" in page and "tiltaksnivå B (covid-19-forskriften kap. 5B)" in page
    assert "strengere enn" in page and "lokal forskrift § 5" in page


def test_a_name_or_number_not_in_the_register_and_a_bad_date_get_clear_messages(staff):
    page = staff.get("/gjeldende-regler/", {"municipality": "Atlantis", "at": "i går"}).content.decode()
    assert "Fant ingen kommune «Atlantis» i kommuneregisteret." in page
    assert "Skriv dato og klokkeslett som 15.05.2021 18:00" in page


def test_the_visitor_switch_names_both_places(staff):
    page = staff.get(
        "/gjeldende-regler/", {"municipality": "0301", "visiting": "3024", "at": "15.05.2021 18:00"}
    ).content.decode()
    assert "Dette gjelder for den som bor i Oslo og er i Bærum 15. mai 2021 kl. 18.00" in page


def test_signed_out_visitors_are_sent_to_sign_in(client, places):
    response = client.get("/gjeldende-regler/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
