"""What the meeting pages show to whom: the agenda hidden from members until the notice, the
dashboard's upcoming meetings and open votes, the navigation link for those who take part."""

from meetings import services


def test_members_see_a_meeting_only_once_the_notice_is_sent(meeting, submitted, secretary, members, client):
    item = services.item_add_version(meeting=meeting, version=submitted, by=secretary)
    client.force_login(members[0])
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 404
    services.meeting_publish_notice(meeting=meeting, by=secretary, meeting_url="http://testserver/")
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "PS 1/21" in page and "Forskrift om smitteverntiltak i Harstad kommune" in page
    assert "Send innkalling" not in page


def test_secretary_sees_upcoming_meetings_and_members_their_open_votes(remote_item, secretary, members, client):
    from django.utils import timezone

    from meetings.models import Meeting

    Meeting.objects.filter(pk=remote_item.meeting_id).update(starts_at=timezone.now())
    client.force_login(secretary)
    dashboard = client.get("/").content.decode()
    assert "Kommende møter" in dashboard and "Formannskapet" in dashboard
    client.force_login(members[0])
    dashboard = client.get("/").content.decode()
    assert "Åpne avstemninger" in dashboard and "PS 1/21" in dashboard
    services.vote_cast(item=remote_item, voter=members[0], choice="for")
    assert "Ingen avstemninger venter på deg." in client.get("/").content.decode()


def test_navigation_links_the_meetings_for_those_who_take_part(members, auditor, client):
    client.force_login(members[0])
    assert 'href="/meetings/">Møter</a>' in client.get("/").content.decode()
    client.force_login(auditor)
    assert 'href="/meetings/">Møter</a>' not in client.get("/").content.decode()


def test_a_double_submitted_decision_is_a_message_not_an_error(noticed, secretary, client):
    client.force_login(secretary)
    data = {"outcome": "adopted", "votes_for": 3, "votes_against": 0, "votes_blank": 0, "decision_text": ""}
    first = client.post(f"/meetings/items/{noticed.pk}/decide/", data, follow=True).content.decode()
    assert "PS 1/21: Vedtatt." in first
    second = client.post(f"/meetings/items/{noticed.pk}/decide/", data, follow=True).content.decode()
    assert "Saken er allerede behandlet (Vedtatt)." in second


def test_a_bad_vote_count_is_a_field_message(noticed, secretary, client):
    client.force_login(secretary)
    data = {"outcome": "adopted", "votes_for": "mange", "votes_against": 0}
    page = client.post(f"/meetings/items/{noticed.pk}/decide/", data, follow=True).content.decode()
    assert "Stemmer for: Oppgi et heltall." in page
    noticed.refresh_from_db()
    assert not noticed.is_decided
