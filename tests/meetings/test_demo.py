"""The demo's formannskap meeting of 3 March 2021: the regulation as PS 12/21, the week-9
assessment in its case presentation, the vote marked as invented, the approved protocol."""

import pytest

from meetings.models import Meeting, MeetingStatus
from regulations.demo import REGULATION_TITLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db, django_capture_on_commit_callbacks):
    """The seed_demo data up to the meetings (the archival PDFs rendered on commit)."""
    import assessments.demo
    import core.demo
    import meetings.demo
    import regulations.demo

    with django_capture_on_commit_callbacks(execute=True):
        for seeder in (core.demo.seed, regulations.demo.seed, assessments.demo.seed, meetings.demo.seed):
            seeder(log=lambda message: None)
    return Meeting.objects.get(municipality__name="Harstad kommune")


def test_the_meeting_is_the_one_that_adopted_the_regulation(meeting):
    item = meeting.items.get(series="PS")
    assert item.label == "PS 12/21"
    assert item.version.regulation.title == REGULATION_TITLE
    assert item.version.item_number == "12/21"
    assert item.get_outcome_display() == "Vedtatt"
    assert (item.votes_for, item.votes_against, item.votes_blank) == (9, 0, 0)
    assert "oppdiktet i demoen" in item.decision_text


def test_its_protocol_is_approved_and_public(meeting, client):
    assert meeting.status == MeetingStatus.APPROVED
    assert meeting.pdf_error == ""
    assert meeting.archived_pdf is not None
    page = client.get(f"/meetings/protokoller/{meeting.pk}/").content.decode()
    assert "PS 12/21" in page and "OS 1/21" in page
    assert "3. mars 2021 kl. 12.00" in page
    assert "oppdiktet i demoen" in page
    assert "Protokollen er godkjent 4. mars 2021 av Hanne Solberg." in page


def test_the_case_presentation_shows_the_week_9_assessment(meeting, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="formannskap"))
    item = meeting.items.get(series="PS")
    page = client.get(f"/meetings/items/{item.pk}/").content.decode()
    assert "Risikovurdering uke 9 2021" in page


def test_seeding_again_adds_no_second_meeting(meeting):
    import meetings.demo

    meetings.demo.seed(log=lambda message: None)
    assert Meeting.objects.count() == 1
