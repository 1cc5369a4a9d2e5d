"""The overview flags what is in force but not announced, until the announcement is recorded."""

from datetime import date

import pytest
from django.utils import timezone

from lovtidend.selectors import unannounced_version_ids
from lovtidend.services import announcement_record
from tests.factories import oslo

FLAG = "I kraft, men ikke kunngjort i Norsk Lovtidend"


@pytest.fixture
def in_force_now(municipality, case_officer, secretary):
    """An open-ended regulation adopted on 31 March 2021, in force from 1 April 2021."""
    from regulations.services import SectionInput, regulation_create, version_adopt, version_submit

    version = regulation_create(
        municipality=municipality,
        title="Forskrift om besøk i institusjoner",
        by=case_officer,
        valid_from=oslo(2021, 4, 1),
        valid_until=None,
        sections=[
            SectionInput(number=1, heading="Besøk", body="Besøk skal avtales på forhånd."),
            SectionInput(
                number=2,
                heading="Ikrafttredelse og varighet",
                body="Forskriften trer i kraft 1. april 2021 kl. 00.00 og gjelder inntil videre.",
            ),
        ],
    )
    version_submit(version=version, by=case_officer)
    return version_adopt(version=version, by=secretary, body="formannskap", meeting_date=date(2021, 3, 31))


def test_the_flag_shows_what_is_in_force_unannounced_and_goes_when_recorded(client, in_force_now, case_officer):
    client.force_login(case_officer)
    page = client.get("/").content.decode()
    assert FLAG in page
    assert "Forskrift om besøk i institusjoner" in page

    announcement_record(
        version=in_force_now, by=case_officer, announced_on=date(2021, 4, 1), lovdata_id="FOR-2021-03-31-700"
    )

    page = client.get("/").content.decode()
    assert FLAG in page  # the card stays, saying all is announced
    assert "Forskrift om besøk i institusjoner" not in page
    assert "Alt som er i kraft, er kunngjort." in page


def test_an_expired_regulation_is_not_flagged(client, harstad_version, case_officer):
    client.force_login(case_officer)
    assert harstad_version.regulation.title not in client.get("/").content.decode()


def test_another_municipality_does_not_see_the_flag_for_it(client, in_force_now, outsider):
    client.force_login(outsider)
    assert "Forskrift om besøk i institusjoner" not in client.get("/").content.decode()


def test_the_public_pages_selector_names_the_unannounced_decided_versions(in_force_now, harstad_version, draft):
    assert unannounced_version_ids([in_force_now.pk, harstad_version.pk, draft.pk]) == {
        in_force_now.pk,
        harstad_version.pk,
    }
    assert unannounced_version_ids([]) == set()
    assert timezone.now() > in_force_now.valid_from
