"""Every kind of event reaches the trail, with who, when, what (old → new) and why."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent, AuditKind
from core.models import Role
from tests.factories import member


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("seq"))


def test_field_changes_are_recorded_with_old_and_new_values_and_the_reason(draft, case_officer):
    from regulations.services import version_update
    from regulations.services.drafting import SectionInput

    sections = [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in draft.sections.all()]
    sections[2].body = "Serveringssteder skal stenge kl. 22.00."
    version_update(
        version=draft,
        by=case_officer,
        expected_revision=draft.revision,
        sections=sections,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
        reason="Skjenketid endret",
    )
    event = events(object_type="regulations.section", action="changed")[-1]
    assert event.actor_id == case_officer.pk
    assert event.comment == "Skjenketid endret"
    assert event.subject_type == "regulations.regulation" and event.subject_id == str(draft.regulation_id)
    assert event.organization_id == draft.regulation.municipality_id
    body = next(c for c in event.changes if c["field"] == "body")
    assert body["old"] == "Serveringssteder skal ikke skjenke alkohol."
    assert body["new"] == "Serveringssteder skal stenge kl. 22.00."


def test_workflow_decisions_are_recorded_with_the_vote_and_the_hash_decided_on(adopted):
    decision = events(kind=AuditKind.DECISION, action="adopt")[0]
    assert decision.actor.username == "sekretar"
    assert decision.comment == "Formannskapet vedtar forskriften."
    assert decision.data["from"] == "submitted" and decision.data["to"] == "adopted"
    assert decision.data["content_hash"] == adopted.content_hash
    assert decision.data["decision"]["votes_for"] == "9"
    assert decision.data["decision"]["votes_against"] == "2"
    assert events(kind=AuditKind.DECISION, action="submit")[0].actor.username == "saksbehandler"


def test_a_rolled_back_change_leaves_no_event(draft, case_officer):
    from django.db import transaction

    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        draft.regulation._history_user = case_officer
        draft.regulation.title = "Noe annet"
        draft.regulation.save()
        raise RuntimeError
    assert AuditEvent.objects.count() == before


def test_sign_in_sign_out_and_failed_sign_in_are_recorded(client, auditor):
    url = reverse("login")
    client.post(url, {"username": "revisor", "password": "feil"}, REMOTE_ADDR="10.0.0.7")
    client.post(url, {"username": "revisor", "password": "pw"})
    client.post(reverse("logout"))
    failed, login, logout = (events(kind=k)[-1] for k in (AuditKind.LOGIN_FAILED, AuditKind.LOGIN, AuditKind.LOGOUT))
    assert failed.actor_id is None and failed.object_id == str(auditor.pk) and failed.data["ip"] == "10.0.0.7"
    assert "password" not in str(failed.data) and "feil" not in str(failed.data)
    assert login.actor_id == auditor.pk and logout.actor_id == auditor.pk


def test_failed_sign_in_with_an_unknown_username_is_recorded_without_an_account(client, db):
    client.post(reverse("login"), {"username": "finnesikke", "password": "x"})
    event = events(kind=AuditKind.LOGIN_FAILED)[-1]
    assert event.object_id == "" and event.data["username"] == "finnesikke"


def test_downloading_a_draft_pdf_is_recorded(client, draft, case_officer, monkeypatch):
    import regulations.pdf

    monkeypatch.setattr(regulations.pdf, "render_version_pdf", lambda version: b"%PDF-1.7 test")
    client.force_login(case_officer)
    response = client.get(reverse("regulations:version_pdf", args=[draft.pk]) + "?download=1")
    assert response.status_code == 200
    event = events(kind=AuditKind.DOWNLOAD)[-1]
    assert event.actor_id == case_officer.pk
    assert event.object_type == "regulations.regulationversion" and event.object_id == str(draft.pk)
    assert event.data["filename"].endswith("-utkast.pdf")


def test_downloading_an_adopted_public_pdf_is_not_a_download_event(client, adopted):
    response = client.get(reverse("regulations:version_pdf", args=[adopted.pk]))
    assert response.status_code == 200
    assert not events(kind=AuditKind.DOWNLOAD)


def test_downloading_a_draft_assessment_pdf_is_recorded(client, medical_officer, monkeypatch):
    from datetime import date

    import assessments.pdf
    from assessments.services import assessment_create

    assessment = assessment_create(
        municipality=medical_officer.memberships.first().organization,
        by=medical_officer,
        on=date(2021, 3, 3),
        sections={"summary": "Økende."},
    )
    monkeypatch.setattr(assessments.pdf, "render_assessment_pdf", lambda a: b"%PDF-1.7 test")
    client.force_login(medical_officer)
    assert client.get(reverse("assessments:pdf", args=[assessment.pk])).status_code == 200
    event = events(kind=AuditKind.DOWNLOAD)[-1]
    assert event.object_type == "assessments.assessment" and event.subject_id == str(assessment.pk)


def test_membership_changes_belong_to_the_organization(municipality):
    user = member(Role.APPROVER, municipality, username="ny")
    event = events(object_type="core.membership")[-1]
    assert event.organization_id == municipality.pk and event.action == "created"
    assert user.username in event.object_repr


def test_deliveries_and_dispatches_can_be_recorded_by_other_apps(draft, case_officer):
    from audit.services import record_event

    event = record_event(
        kind=AuditKind.DELIVERY, action="delivered", actor=case_officer, obj=draft, data={"channel": "eFormidling"}
    )
    assert event.organization_id == draft.regulation.municipality_id
    assert event.subject_type == "regulations.regulation"
