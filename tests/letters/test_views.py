"""Pages and the read API: who sees what, and bad input never gives a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from letters.models import LetterStatus
from tests.factories import MunicipalityFactory, member

pytestmark = pytest.mark.django_db


def test_a_municipality_sees_a_letter_addressed_to_it_only_once_dispatched(
    client, approved_letter, baerum_user, archivist, django_capture_on_commit_callbacks
):
    from letters import services

    client.force_login(baerum_user)
    assert client.get(reverse("letters:detail", args=[approved_letter.pk])).status_code == 404
    assert approved_letter.title not in client.get(reverse("letters:list")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch(letter=approved_letter, by=archivist)

    page = client.get(reverse("letters:detail", args=[approved_letter.pk])).content.decode()
    assert approved_letter.title in page
    assert "Bærum kommune" in page
    own = approved_letter.deliveries.get(recipient__organization__name="Bærum kommune")
    other = approved_letter.deliveries.get(recipient__organization__name="Asker kommune")
    assert client.get(reverse("letters:delivery_pdf", args=[approved_letter.pk, own.pk])).status_code == 200
    assert client.get(reverse("letters:delivery_pdf", args=[approved_letter.pk, other.pk])).status_code == 404
    assert client.get(reverse("letters:pdf", args=[approved_letter.pk])).status_code == 404


def test_a_municipality_not_addressed_does_not_see_the_letter(client, dispatched_letter):
    harstad = MunicipalityFactory(name="Harstad kommune")
    client.force_login(member("case_officer", harstad, username="harstad"))
    assert client.get(reverse("letters:detail", args=[dispatched_letter.pk])).status_code == 404
    assert client.get(reverse("api_letters"), {"case": dispatched_letter.case.reference}).json() == []


def test_the_approver_approves_from_the_letter_page(client, draft_letter, officer, consultant):
    client.force_login(officer)
    client.post(reverse("letters:transition", args=[draft_letter.pk, "submit"]))
    draft_letter.refresh_from_db()
    assert draft_letter.status == LetterStatus.AWAITING_APPROVAL

    client.force_login(consultant)
    page = client.get(reverse("letters:detail", args=[draft_letter.pk])).content.decode()
    assert "Godkjenn" in page
    client.post(reverse("letters:approve", args=[draft_letter.pk]), {"content_hash": "f" * 64})
    assert draft_letter.approvals.count() == 0, "a stale hash is refused"
    from letters.services import letter_content_hash

    response = client.post(
        reverse("letters:approve", args=[draft_letter.pk]),
        {"content_hash": letter_content_hash(draft_letter)},
        follow=True,
    )
    assert "Din godkjenning er registrert" in response.content.decode()


def test_bad_input_gives_messages_not_errors(client, draft_letter, officer):
    client.force_login(officer)
    response = client.post(
        reverse("letters:recipients_csv", args=[draft_letter.pk]),
        {"csv-file": SimpleUploadedFile("x.csv", b"\x00\x01\x02", content_type="text/csv")},
        follow=True,
    )
    assert response.status_code == 200
    assert "Filen" in response.content.decode()
    response = client.post(
        reverse("letters:recipient_add", args=[draft_letter.pk]),
        {"recipient-kind": "recipient", "recipient-name": "Uten adresse"},
        follow=True,
    )
    assert "mangler adresse" in response.content.decode()
    response = client.post(
        reverse("letters:recipient_add", args=[draft_letter.pk]), {"recipient-kind": "nonsense"}, follow=True
    )
    assert response.status_code == 200
    assert client.get(reverse("letters:detail", args=[999999])).status_code == 404
    assert client.post(reverse("letters:transition", args=[draft_letter.pk, "nope"])).status_code == 404


def test_the_progress_fragment_shows_n_of_m(client, dispatched_letter, archivist):
    client.force_login(archivist)
    page = client.get(reverse("letters:progress", args=[dispatched_letter.pk])).content.decode()
    assert "3 av 3 eksemplarer laget" in page


def test_the_api_finds_a_letter_by_reference_and_by_case(client, dispatched_letter, baerum_user):
    client.force_login(baerum_user)
    data = client.get(reverse("api_letters"), {"reference": dispatched_letter.reference}).json()

    assert len(data) == 1
    letter = data[0]
    assert letter["reference"] == dispatched_letter.reference
    assert letter["status"] == "dispatched" and letter["journal_status"] == "A"
    assert [s["name"] for s in letter["signatories"]] == ["Johan Georg Røstad Torgersen", "Jon Hilmar Iversen"]
    assert [r["name"] for r in letter["recipients"]] == ["Asker kommune", "Bærum kommune"]
    own = next(r for r in letter["recipients"] if r["name"] == "Bærum kommune")
    assert own["delivery"]["status"] == "print" and len(own["delivery"]["pdf_sha256"]) == 64
    assert next(r for r in letter["recipients"] if r["name"] == "Asker kommune")["delivery"] is None
    assert letter["copies"][0]["name"] == "Helse- og omsorgsdepartementet"
    assert letter["pdf_url"].endswith("/pdf/")
    assert (
        client.get(reverse("api_letters"), {"case": dispatched_letter.case.reference}).json()[0]["id"]
        == dispatched_letter.pk
    )


def test_the_api_requires_sign_in_and_valid_parameters(client, dispatched_letter, baerum_user):
    assert client.get(reverse("api_letters")).status_code == 401
    client.force_login(baerum_user)
    assert client.get(reverse("api_letters"), {"reference": "20/42477"}).status_code == 400
    assert client.get(reverse("api_letters"), {"case": "abc"}).status_code == 400
    assert client.get(reverse("api_letters"), {"page": "-1"}).status_code == 400


def test_fetching_a_copy_or_the_preview_is_recorded_as_a_download(
    client, dispatched_letter, baerum_user, officer, monkeypatch
):
    import letters.pdf
    from audit.models import AuditEvent, AuditKind

    delivery = dispatched_letter.deliveries.get(recipient__organization=baerum_user.memberships.get().organization)
    client.force_login(baerum_user)
    response = client.get(reverse("letters:delivery_pdf", args=[dispatched_letter.pk, delivery.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.filter(kind=AuditKind.DOWNLOAD).latest("seq")
    assert (event.actor_id, event.object_type, event.object_id) == (
        baerum_user.pk,
        "letters.letterdelivery",
        str(delivery.pk),
    )
    assert event.subject_type == "letters.letter" and event.data["filename"] == delivery.document.filename

    monkeypatch.setattr(letters.pdf, "render_letter_preview", lambda letter: b"%PDF-1.7 preview")
    client.force_login(officer)
    assert client.get(reverse("letters:pdf", args=[dispatched_letter.pk])).status_code == 200
    event = AuditEvent.objects.filter(kind=AuditKind.DOWNLOAD).latest("seq")
    assert (event.actor_id, event.object_type) == (officer.pk, "letters.letter")


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("mottakere.exe", b"MZ\x90\x00", "Velg en CSV-fil"),
        ("mottakere.csv", b"navn;adresse\n" + b"x" * 1_100_000, "for stor"),
        ("mottakere.csv", "navn;adresse\nÆøå;Gate 1\n".encode("latin-1"), "UTF-8"),
        ("mottakere.csv", b"\x00\x01\x02", "ikke en CSV-fil"),
    ],
    ids=["exe", "too-large", "latin-1", "binary"],
)
def test_a_wrong_upload_gives_a_message_and_adds_nothing(client, draft_letter, officer, name, content, expected):
    client.force_login(officer)
    before = draft_letter.recipients.count()
    response = client.post(
        reverse("letters:recipients_csv", args=[draft_letter.pk]),
        {"csv-file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert draft_letter.recipients.count() == before


def test_the_create_form_sent_twice_creates_one_letter_and_one_case(client, directorate, officer):
    """A double click on «Opprett utkast»: the second POST carries the same one-time token and
    leads to the letter the first one created, with no second letter and no second case."""
    import re

    from cases.models import Case
    from letters.models import Letter

    client.force_login(officer)
    form = client.get(reverse("letters:create")).content.decode()
    token = re.search(r'name="once" value="([0-9a-f-]{36})"', form).group(1)
    posted = {"organization": directorate.pk, "title": "Råd om tiltak", "case_title": "", "once": token}
    cases_before = Case.objects.count()

    first = client.post(reverse("letters:create"), posted)
    second = client.post(reverse("letters:create"), posted, follow=True)

    letter = Letter.objects.get(title="Råd om tiltak")
    assert Case.objects.count() == cases_before + 1
    assert first["Location"] == reverse("letters:edit", args=[letter.pk])
    assert second.redirect_chain[0][0] == reverse("letters:edit", args=[letter.pk])
    assert f"brevutkast {letter.reference} ble opprettet da" in second.content.decode()

    # A new form (a new token) makes a new letter.
    again = client.get(reverse("letters:create")).content.decode()
    posted["once"] = re.search(r'name="once" value="([0-9a-f-]{36})"', again).group(1)
    client.post(reverse("letters:create"), posted)
    assert Letter.objects.filter(title="Råd om tiltak").count() == 2


def test_a_refused_create_form_may_be_sent_again_with_its_token(client, directorate, officer):
    from letters.models import Letter

    client.force_login(officer)
    posted = {
        "organization": directorate.pk,
        "title": "Råd",
        "case_reference": "99/99999",
        "once": "6f1c2a9e-3d1b-4c55-9a0e-2b7f4c1d8e00",
    }
    refused = client.post(reverse("letters:create"), posted)
    assert refused.status_code == 200 and "Fant ingen sak" in refused.content.decode()

    posted["case_reference"] = ""
    client.post(reverse("letters:create"), posted)
    assert Letter.objects.filter(title="Råd").count() == 1


def test_empty_signatories_and_approvers_are_a_sentence_not_a_numbered_item(client, directorate, officer, baerum):
    from letters import services

    letter = services.letter_create(organization=directorate, by=officer, title="Tomt", case_title="Tomt")
    services.recipient_add(letter=letter, by=officer, data=services.RecipientInput(organization=baerum))
    client.force_login(officer)

    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()

    assert '<p class="muted">Ingen underskrivere ennå.</p>' in page
    assert '<p class="muted">Ingen godkjennere valgt.</p>' in page
    assert '<li class="muted">Ingen' not in page
    # The recipients fit the narrow column: three columns, the post line under the address.
    assert "Postboks 700<br>1304 SANDVIKA" in page
    assert (
        page.count("<th>", page.index('class="list recipients"'), page.index("</thead>", page.index("recipients"))) == 3
    )
