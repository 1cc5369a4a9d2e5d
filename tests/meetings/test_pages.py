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


def test_a_proposal_sent_back_holds_the_notice_until_it_is_taken_off_the_agenda(
    meeting, submitted, secretary, case_officer, members, client
):
    from django.core import mail

    from audit.models import AuditEvent
    from meetings.models import AgendaItem
    from regulations.services import version_send_back

    item = services.item_add_version(meeting=meeting, version=submitted, by=secretary)
    version_send_back(version=submitted, by=secretary, comment="Datoene i § 5 mangler.")
    client.force_login(secretary)
    page = client.post(f"/meetings/{meeting.pk}/notice/", follow=True).content.decode()
    assert "PS 1/21 er sendt tilbake til saksbehandler og er ikke lenger lagt fram for behandling" in page
    meeting.refresh_from_db()
    assert meeting.status == "planned" and not mail.outbox
    # The secretary takes it off the agenda from its page, and the meeting can be called.
    assert "Ta saken av sakslisten" in client.get(f"/meetings/items/{item.pk}/").content.decode()
    response = client.post(f"/meetings/items/{item.pk}/remove/", follow=True)
    assert response.redirect_chain[-1][0] == f"/meetings/{meeting.pk}/"
    assert "Saken er tatt av sakslisten." in response.content.decode()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert AuditEvent.objects.filter(
        object_type="meetings.agendaitem", object_id=str(item.pk), action="deleted"
    ).exists()
    # Once called, the agenda is fixed: an item is postponed in the meeting, not taken off.
    services.item_add_orientation(meeting=meeting, title="Status", text="Om smittesituasjonen.", by=secretary)
    client.post(f"/meetings/{meeting.pk}/notice/")
    other = AgendaItem.objects.get(meeting=meeting)
    page = client.post(f"/meetings/items/{other.pk}/remove/", follow=True).content.decode()
    assert "Innkallingen er sendt; sakslisten kan ikke lenger endres." in page
    assert AgendaItem.objects.filter(pk=other.pk).exists()
    # Nobody but the secretary takes an item off.
    client.force_login(case_officer)
    assert client.post(f"/meetings/items/{other.pk}/remove/").status_code in (403, 404)


def test_a_fjernmote_with_a_room_names_both_on_the_page_and_in_the_notice(
    municipality, submitted, secretary, members, client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from meetings.pdf import meeting_heading
    from tests.factories import oslo

    meeting = services.meeting_create(
        municipality=municipality,
        body="formannskap",
        starts_at=oslo(2021, 3, 3, 10),
        place="Harstad rådhus, formannskapssalen",
        remote=True,
        by=secretary,
    )
    services.item_add_version(meeting=meeting, version=submitted, by=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish_notice(meeting=meeting, by=secretary, meeting_url="http://testserver/")
    said = "Harstad rådhus, formannskapssalen, og som fjernmøte (kommuneloven § 11-7)"
    client.force_login(members[0])
    assert said in client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert mail.outbox and all(said in message.body for message in mail.outbox)
    assert meeting_heading(meeting)["place"] == said  # the protocol's heading


def test_an_orientation_is_taken_note_of_without_votes_or_a_proposal(meeting, submitted, secretary, members, client):
    from meetings.models import AgendaItem

    regulation = services.item_add_version(meeting=meeting, version=submitted, by=secretary)
    item = services.item_add_orientation(meeting=meeting, title="Status", text="Om smittesituasjonen.", by=secretary)
    services.meeting_publish_notice(meeting=meeting, by=secretary, meeting_url="http://testserver/")
    client.force_login(secretary)
    page = client.get(f"/meetings/items/{item.pk}/").content.decode()
    assert "Registrer vedtaket" in page and "Merknad" in page
    assert "Stemmer for" not in page and "innstillingen er vedtaket" not in page
    # The PS item beside it keeps its vote fields.
    assert "Stemmer for" in client.get(f"/meetings/items/{regulation.pk}/").content.decode()
    client.post(f"/meetings/items/{item.pk}/decide/", {"outcome": "noted", "decision_text": ""})
    assert AgendaItem.objects.get(pk=item.pk).outcome == "noted"
