"""The meeting's services: the agenda, the decisions through the regulations' transitions,
amendments, postponing, remote votes and the protocol."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from core.models import Role, WorkflowDecision
from meetings import services
from meetings.models import Outcome
from regulations.models import VersionStatus
from regulations.services import regulation_create, version_issue_urgent, version_submit
from regulations.services.drafting import SectionInput
from tests.factories import MunicipalityFactory, member, oslo


def test_items_are_numbered_per_body_and_year_as_municipalities_do(meeting, submitted, secretary):
    item = services.item_add_version(meeting=meeting, version=submitted, by=secretary)
    note = services.item_add_orientation(
        meeting=meeting, title="Status for vaksinering", text="Orientering.", by=secretary
    )
    assert (item.label, note.label) == ("PS 1/21", "OS 1/21")
    assert item.proposal.startswith("Formannskapet vedtar")
    assert "smittevernloven" in item.legal_basis


def test_agenda_takes_only_submitted_versions_of_the_own_municipality(meeting, draft, secretary, other_municipality):
    with pytest.raises(ValidationError, match="Bare forslag lagt fram"):
        services.item_add_version(meeting=meeting, version=draft, by=secretary)
    foreign_officer = member(Role.CASE_OFFICER, other_municipality)
    foreign = regulation_create(
        municipality=other_municipality,
        title="Bærums forskrift",
        by=foreign_officer,
        valid_from=oslo(2021, 3, 3, 14),
        valid_until=oslo(2021, 3, 17, 14),
        sections=[SectionInput(number=1, heading="Formål", body="Begrense smitte.")],
    )
    version_submit(version=foreign, by=foreign_officer)
    with pytest.raises(ValidationError, match="hører ikke til denne kommunen"):
        services.item_add_version(meeting=meeting, version=foreign, by=secretary)


def test_a_version_is_on_one_agenda_at_a_time(meeting, submitted, secretary, municipality):
    services.item_add_version(meeting=meeting, version=submitted, by=secretary)
    later = services.meeting_create(
        municipality=municipality, body="formannskap", starts_at=oslo(2021, 3, 10, 10), place="Rådhuset", by=secretary
    )
    with pytest.raises(ValidationError, match="allerede på en saksliste"):
        services.item_add_version(meeting=later, version=submitted, by=secretary)


def test_hastevedtak_awaiting_confirmation_is_an_item_of_its_own_kind(
    meeting, municipality, medical_officer, secretary
):
    urgent = regulation_create(
        municipality=municipality,
        title="Hastevedtak om smitteverntiltak",
        by=medical_officer,
        kind="urgent",
        valid_from=oslo(2021, 2, 28),
        valid_until=oslo(2021, 3, 7),
        sections=[SectionInput(number=1, heading="Formål", body="Begrense smitte.")],
    )
    version_issue_urgent(version=urgent, by=medical_officer, valid_from=oslo(2021, 2, 28), now=oslo(2021, 2, 27, 20))
    item = services.item_add_version(meeting=meeting, version=urgent, by=secretary)
    assert item.kind == "confirmation"
    assert services.OUTCOMES[item.kind] == (Outcome.CONFIRMED, Outcome.NOT_CONFIRMED)


def test_notice_mails_every_member_with_the_link(noticed, members):
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert "Innkalling til møte i formannskapet 3. mars 2021" in mail.outbox[0].subject
    assert "http://testserver/meetings/1/" in mail.outbox[0].body
    assert "PS 1/21" in mail.outbox[0].body
    assert noticed.meeting.attendance.count() == 3


def test_adoption_goes_through_the_regulation_transition(noticed, secretary):
    item = services.item_decide(
        item=noticed, outcome="adopted", by=secretary, votes_for=3, votes_against=0, votes_blank=0
    )
    version = item.version
    version.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED
    assert (version.meeting_date, version.item_number, version.votes_for) == (date(2021, 3, 3), "PS 1/21", 3)
    assert version.content_hash
    assert AuditEvent.objects.filter(action="meeting_item_decided", data__outcome="adopted").exists()


def test_amendments_produce_the_adopted_text_and_its_diff(noticed, secretary, client):
    services.amendment_add(
        item=noticed,
        section_number=3,
        proposed_by="Ap",
        body="Serveringssteder skal ikke skjenke alkohol etter kl. 22.",
        votes_for=2,
        votes_against=1,
        votes_blank=0,
        by=secretary,
    )
    services.amendment_add(
        item=noticed,
        section_number=1,
        proposed_by="H",
        body="Formålet er noe annet.",
        votes_for=1,
        votes_against=2,
        votes_blank=0,
        by=secretary,
    )
    item = services.item_decide(item=noticed, outcome="adopted", by=secretary, votes_for=3, votes_against=0)
    assert item.outcome == Outcome.AMENDED
    sections = {s.number: s.body for s in item.version.sections.all()}
    assert sections[3] == "Serveringssteder skal ikke skjenke alkohol etter kl. 22."
    assert sections[1] == "Formålet er å begrense spredning av SARS-CoV-2."
    client.force_login(secretary)
    page = client.get(f"/meetings/items/{item.pk}/").content.decode()
    assert "<del>alkohol.</del>" in page
    assert "<ins>alkohol etter kl. 22.</ins>" in page
    assert "Vedtatt med endringer" in page
    # The version's decisions say that the meeting reopened it for its amendments: nobody sent it back.
    from core.workflow import decisions_for

    labels = [d.label for d in decisions_for(item.version).order_by("at", "pk")]
    assert labels[-3:] == [
        "Åpnet for endringene vedtatt i møtet",
        "Lagt fram med endringene vedtatt i møtet",
        "Vedtatt",
    ]
    assert "Sendt tilbake til saksbehandler" not in labels


def test_postponing_leaves_the_version_submitted_for_a_later_meeting(noticed, secretary, municipality):
    services.item_postpone(item=noticed, by=secretary)
    version = noticed.version
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED
    later = services.meeting_create(
        municipality=municipality, body="formannskap", starts_at=oslo(2021, 3, 10, 10), place="Rådhuset", by=secretary
    )
    again = services.item_add_version(meeting=later, version=version, by=secretary)
    assert again.label == "PS 2/21"


def test_rejection_needs_a_majority_against(noticed, secretary):
    with pytest.raises(ValidationError):
        services.item_decide(item=noticed, outcome="rejected", by=secretary, votes_for=2, votes_against=1)
    item = services.item_decide(item=noticed, outcome="rejected", by=secretary, votes_for=0, votes_against=3)
    item.version.refresh_from_db()
    assert item.version.status == VersionStatus.REJECTED


def test_more_votes_than_members_able_to_vote_is_refused(noticed, secretary, members):
    services.disqualification_declare(item=noticed, member_id=members[0].pk, reason="fvl. § 6", by=secretary)
    with pytest.raises(ValidationError, match="flere stemmer"):
        services.item_decide(item=noticed, outcome="adopted", by=secretary, votes_for=3, votes_against=0)


def test_members_cannot_record_outcomes(noticed, members):
    with pytest.raises(PermissionDenied):
        services.item_decide(item=noticed, outcome="adopted", by=members[0], votes_for=3, votes_against=0)


def test_another_municipalitys_secretary_can_do_nothing(noticed, meeting, submitted):
    stranger = member(Role.COMMITTEE_SECRETARY, MunicipalityFactory())
    for call in (
        lambda: services.item_add_orientation(meeting=meeting, title="x", text="", by=stranger),
        lambda: services.item_decide(item=noticed, outcome="adopted", by=stranger, votes_for=3, votes_against=0),
        lambda: services.item_postpone(item=noticed, by=stranger),
        lambda: services.vote_open(item=noticed, by=stranger),
        lambda: services.protocol_approve(meeting=meeting, by=stranger),
    ):
        with pytest.raises(PermissionDenied):
            call()


def _urgent_on_agenda(municipality, medical_officer, secretary, members, title):
    from django.utils import timezone

    now = timezone.localtime()
    urgent = regulation_create(
        municipality=municipality,
        title=title,
        by=medical_officer,
        kind="urgent",
        valid_from=now,
        valid_until=now + timedelta(days=7),
        sections=[SectionInput(number=1, heading="Formål", body="Begrense smitte.")],
    )
    version_issue_urgent(version=urgent, by=medical_officer)
    meeting = services.meeting_create(
        municipality=municipality, body="formannskap", starts_at=now - timedelta(minutes=5), remote=True, by=secretary
    )
    item = services.item_add_version(meeting=meeting, version=urgent, by=secretary)
    services.meeting_publish_notice(meeting=meeting, by=secretary, meeting_url="http://testserver/")
    return item


def test_confirming_a_hastevedtak_takes_the_confirm_transition(municipality, medical_officer, secretary, members):
    item = _urgent_on_agenda(municipality, medical_officer, secretary, members, "Hastevedtak A")
    decided = services.item_decide(item=item, outcome="confirmed", by=secretary, votes_for=3, votes_against=0)
    decided.version.refresh_from_db()
    assert decided.version.status == VersionStatus.ADOPTED
    assert WorkflowDecision.objects.filter(object_id=decided.version_id, transition="confirm").exists()


def test_not_confirming_a_hastevedtak_lets_it_lapse(municipality, medical_officer, secretary, members):
    item = _urgent_on_agenda(municipality, medical_officer, secretary, members, "Hastevedtak B")
    decided = services.item_decide(item=item, outcome="not_confirmed", by=secretary, votes_for=0, votes_against=3)
    decided.version.refresh_from_db()
    assert decided.version.status == VersionStatus.LAPSED
