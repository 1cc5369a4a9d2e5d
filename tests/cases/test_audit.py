"""A case groups its documents' events in the audit trail, under its label before and after
the case records moved from core and letters to the cases app."""

import pytest

from audit.models import AuditEvent
from audit.selectors import Filters, filter_events
from audit.subjects import is_subject_model
from cases.services import incoming_document_register


@pytest.mark.django_db
def test_a_reply_registered_in_a_case_is_in_the_cases_part_of_the_trail(dispatched_letter, officer, baerum):
    case = dispatched_letter.case
    incoming = incoming_document_register(case=case, by=officer, title="Svar", sender=baerum)

    story = filter_events(AuditEvent.objects.all(), Filters(object=("cases.case", str(case.pk))))
    assert story.filter(object_type="cases.incomingdocument", object_id=str(incoming.pk)).exists()
    assert story.filter(object_type="cases.case", object_id=str(case.pk)).exists()


def test_events_recorded_before_the_move_still_name_a_document():
    # Their subject_type is core.case: a filter on it means the case and its parts, as before.
    assert is_subject_model("core.case") and is_subject_model("cases.case")


@pytest.mark.django_db
def test_the_trail_names_the_registry_sender_and_the_senders_name_apart(dispatched_letter, officer, baerum):
    from audit.readable import read_events

    incoming = incoming_document_register(case=dispatched_letter.case, by=officer, title="Svar", sender=baerum)
    events = AuditEvent.objects.filter(object_type="cases.incomingdocument", object_id=str(incoming.pk))
    labels = {c.field: c.label for read in read_events(officer, events) for c in read.changes}
    assert labels["sender"] == "avsender fra registeret" and labels["sender_name"] == "avsenders navn"


@pytest.mark.django_db
def test_the_timeline_finds_a_received_document_by_its_title_or_reference_and_offers_its_kind(
    client, dispatched_letter, officer, baerum, directorate
):
    from django.urls import reverse

    from core.models import Role
    from tests.factories import member

    incoming = incoming_document_register(
        case=dispatched_letter.case, by=officer, title="Svar fra Bærum kommune", sender=baerum
    )
    client.force_login(member(Role.AUDITOR, directorate))
    name = f"{incoming.reference} Svar fra Bærum kommune"

    for typed in ("svar fra bærum", incoming.reference):
        page = client.get(reverse("audit:timeline"), {"q": typed}).content.decode()
        assert name in page, typed
    page = client.get(reverse("audit:timeline"), {"object_type": "cases.incomingdocument"}).content.decode()
    assert name in page
    assert '<option value="cases.case">Sak</option>' in page
    assert '<option value="cases.incomingdocument" selected>Inngående dokument</option>' in page
