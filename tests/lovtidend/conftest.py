"""A version like the Harstad demo's: the seed's twelve sections, adopted by formannskapet."""

from datetime import date

import pytest

from tests.factories import oslo


@pytest.fixture
def harstad_version(municipality, case_officer, secretary):
    from regulations.demo import REGULATION_SECTIONS, REGULATION_SHORT_TITLE, REGULATION_TITLE
    from regulations.services import regulation_create, version_adopt, version_submit
    from regulations.services.drafting import SectionInput

    version = regulation_create(
        municipality=municipality,
        title=REGULATION_TITLE,
        short_title=REGULATION_SHORT_TITLE,
        by=case_officer,
        valid_from=oslo(2021, 3, 3, 14),
        valid_until=oslo(2021, 3, 17, 14),
        sections=[
            SectionInput(number=n, heading=heading, body=body)
            for n, (heading, body) in enumerate(REGULATION_SECTIONS, start=1)
        ],
    )
    version_submit(version=version, by=case_officer)
    return version_adopt(version=version, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3))


@pytest.fixture
def records_officer(municipality):
    from core.models import Role
    from tests.factories import member

    return member(Role.RECORDS_OFFICER, municipality, username="arkivar")
