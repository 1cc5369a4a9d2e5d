"""The protocol: generated from the meeting, approved by the secretary, frozen as PDF/A with
its SHA-256, public without signing in, each decision linked to the version it decided."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import MeetingStatus
from tests.core.test_pdf import pdf_text, pdfa_identification


@pytest.fixture
def decided(noticed, secretary, members, django_capture_on_commit_callbacks):
    services.disqualification_declare(
        item=noticed, member_id=members[2].pk, reason="Forvaltningsloven § 6", by=secretary
    )
    services.amendment_add(
        item=noticed,
        section_number=3,
        proposed_by="Senterpartiet",
        body="Serveringssteder skal ikke skjenke alkohol etter kl. 22.",
        votes_for=2,
        votes_against=0,
        votes_blank=0,
        by=secretary,
    )
    with django_capture_on_commit_callbacks(execute=True):
        return services.item_decide(item=noticed, outcome="adopted", by=secretary, votes_for=2, votes_against=0)


def test_protocol_cannot_be_approved_before_every_item_is_dealt_with(noticed, secretary):
    with pytest.raises(ValidationError, match="PS 1/21"):
        services.protocol_approve(meeting=noticed.meeting, by=secretary)


def test_approved_protocol_is_frozen_public_and_states_the_decisions(
    decided, secretary, client, django_capture_on_commit_callbacks
):
    meeting = decided.meeting
    with django_capture_on_commit_callbacks(execute=True):
        services.protocol_approve(meeting=meeting, by=secretary)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    assert meeting.content_hash == services.meeting_content_hash(meeting)
    archived = meeting.archived_pdf
    assert archived.sha256 == hashlib.sha256(bytes(archived.content)).hexdigest()

    page = client.get(f"/meetings/protokoller/{meeting.pk}/")  # nobody signed in
    body = page.content.decode()
    assert page.status_code == 200
    assert "PS 1/21" in body and "Vedtatt med endringer" in body
    assert "Stemmer for: 2 · Stemmer mot: 0 · Blanke: 0" in body
    assert f'href="/regulations/versions/{decided.version_id}/"' in body

    pdf = client.get(f"/meetings/protokoller/{meeting.pk}/protokoll.pdf")
    assert pdf["X-Content-SHA256"] == archived.sha256
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert pdfa_identification(content) == ("3", "B")
    text = pdf_text(content)
    assert "Møteprotokoll" in text
    assert "PS 1/21" in text
    assert "Vedtatt med endringer" in text
    assert "Endringsforslag fra Senterpartiet til § 3" in text
    assert "Stemmer for: 2, stemmer mot: 0, blanke: 0" in text
    assert "Inhabil: Cecilie Medlem (Forvaltningsloven § 6)" in text
    assert "3. mars 2021 kl. 10.00" in text


def test_protocol_is_not_public_before_approval(decided, client):
    assert client.get(f"/meetings/protokoller/{decided.meeting_id}/").status_code == 404


def test_case_presentation_is_frozen_with_the_notice_and_holds_the_proposal_and_the_text(noticed, case_officer, client):
    noticed.refresh_from_db()
    assert noticed.content_hash == services.presentation_content_hash(noticed)
    client.force_login(case_officer)
    response = client.get(f"/meetings/items/{noticed.pk}/saksframlegg.pdf")
    assert response["X-Content-SHA256"] == noticed.archived_pdf.sha256
    text = pdf_text(response.content)
    assert "Saksframlegg" in text and "Innstilling" in text
    assert "smittevernloven" in text
    assert "§ 3. Skjenkestopp" in text


def test_a_concluded_meeting_passes_audit_verify(decided, secretary, django_capture_on_commit_callbacks):
    """The frozen saksframlegg, the amended and adopted version and the approved protocol all
    match the hashes their decisions recorded in the trail."""
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        services.protocol_approve(meeting=decided.meeting, by=secretary)
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().rstrip().endswith("OK")
