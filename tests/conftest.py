import os

import pytest

from core.models import Role
from tests.factories import MunicipalityFactory, member, oslo
from tests.module_data import kept_for_module, seed_demo


def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite twice, on SQLite and on PostgreSQL; a test marked `once` (slow,
    and what it checks does not depend on the database) runs in the SQLite run only, so that
    the whole of `make test` stays under 20 minutes on two cores."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="runs once, in the SQLite run: what it checks does not depend on the database")
    for item in items:
        if item.get_closest_marker("once"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back between tests, so a
    page kept by one test could otherwise match the trail of the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the whole module (see tests.module_data); what seed_demo printed."""
    with kept_for_module(django_db_blocker, seed_demo) as printed:
        yield printed


@pytest.fixture
def archived_bytes_selected(client):
    """GET a URL (200 expected) and return the SQL it ran that selects archived PDF bytes
    (core.ArchivedDocument.content): lists and APIs show a PDF's hash, they never read it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get(url: str) -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response
        return [q["sql"] for q in ctx.captured_queries if '"core_archiveddocument"."content"' in q["sql"]]

    return get


@pytest.fixture
def broken_renderer(monkeypatch):
    """WeasyPrint fails («Pango er utilgjengelig») for every PDF rendered in the test."""

    class BrokenRenderer:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("Pango er utilgjengelig")

    monkeypatch.setattr("core.pdf.HTML", BrokenRenderer)


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Harstad kommune", municipality_number="5402", population=24820)


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(name="Bærum kommune", municipality_number="3024", population=127731)


@pytest.fixture
def case_officer(municipality):
    return member(Role.CASE_OFFICER, municipality, username="saksbehandler")


@pytest.fixture
def medical_officer(municipality):
    return member(Role.MEDICAL_OFFICER, municipality, username="kommuneoverlege")


@pytest.fixture
def secretary(municipality):
    return member(Role.COMMITTEE_SECRETARY, municipality, username="sekretar")


@pytest.fixture
def committee_member(municipality):
    return member(Role.COMMITTEE_MEMBER, municipality, username="formannskap")


@pytest.fixture
def auditor(municipality):
    return member(Role.AUDITOR, municipality, username="revisor")


@pytest.fixture
def outsider(other_municipality):
    return member(Role.CASE_OFFICER, other_municipality, username="baerum")


@pytest.fixture
def draft(municipality, case_officer):
    """A complete three-section draft, in force 3 March 2021 14:00 – 17 March 2021 14:00."""
    from regulations.services import regulation_create
    from regulations.services.drafting import SectionInput

    return regulation_create(
        municipality=municipality,
        title="Forskrift om smitteverntiltak i Harstad kommune",
        short_title="Smitteverntiltak Harstad",
        by=case_officer,
        valid_from=oslo(2021, 3, 3, 14),
        valid_until=oslo(2021, 3, 17, 14),
        sections=[
            SectionInput(number=1, heading="Formål", body="Formålet er å begrense spredning av SARS-CoV-2."),
            SectionInput(number=2, heading="Virkeområde", body="Forskriften gjelder i Harstad kommune."),
            SectionInput(number=3, heading="Skjenkestopp", body="Serveringssteder skal ikke skjenke alkohol."),
        ],
    )


@pytest.fixture
def adopted(draft, case_officer, secretary, django_capture_on_commit_callbacks):
    """The draft submitted and adopted by formannskapet on 3 March 2021 (archival PDF made)."""
    from datetime import date

    from regulations.services import version_adopt, version_submit

    version_submit(version=draft, by=case_officer)
    with django_capture_on_commit_callbacks(execute=True):
        return version_adopt(
            version=draft,
            by=secretary,
            body="formannskap",
            meeting_date=date(2021, 3, 3),
            item_number="12/21",
            votes_for=9,
            votes_against=2,
            votes_abstaining=0,
            decision_text="Formannskapet vedtar forskriften.",
        )
