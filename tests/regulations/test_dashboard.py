"""The overview's regulation work lists: each card for the roles it concerns, drafts only
those the person may edit, nothing of organizations the person has no part in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Role
from regulations.models import VersionKind
from regulations.services import SectionInput, regulation_create, version_submit
from tests.factories import OrganizationFactory, member, oslo

pytestmark = pytest.mark.django_db

CARDS = ("Åpne frister for hastevedtak", "Til politisk behandling", "Mine utkast", "Utløper innen sju dager")


def _overview(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("core:dashboard")).content.decode()
    return page, len(ctx.captured_queries)


def test_each_role_sees_the_regulation_cards_that_concern_it_and_nothing_of_others(
    client, draft, municipality, case_officer, medical_officer, secretary, committee_member, auditor, outsider
):
    urgent = regulation_create(
        municipality=municipality,
        title="Hastevedtak om treningssentre",
        by=medical_officer,
        kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt.")],
    )
    page, _ = _overview(client, medical_officer)
    assert urgent.regulation.title in page and draft.regulation.title in page
    page, _ = _overview(client, case_officer)  # a hastevedtak is the medical officer's to edit
    assert "Mine utkast" in page and draft.regulation.title in page and urgent.regulation.title not in page

    version_submit(version=draft, by=case_officer)
    for user in (secretary, committee_member):
        page, _ = _overview(client, user)
        assert "Til politisk behandling" in page and draft.regulation.title in page
        assert "Mine utkast" not in page and "Utløper innen sju dager" not in page

    directorate = OrganizationFactory(name="Helsedirektoratet", kind="directorate")
    for user in (auditor, member(Role.CASE_OFFICER, directorate, username="hdir"), member(Role.APPROVER, directorate)):
        page, _ = _overview(client, user)
        assert not any(card in page for card in CARDS), user
        assert draft.regulation.title not in page
    page, _ = _overview(client, auditor)  # the auditor's one card is the trail to go through
    assert "Til gjennomgang i revisjonssporet" in page and page.count('<section class="card">') == 1

    page, _ = _overview(client, outsider)  # another municipality's case officer: own cards, empty
    assert "Ingen utkast." in page and draft.regulation.title not in page and urgent.regulation.title not in page
    assert "Til politisk behandling" not in page


def test_the_secretarys_overview_reads_a_fixed_number_of_queries(client, municipality, case_officer, secretary):
    def submitted(n):
        for i in range(n):
            version = regulation_create(
                municipality=municipality,
                title=f"Forslag {i}",
                by=case_officer,
                valid_from=oslo(2021, 3, 3, 14),
                sections=[SectionInput(number=1, heading="Formål", body="Tekst.")],
            )
            version_submit(version=version, by=case_officer)

    submitted(1)
    one, few = _overview(client, secretary)
    submitted(3)
    four, many = _overview(client, secretary)
    assert "Forslag 0" in one and "Forslag 2" in four
    assert many == few
