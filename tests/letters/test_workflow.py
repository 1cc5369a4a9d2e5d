"""The approval chain: order, hashes, restarts, send back, cancel, and what dispatch requires."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import WorkflowDecision
from letters import services
from letters.models import JournalStatus, LetterStatus

pytestmark = pytest.mark.django_db


def test_a_letter_without_recipients_cannot_be_sent_for_approval(directorate, officer, consultant):
    letter = services.letter_create(organization=directorate, by=officer, title="Brev", body="<p>Tekst</p>")
    services.signatory_add(letter=letter, by=officer, name="Jon Hilmar Iversen", title="konsulent")
    services.approver_add(letter=letter, by=officer, user=consultant)

    with pytest.raises(ValidationError) as exc:
        services.letter_submit(letter=letter, by=officer)

    assert "Brevet har ingen mottakere." in exc.value.messages
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT


def test_approvers_approve_in_order_and_each_approval_records_the_content_hash(
    draft_letter, officer, consultant, director
):
    services.letter_submit(letter=draft_letter, by=officer)

    with pytest.raises(ValidationError, match="Det er Jon Hilmar Iversen sin tur"):
        services.letter_approve(letter=draft_letter, by=director)

    expected = services.letter_content_hash(draft_letter)
    first = services.letter_approve(letter=draft_letter, by=consultant)
    draft_letter.refresh_from_db()
    assert draft_letter.status == LetterStatus.AWAITING_APPROVAL
    assert (first.approved_by, first.content_hash) == (consultant, expected)

    second = services.letter_approve(letter=draft_letter, by=director)
    draft_letter.refresh_from_db()
    assert draft_letter.status == LetterStatus.APPROVED
    assert second.content_hash == expected
    decisions = WorkflowDecision.objects.filter(object_id=draft_letter.pk, transition="approve")
    assert [(d.actor, d.content_hash) for d in decisions] == [(consultant, expected), (director, expected)]


def test_someone_outside_the_chain_cannot_approve(draft_letter, officer, directorate):
    from tests.factories import member

    other_approver = member("approver", directorate, username="annen_leder")
    services.letter_submit(letter=draft_letter, by=officer)

    with pytest.raises(PermissionDenied):
        services.letter_approve(letter=draft_letter, by=other_approver)
    with pytest.raises(PermissionDenied):
        services.letter_approve(letter=draft_letter, by=officer)


def test_approving_a_version_one_did_not_see_is_refused(draft_letter, officer, consultant):
    services.letter_submit(letter=draft_letter, by=officer)

    with pytest.raises(ValidationError, match="endret siden du åpnet det"):
        services.letter_approve(letter=draft_letter, by=consultant, expected_hash="0" * 64)


def test_a_change_after_an_approval_restarts_the_chain(approved_letter, officer, consultant, director):
    services.letter_update(
        letter=approved_letter,
        by=officer,
        title=approved_letter.title,
        body=approved_letter.body + "<p>Ny setning.</p>",
    )

    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.AWAITING_APPROVAL
    assert approved_letter.next_approver_step().user == consultant
    assert approved_letter.approvals.filter(invalidated_at__isnull=True).count() == 0
    assert approved_letter.approvals.count() == 2, "earlier approvals are kept for the record"

    services.letter_approve(letter=approved_letter, by=consultant)
    services.letter_approve(letter=approved_letter, by=director)
    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.APPROVED


def test_adding_a_recipient_after_approval_also_restarts_the_chain(approved_letter, officer, oslo_kommune):
    services.recipient_add(
        letter=approved_letter,
        by=officer,
        data=services.RecipientInput(
            organization=oslo_kommune, address="Rådhuset", postal_code="0037", postal_place="OSLO"
        ),
    )

    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.AWAITING_APPROVAL


def test_an_approver_sends_the_letter_back_with_a_comment(draft_letter, officer, consultant):
    services.letter_submit(letter=draft_letter, by=officer)
    services.letter_approve(letter=draft_letter, by=consultant)

    with pytest.raises(ValidationError):
        services.letter_send_back(letter=draft_letter, by=consultant, comment="  ")
    services.letter_send_back(letter=draft_letter, by=consultant, comment="Presiser andre avsnitt.")

    draft_letter.refresh_from_db()
    assert draft_letter.status == LetterStatus.DRAFT
    assert draft_letter.approvals.filter(invalidated_at__isnull=True).count() == 0
    decision = WorkflowDecision.objects.filter(object_id=draft_letter.pk, transition="send_back").get()
    assert decision.comment == "Presiser andre avsnitt."


def test_an_unsent_letter_can_be_cancelled_and_is_journaled_as_u(draft_letter, officer):
    services.letter_cancel(letter=draft_letter, by=officer, comment="Erstattet av nytt brev.")

    draft_letter.refresh_from_db()
    assert draft_letter.status == LetterStatus.CANCELLED
    assert draft_letter.journal_status == JournalStatus.CANCELLED
    with pytest.raises(ValidationError):
        services.letter_update(letter=draft_letter, by=officer, title="Ny tittel", body="<p>x</p>")


def test_an_unapproved_letter_cannot_be_dispatched(draft_letter, officer, archivist):
    services.letter_submit(letter=draft_letter, by=officer)

    with pytest.raises(ValidationError, match="Bare et ferdig godkjent brev"):
        services.letter_dispatch(letter=draft_letter, by=archivist)
    assert not draft_letter.deliveries.exists()


def test_only_the_records_officer_dispatches(approved_letter, officer):
    with pytest.raises(PermissionDenied):
        services.letter_dispatch(letter=approved_letter, by=officer)


def test_a_dispatched_letter_is_frozen(dispatched_letter, officer):
    assert dispatched_letter.status == LetterStatus.DISPATCHED
    with pytest.raises(ValidationError, match="kan ikke endres"):
        services.letter_update(letter=dispatched_letter, by=officer, title="Endret", body="<p>x</p>")
    with pytest.raises(ValidationError):
        services.letter_cancel(letter=dispatched_letter, by=officer, comment="Nei")


def test_script_in_the_body_is_removed(directorate, officer):
    letter = services.letter_create(
        organization=directorate,
        by=officer,
        title="Brev",
        body='<p onclick="alert(1)">Hei <strong>alle</strong></p><script>alert(1)</script><a href="javascript:x()">lenke</a>',
    )
    assert "<script" not in letter.body and "onclick" not in letter.body and "javascript:" not in letter.body
    assert "<strong>alle</strong>" in letter.body


def test_every_change_is_in_the_history_with_who_and_why(draft_letter, officer):
    reasons = list(draft_letter.history.values_list("history_change_reason", "history_user"))
    assert ("Brevutkast opprettet", officer.pk) in reasons
    assert any(r and r.startswith("Mottaker") for r, _ in reasons)


def test_a_title_is_kept_on_one_line(directorate, officer):
    letter = services.letter_create(organization=directorate, by=officer, title="Brev om\r\ntiltak\n  i regionen")
    assert letter.title == "Brev om tiltak i regionen"


def test_the_case_officer_cannot_approve_their_own_letter(directorate, draft_letter, officer):
    from core.models import Membership, Role

    Membership.objects.create(user=officer, organization=directorate, role=Role.APPROVER)
    officer = type(officer).objects.get(pk=officer.pk)  # roles are read once per user object
    with pytest.raises(ValidationError, match="kan ikke godkjenne sitt eget brev"):
        services.approver_add(letter=draft_letter, by=officer, user=officer)


def test_the_last_approver_of_a_letter_awaiting_approval_cannot_be_removed(draft_letter, officer, consultant):
    services.letter_submit(letter=draft_letter, by=officer)
    director_step, consultant_step = draft_letter.approvers.order_by("-order")[:2]
    services.approver_remove(step=director_step, by=officer)  # one of two: fine, the chain restarts
    with pytest.raises(ValidationError, match="minst én godkjenner"):
        services.approver_remove(step=consultant_step, by=officer)
    assert draft_letter.approvers.count() == 1


def test_a_change_of_the_senders_footer_after_approval_sends_the_letter_for_approval_again(
    approved_letter, archivist, directorate, consultant, director
):
    directorate.phone = "(+47) 810 20 050"
    directorate.save()
    with pytest.raises(ValidationError, match="sendt til godkjenning på nytt"):
        services.letter_dispatch(letter=approved_letter, by=archivist)
    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.AWAITING_APPROVAL
    assert not approved_letter.approvals.filter(invalidated_at__isnull=True).exists()

    services.letter_approve(letter=approved_letter, by=consultant)
    services.letter_approve(letter=approved_letter, by=director)
    services.letter_dispatch(letter=approved_letter, by=archivist)  # the new footer is now approved
    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.DISPATCHING


def test_the_date_can_be_set_before_approval_and_is_part_of_what_is_approved(draft_letter, officer):
    from tests.factories import oslo

    before = services.letter_content_hash(draft_letter)
    services.letter_update(
        letter=draft_letter,
        by=officer,
        title=draft_letter.title,
        body=draft_letter.body,
        letter_date=oslo(2020, 11, 12, 9, 0),
    )
    draft_letter.refresh_from_db()
    assert draft_letter.letter_date == oslo(2020, 11, 12, 9, 0)
    assert services.letter_content_hash(draft_letter) != before


def test_a_letter_being_dispatched_is_dispatching_and_offers_no_cancel_approve_or_edit(
    client, approved_letter, officer, consultant, director, archivist
):
    from django.urls import reverse

    from core.workflow import transitions_for_user

    services.letter_dispatch(letter=approved_letter, by=archivist)  # the copies are not made yet
    approved_letter.refresh_from_db()

    assert approved_letter.status == LetterStatus.DISPATCHING
    assert approved_letter.get_status_display() == "Ekspederes"
    assert not approved_letter.is_editable
    for person in (officer, consultant, director):
        assert transitions_for_user(approved_letter, person) == []
    assert [t.name for t in transitions_for_user(approved_letter, archivist)] == ["resume_dispatch", "retry_delivery"]
    with pytest.raises(ValidationError):
        services.letter_cancel(letter=approved_letter, by=archivist, comment="For sent")
    with pytest.raises(ValidationError, match="kan ikke endres"):
        services.letter_update(letter=approved_letter, by=officer, title="Endret", body="<p>x</p>")
    with pytest.raises(ValidationError):
        services.letter_dispatch(letter=approved_letter, by=archivist)

    client.force_login(officer)
    page = client.get(reverse("letters:detail", args=[approved_letter.pk])).content.decode()
    assert "Ekspederes" in page
    for absent in ("Rediger tekst", "Sett til utgår", "Ekspeder<", "Godkjenn<", "Fortsett ekspedering"):
        assert absent not in page
    client.force_login(archivist)
    page = client.get(reverse("letters:detail", args=[approved_letter.pk])).content.decode()
    assert "Fortsett ekspedering" in page and "Sett til utgår" not in page and "Ekspeder<" not in page


def test_a_deliverys_status_cannot_be_set_by_hand_and_a_delivered_copy_stays_delivered(dispatched_letter):
    from django_fsm import TransitionNotAllowed

    from letters.models import DeliveryStatus, LetterDelivery

    delivery = dispatched_letter.deliveries.get(recipient__name="Asker kommune")
    assert delivery.status == DeliveryStatus.READY_FOR_PRINT
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        delivery.status = DeliveryStatus.PENDING
    with pytest.raises(TransitionNotAllowed):
        delivery.fail(error="for sent")
    with pytest.raises(TransitionNotAllowed):
        delivery.retry()
    assert LetterDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.READY_FOR_PRINT


def test_the_dispatch_button_is_the_start_dispatch_permission(client, approved_letter, officer, archivist, monkeypatch):
    """Whoever the transition's permission grants gets the button and may press it; nobody else."""
    from django.urls import reverse

    from letters.models import Letter
    from tests.factories import OrganizationFactory, member

    button = f'action="{reverse("letters:dispatch", args=[approved_letter.pk])}"'
    detail = reverse("letters:detail", args=[approved_letter.pk])
    elsewhere = member("records_officer", OrganizationFactory(), username="annet_arkiv")

    client.force_login(officer)
    assert button not in client.get(detail).content.decode()
    assert client.post(reverse("letters:dispatch", args=[approved_letter.pk])).status_code == 403
    client.force_login(elsewhere)
    assert client.get(detail).status_code == 404
    client.force_login(archivist)
    assert button in client.get(detail).content.decode()

    # The page asks the declared permission, not a role of its own: moved to the case officer,
    # the button moves with it.
    for declared in Letter._meta.get_field("status").get_all_transitions(Letter):
        if declared.name == "start_dispatch":
            monkeypatch.setattr(declared, "permission", lambda letter, user: user.pk == officer.pk)
    assert button not in client.get(detail).content.decode()
    assert client.post(reverse("letters:dispatch", args=[approved_letter.pk])).status_code == 403
    client.force_login(officer)
    assert button in client.get(detail).content.decode()
    client.post(reverse("letters:dispatch", args=[approved_letter.pk]))
    approved_letter.refresh_from_db()
    assert approved_letter.status == LetterStatus.DISPATCHING
    assert approved_letter.dispatch_requested_by == officer
