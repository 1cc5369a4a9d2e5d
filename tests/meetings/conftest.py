"""A meeting of Harstad formannskapet on 3 March 2021 with the submitted regulation as PS item."""

import pytest

from core.models import Role
from regulations.services import version_submit
from tests.factories import member, oslo


@pytest.fixture
def members(municipality):
    return [
        member(
            Role.COMMITTEE_MEMBER,
            municipality,
            username=f"medlem{n}",
            first_name=name,
            last_name="Medlem",
            email=f"m{n}@example.no",
        )
        for n, name in enumerate(["Anne", "Bjørn", "Cecilie"], start=1)
    ]


@pytest.fixture
def submitted(draft, case_officer):
    return version_submit(version=draft, by=case_officer)


@pytest.fixture
def meeting(municipality, secretary):
    from meetings.services import meeting_create

    return meeting_create(
        municipality=municipality, body="formannskap", starts_at=oslo(2021, 3, 3, 10), place="Rådhuset", by=secretary
    )


@pytest.fixture
def remote_meeting(municipality, secretary):
    from meetings.services import meeting_create

    return meeting_create(
        municipality=municipality, body="formannskap", starts_at=oslo(2021, 3, 3, 10), remote=True, by=secretary
    )


@pytest.fixture
def noticed(meeting, submitted, secretary, members, django_capture_on_commit_callbacks):
    """The meeting with the regulation as PS 1/21, notice sent; returns the item."""
    from meetings.services import item_add_version, meeting_publish_notice

    item = item_add_version(meeting=meeting, version=submitted, by=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish_notice(meeting=meeting, by=secretary, meeting_url="http://testserver/meetings/1/")
    item.refresh_from_db()
    return item


@pytest.fixture
def remote_noticed(remote_meeting, submitted, secretary, members, django_capture_on_commit_callbacks):
    """PS 1/21 of a fjernmøte whose notice is sent; its vote not yet opened."""
    from meetings.services import item_add_version, meeting_publish_notice

    item = item_add_version(meeting=remote_meeting, version=submitted, by=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish_notice(meeting=remote_meeting, by=secretary, meeting_url="http://testserver/m/")
    return item


@pytest.fixture
def remote_item(remote_noticed, secretary):
    from meetings.services import vote_open

    return vote_open(item=remote_noticed, by=secretary)
