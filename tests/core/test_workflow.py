"""The shared workflow machinery (core/workflow.py): declared transitions drive the buttons,
and every decision is recorded, in the trail too, in the transaction that takes it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.timezone import now as timezone_now

from audit.models import AuditEvent, AuditKind
from core.models import ArchivedDocument, Role, WorkflowDecision
from core.workflow import decisions_for, transition_run, transitions_for_user
from tests.factories import member


def test_the_buttons_are_the_transitions_the_person_may_take(draft, case_officer, secretary, committee_member):
    assert [t.name for t in transitions_for_user(draft, case_officer)] == ["submit"]
    assert transitions_for_user(draft, secretary) == []
    assert transitions_for_user(draft, committee_member) == []


def test_a_decision_records_who_what_and_the_hash_in_the_trail(draft, case_officer):
    with transaction.atomic():
        decision = transition_run(obj=draft, name="submit", by=case_officer, comment="Klar", content_hash="ab" * 32)
    event = AuditEvent.objects.get(kind=AuditKind.DECISION, action="submit")
    assert event.actor_id == case_officer.pk and event.comment == "Klar"
    assert event.data["content_hash"] == "ab" * 32 and event.data["decision_id"] == decision.pk
    assert event.object_type == "regulations.regulationversion" and event.object_id == str(draft.pk)
    assert list(decisions_for(draft)) == [decision]


def test_a_decision_rolled_back_leaves_neither_decision_nor_event(draft, case_officer):
    events_before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        transition_run(obj=draft, name="submit", by=case_officer)
        raise RuntimeError("the rest of the service failed")
    assert not WorkflowDecision.objects.exists()
    assert AuditEvent.objects.count() == events_before
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_person_without_the_permission_is_refused_and_nothing_is_recorded(draft, municipality):
    member_ = member(Role.COMMITTEE_MEMBER, municipality, username="medlem-uten-rett")
    with pytest.raises(PermissionDenied), transaction.atomic():
        transition_run(obj=draft, name="submit", by=member_)
    assert not WorkflowDecision.objects.exists()


def test_a_transition_the_state_does_not_allow_names_the_state(draft, secretary):
    with pytest.raises(ValidationError, match="Utkast"), transaction.atomic():
        transition_run(obj=draft, name="adopt", by=secretary)


def test_decisions_and_archived_documents_are_recorded_by_the_action_not_by_a_receiver(db):
    """Core state is never written in a signal receiver (CONVENTIONS 7): no post_save hooks."""
    from django.db.models.signals import post_save

    from core.services import archived_document_create

    assert not post_save.has_listeners(WorkflowDecision)
    assert not post_save.has_listeners(ArchivedDocument)
    document = archived_document_create(content=b"%PDF-1.7 test", filename="test.pdf")
    event = AuditEvent.objects.get(action="archived")
    assert event.object_id == str(document.pk) and event.data["sha256"] == document.sha256


def test_cleaning_a_decided_document_leaves_its_protected_state_alone(adopted):
    # A form validating a document loaded from the database (an adopted version) must not
    # write its workflow state: only transitions change it.
    version = type(adopted).objects.get(pk=adopted.pk)
    version.full_clean()
    assert version.status == "adopted"
    with pytest.raises(AttributeError):
        version.status = "draft"


def test_a_decision_imported_with_a_time_before_the_drafting_still_names_only_what_it_changed(draft, case_officer):
    """A historical decision (`at`) taken on a document whose history is newer (drafted now):
    its history record stays dated now, so the trail's change lists the status alone instead
    of every field as if the document were made anew."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    with transaction.atomic():
        transition_run(
            obj=draft, name="submit", by=case_officer, at=datetime(2021, 3, 2, 16, tzinfo=ZoneInfo("Europe/Oslo"))
        )
    change = AuditEvent.objects.filter(kind=AuditKind.CHANGE, object_id=str(draft.pk)).latest("seq")
    assert [c["field"] for c in change.changes] == ["status"]
    assert draft.history.latest("history_date").history_date.year == timezone_now().year


def test_a_record_imported_with_its_historical_time_keeps_it_when_nothing_is_newer(case_officer):
    """The first save of an imported object, and each later one in time, carry the given time."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core.history import save_with_history
    from tests.factories import OrganizationFactory

    at = datetime(2021, 3, 2, 14, tzinfo=ZoneInfo("Europe/Oslo"))
    organization = OrganizationFactory.build(name="Importert etat")
    save_with_history(organization, case_officer, "Importert", at)
    organization.name = "Importert etat (endret)"
    save_with_history(organization, case_officer, "Endret")
    dates = list(organization.history.order_by("history_id").values_list("history_date", flat=True))
    assert dates[0] == at and dates[1] > at and dates[1].year == timezone_now().year
