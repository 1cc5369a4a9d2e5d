import pytest

from core.models import Organization, OrganizationKind, Role
from tests.factories import MunicipalityFactory, member, oslo


@pytest.fixture
def directorate(db):
    return Organization.objects.create(
        name="Helsedirektoratet",
        kind=OrganizationKind.DIRECTORATE,
        org_number="983544622",
        department="Avdeling kommunale helse- og omsorgstjenester",
        postal_address="Postboks 220 Skøyen",
        postal_code="0213",
        postal_place="OSLO",
        visiting_address="Vitaminveien 4, Oslo",
        phone="(+47) 47 47 20 20",
        email="postmottak@helsedir.no",
        web="www.helsedirektoratet.no",
    )


@pytest.fixture
def baerum(db):
    return MunicipalityFactory(
        name="Bærum kommune",
        municipality_number="3024",
        county="Viken",
        postal_address="Postboks 700",
        postal_code="1304",
        postal_place="SANDVIKA",
    )


@pytest.fixture
def asker(db):
    return MunicipalityFactory(
        name="Asker kommune",
        municipality_number="3025",
        county="Viken",
        postal_address="Katrineåsveien 20",
        postal_code="3440",
        postal_place="RØYKEN",
    )


@pytest.fixture
def oslo_kommune(db):
    return MunicipalityFactory(name="Oslo kommune", municipality_number="0301", county="Oslo")


@pytest.fixture
def officer(directorate):
    return member(
        Role.CASE_OFFICER, directorate, username="brevsaksbehandler", first_name="Svein Høegh", last_name="Henriksen"
    )


@pytest.fixture
def consultant(directorate):
    return member(Role.APPROVER, directorate, username="konsulent", first_name="Jon Hilmar", last_name="Iversen")


@pytest.fixture
def director(directorate):
    return member(
        Role.APPROVER, directorate, username="direktor", first_name="Johan Georg Røstad", last_name="Torgersen"
    )


@pytest.fixture
def archivist(directorate):
    return member(Role.RECORDS_OFFICER, directorate, username="arkivar", first_name="Sofie", last_name="Andersen")


@pytest.fixture
def baerum_user(baerum):
    return member(Role.CASE_OFFICER, baerum, username="baerum_saksbehandler")


@pytest.fixture
def asker_user(asker):
    return member(Role.CASE_OFFICER, asker, username="asker_saksbehandler")


BODY = (
    "<p>Ved håndtering av større utbrudd av covid-19 er det ønskelig at smittevernråd og -tiltak er godt samordnet.</p>"
    "<p>Det er kort vei og en høy grad av mobilitet mellom Oslo og Bærum.</p>"
)
TITLE = "Brev til Bærum og Asker kommuner om covid-19 situasjonen i egen bo- og arbeidsregion"


@pytest.fixture
def draft_letter(directorate, officer, consultant, director, baerum, asker):
    """A complete draft: two signatories, Asker and Bærum as recipients, two approvers in order."""
    from letters import services

    letter = services.letter_create(
        organization=directorate,
        by=officer,
        title=TITLE,
        body=BODY,
        case_title="Covid-19 i Oslo-regionen",
        now=oslo(2020, 11, 11, 11, 50),
    )
    services.signatory_add(
        letter=letter, by=officer, name="Johan Georg Røstad Torgersen", title="direktør", on_behalf=True
    )
    services.signatory_add(letter=letter, by=officer, name="Jon Hilmar Iversen", title="konsulent")
    services.recipient_add(letter=letter, by=officer, data=services.RecipientInput(organization=asker))
    services.recipient_add(letter=letter, by=officer, data=services.RecipientInput(organization=baerum))
    services.recipient_add(
        letter=letter,
        by=officer,
        data=services.RecipientInput(
            name="Helse- og omsorgsdepartementet",
            contact_person="Krisestab HOD",
            address="Postboks 8011 Dep",
            postal_code="0030",
            postal_place="OSLO",
            email="krisestab@example.org",
            kind="copy",
        ),
    )
    services.approver_add(letter=letter, by=officer, user=consultant)
    services.approver_add(letter=letter, by=officer, user=director)
    letter.refresh_from_db()
    return letter


@pytest.fixture
def approved_letter(draft_letter, officer, consultant, director):
    from letters import services

    services.letter_submit(letter=draft_letter, by=officer)
    services.letter_approve(letter=draft_letter, by=consultant)
    services.letter_approve(letter=draft_letter, by=director)
    draft_letter.refresh_from_db()
    return draft_letter


@pytest.fixture
def dispatched_letter(approved_letter, archivist, django_capture_on_commit_callbacks):
    from letters import services

    with django_capture_on_commit_callbacks(execute=True):
        services.letter_dispatch(letter=approved_letter, by=archivist)
    approved_letter.refresh_from_db()
    return approved_letter
