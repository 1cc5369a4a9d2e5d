"""«Brukere og roller»: an organization's administrator invites colleagues, gives and takes
roles in their own organization only, and every change is in the audit trail."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail

from audit.models import AuditEvent
from core.models import Membership, Role
from tests.factories import MunicipalityFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(municipality):
    return member(Role.ADMIN, municipality, username="systemansvarlig", first_name="Siri", last_name="Admin")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_an_administrator_invites_a_colleague_who_sets_their_own_password(
    client, municipality, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    page = client.get("/brukere/", follow=True)
    assert page.redirect_chain[-1][0] == f"/brukere/{municipality.pk}/"
    assert "Brukere og roller" in page.content.decode() and "Siri Admin" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/brukere/{municipality.pk}/",
            {
                "email": "Kari.Nordmann@Harstad.kommune.no",
                "first_name": "Kari",
                "last_name": "Nordmann",
                "role": Role.CASE_OFFICER,
                "reason": "Ny saksbehandler fra 1. mars",
            },
            follow=True,
        )
    assert "Invitasjonen er sendt til Kari.Nordmann@harstad.kommune.no." in _messages(response)
    kari = get_user_model().objects.get(email="Kari.Nordmann@harstad.kommune.no")
    assert not kari.has_usable_password()
    assert "Kari Nordmann" in response.content.decode()
    assert "har ikke satt passord ennå" in response.content.decode()

    (invitation,) = mail.outbox
    assert invitation.to == ["Kari.Nordmann@harstad.kommune.no"]
    assert invitation.subject == "Invitasjon til Smittevernvedtak for Harstad kommune"
    assert "Siri Admin har gitt deg tilgang til Smittevernvedtak for Harstad kommune." in invitation.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", invitation.body).group(1)

    client.logout()
    set_password_page = client.get(link, follow=True)
    assert set_password_page.status_code == 200
    done = client.post(
        set_password_page.redirect_chain[-1][0],
        {"new_password1": "Et langt og godt passord 42", "new_password2": "Et langt og godt passord 42"},
    )
    assert done.status_code == 302
    assert client.login(username="kari.nordmann@harstad.kommune.no", password="Et langt og godt passord 42")
    assert client.get(link).status_code == 200 and "ugyldig" in client.get(link, follow=True).content.decode()

    assert Membership.objects.filter(user=kari, organization=municipality, role=Role.CASE_OFFICER).exists()
    invited = AuditEvent.objects.get(action="invited")
    assert (invited.actor_id, invited.organization_id, invited.comment) == (
        admin.pk,
        municipality.pk,
        "Ny saksbehandler fra 1. mars",
    )
    created = AuditEvent.objects.get(action="created", object_type="core.membership", actor_id=admin.pk)
    assert (created.actor_id, created.organization_id, created.comment) == (
        admin.pk,
        municipality.pk,
        "Ny saksbehandler fra 1. mars",
    )


def test_bad_input_gets_clear_messages_and_sends_nothing(client, municipality, admin, case_officer):
    client.force_login(admin)
    response = client.post(f"/brukere/{municipality.pk}/", {"email": "ikke-en-adresse", "role": "", "reason": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Oppgi en gyldig e-postadresse" in body and body.count("Feltet er påkrevet.") == 2
    again = client.post(
        f"/brukere/{municipality.pk}/",
        {"email": case_officer.email, "role": Role.CASE_OFFICER, "reason": "Dobbelt"},
    )
    assert "har allerede rollen Saksbehandler i Harstad kommune." in again.content.decode()
    assert not mail.outbox


def test_roles_are_given_and_taken_in_the_own_organization_only(client, municipality, admin, case_officer):
    other = MunicipalityFactory(name="Bærum kommune")
    other_admin = member(Role.ADMIN, other, username="annen-admin")
    stranger = member(Role.CASE_OFFICER, other, username="fremmed")
    grant = f"/brukere/{municipality.pk}/{case_officer.pk}/gi-rolle/"
    revoke = f"/brukere/{municipality.pk}/{case_officer.pk}/fjern-rolle/"

    client.force_login(admin)
    given = client.post(grant, {"role": Role.APPROVER, "reason": "Fungerende leder"}, follow=True)
    assert "Fornavn" in given.content.decode() and "Saksbehandler, Leder (godkjenner)" in given.content.decode()
    # The same role given again (a second administrator a moment later): one role, and a message.
    twice = client.post(grant, {"role": Role.APPROVER, "reason": "Fungerende leder"}, follow=True)
    assert any("har allerede rollen Leder (godkjenner)" in m for m in _messages(twice))
    assert Membership.objects.filter(user=case_officer, role=Role.APPROVER).count() == 1
    taken = client.post(revoke, {"role": Role.APPROVER, "reason": "Lederen er tilbake"}, follow=True)
    assert any("har ikke lenger rollen Leder (godkjenner)" in m for m in _messages(taken))
    assert not Membership.objects.filter(user=case_officer, role=Role.APPROVER).exists()
    events = AuditEvent.objects.filter(object_type="core.membership", actor_id=admin.pk).order_by("seq")
    assert [(e.action, e.comment, e.organization_id) for e in events] == [
        ("created", "Fungerende leder", municipality.pk),
        ("deleted", "Lederen er tilbake", municipality.pk),
    ]
    unexplained = client.post(grant, {"role": Role.APPROVER, "reason": ""}, follow=True)
    assert "Begrunnelse: Feltet er påkrevet." in _messages(unexplained)
    assert not Membership.objects.filter(user=case_officer, role=Role.APPROVER).exists()

    # Another organization's people and pages are out of reach.
    stranger_grant = f"/brukere/{municipality.pk}/{stranger.pk}/gi-rolle/"
    assert client.post(stranger_grant, {"role": Role.ADMIN, "reason": "x"}).status_code == 404
    assert client.get(f"/brukere/{other.pk}/").status_code == 404
    client.force_login(other_admin)
    assert client.post(grant, {"role": Role.ADMIN, "reason": "x"}).status_code == 404
    client.force_login(case_officer)
    assert client.get(f"/brukere/{municipality.pk}/").status_code == 403
    assert client.post(grant, {"role": Role.ADMIN, "reason": "Meg selv"}).status_code == 403
    assert not Membership.objects.filter(user__in=[stranger, case_officer], role=Role.ADMIN).exists()


def test_the_last_administrator_cannot_be_removed(client, municipality, admin):
    client.force_login(admin)
    response = client.post(
        f"/brukere/{municipality.pk}/{admin.pk}/fjern-rolle/", {"role": Role.ADMIN, "reason": "Slutter"}, follow=True
    )
    assert "Harstad kommune må ha minst én systemansvarlig. Gi rollen til en annen før du fjerner den." in _messages(
        response
    )
    assert Membership.objects.filter(user=admin, role=Role.ADMIN).exists()

    # With a second administrator the first may step down, and is taken back to the overview.
    member(Role.ADMIN, municipality, username="ny-systemansvarlig")
    response = client.post(
        f"/brukere/{municipality.pk}/{admin.pk}/fjern-rolle/", {"role": Role.ADMIN, "reason": "Slutter"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert not Membership.objects.filter(user=admin, role=Role.ADMIN).exists()
