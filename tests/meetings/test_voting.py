"""Remote votes in a fjernmøte: counted exactly once, only while open, only by members present
and not disqualified; two votes at the same time by one member count once."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections

from core.models import Role
from meetings import services
from meetings.models import Vote
from tests.factories import member


def test_votes_are_tallied_with_who_voted_what(remote_item, secretary, members):
    for voter, choice in zip(members, ["for", "for", "blank"], strict=True):
        services.vote_cast(item=remote_item, voter=voter, choice=choice)
    closed = services.vote_close(item=remote_item, by=secretary)
    assert (closed.votes_for, closed.votes_against, closed.votes_blank) == (2, 0, 1)
    decided = services.item_decide(item=closed, outcome="adopted", by=secretary, votes_for=99)
    decided.version.refresh_from_db()
    assert (decided.version.votes_for, decided.version.votes_against, decided.version.votes_abstaining) == (2, 0, 1)
    assert dict(Vote.objects.values_list("voter__username", "choice")) == {
        "medlem1": "for",
        "medlem2": "for",
        "medlem3": "blank",
    }


def test_a_member_cannot_vote_twice(remote_item, members):
    services.vote_cast(item=remote_item, voter=members[0], choice="for")
    with pytest.raises(ValidationError, match="allerede stemt"):
        services.vote_cast(item=remote_item, voter=members[0], choice="against")
    assert remote_item.votes.count() == 1


def test_no_vote_after_closing(remote_item, secretary, members):
    services.vote_close(item=remote_item, by=secretary)
    with pytest.raises(ValidationError, match="ikke åpen"):
        services.vote_cast(item=remote_item, voter=members[0], choice="for")


def test_disqualified_absent_and_non_members_cannot_vote(
    remote_noticed, secretary, members, municipality, case_officer
):
    item = remote_noticed
    services.disqualification_declare(item=item, member_id=members[0].pk, reason="Forvaltningsloven § 6", by=secretary)
    services.attendance_set(meeting=item.meeting, member_id=members[1].pk, present=False, by=secretary)
    services.vote_open(item=item, by=secretary)
    with pytest.raises(PermissionDenied, match="inhabil"):
        services.vote_cast(item=item, voter=members[0], choice="for")
    with pytest.raises(PermissionDenied, match="til stede"):
        services.vote_cast(item=item, voter=members[1], choice="for")
    with pytest.raises(PermissionDenied):
        services.vote_cast(item=item, voter=case_officer, choice="for")
    late_member = member(Role.COMMITTEE_MEMBER, municipality)  # not called to the meeting
    with pytest.raises(PermissionDenied):
        services.vote_cast(item=item, voter=late_member, choice="for")
    services.vote_cast(item=item, voter=members[2], choice="against")
    assert item.votes.count() == 1


def test_vote_pages_show_the_member_their_vote(remote_item, members, client):
    client.force_login(members[0])
    page = client.get(f"/meetings/items/{remote_item.pk}/").content.decode()
    assert "Avgi stemme" in page
    response = client.post(f"/meetings/items/{remote_item.pk}/vote/", {"choice": "for"}, follow=True)
    assert "Stemmen din er registrert." in response.content.decode()
    again = client.post(f"/meetings/items/{remote_item.pk}/vote/", {"choice": "against"}, follow=True)
    assert "Du har allerede stemt i PS 1/21." in again.content.decode()
    assert "Du har stemt: for." in again.content.decode()
    assert remote_item.votes.get().choice == "for"


@pytest.mark.django_db(transaction=True)
def test_two_votes_at_the_same_time_count_once(municipality, secretary, case_officer, draft):
    from regulations.services import version_submit
    from tests.factories import oslo

    voter = member(Role.COMMITTEE_MEMBER, municipality, username="samtidig")
    version_submit(version=draft, by=case_officer)
    meeting = services.meeting_create(
        municipality=municipality, body="formannskap", starts_at=oslo(2021, 3, 3, 10), remote=True, by=secretary
    )
    item = services.item_add_version(meeting=meeting, version=draft, by=secretary)
    services.meeting_publish_notice(meeting=meeting, by=secretary, meeting_url="http://testserver/")
    services.vote_open(item=item, by=secretary)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def cast(choice):
        try:
            barrier.wait()
            services.vote_cast(item=item, voter=voter, choice=choice)
            outcomes.append("counted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=cast, args=(c,)) for c in ("for", "against")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["counted", "refused"]
    assert Vote.objects.filter(item=item).count() == 1
