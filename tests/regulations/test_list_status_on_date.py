"""The regulation list filtered «i kraft på dato» shows each regulation's state on that date,
not today's."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from regulations.models import Regulation, VersionKind
from regulations.selectors import regulation_summary
from regulations.services import SectionInput, version_adopt, version_start, version_submit, version_update
from tests.factories import oslo

pytestmark = pytest.mark.django_db


def _repeal(adopted, case_officer, secretary, *, at):
    version = version_start(regulation=adopted.regulation, kind=VersionKind.REPEAL, by=case_officer)
    version_update(
        version=version,
        by=case_officer,
        expected_revision=version.revision,
        sections=[
            SectionInput(
                id=s.pk, number=s.number, heading=s.heading, body="Forskriften oppheves 12. mars 2021 kl. 12.00."
            )
            for s in version.sections.all()
        ],
        valid_from=at,
        valid_until=None,
    )
    version_submit(version=version, by=case_officer)
    return version_adopt(version=version, by=secretary, body="formannskap", meeting_date=at.date())


def _status_column(client, **params) -> list[str]:
    page = client.get(reverse("regulations:list"), params).content.decode()
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)]
    return [" ".join(strip_tags(row[3]).split()) for row in cells if len(row) == 5]


@pytest.fixture
def repealed(adopted, case_officer, secretary):
    """In force from 3 March 2021 14.00, repealed from 12 March 2021 12.00."""
    _repeal(adopted, case_officer, secretary, at=oslo(2021, 3, 12, 12))
    return adopted.regulation


def test_filtered_on_a_day_before_the_repeal_the_list_says_in_force(client, repealed, case_officer):
    client.force_login(case_officer)

    assert _status_column(client) == ["Opphevet"]
    assert _status_column(client, in_force_on="2021-03-05") == ["I kraft"]


def test_on_the_day_it_takes_effect_in_the_afternoon_it_is_in_force_that_day(client, adopted, case_officer):
    """In force from 3 March 14.00: listed on 3 March, and in force that day, not "not yet"."""
    client.force_login(case_officer)

    assert _status_column(client, in_force_on="2021-03-03") == ["I kraft"]
    assert _status_column(client, in_force_on="2021-03-17") == ["I kraft"]
    assert _status_column(client) == ["Utløpt"]


def test_the_summary_over_a_day_is_the_state_during_that_day(repealed):
    regulation = Regulation.objects.prefetch_related("versions").get(pk=repealed.pk)

    assert regulation_summary(regulation, oslo(2021, 3, 5), oslo(2021, 3, 6))["state"] == "in_force"
    assert regulation_summary(regulation, oslo(2021, 3, 12), oslo(2021, 3, 13))["state"] == "in_force"
    assert regulation_summary(regulation, oslo(2021, 3, 13), oslo(2021, 3, 14))["state"] == "repealed"
    assert regulation_summary(regulation, oslo(2021, 3, 2), oslo(2021, 3, 3))["state"] == "not_yet"
