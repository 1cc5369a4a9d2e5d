"""The ministry's people author a regional level in the web client: create it, place
municipalities on it, submit it, and (as the approver) adopt it; municipalities see the form
as before."""

from datetime import date

import pytest
from django.urls import reverse

from core.models import OrganizationKind, Role
from register.models import County, Municipality
from regulations.models import DecisionBody, Layer, LevelPlacement, Regulation, VersionStatus
from regulations.services import regulation_create
from tests.factories import OrganizationFactory, member, oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_rows(db):
    viken = County.objects.create(
        number="30", name="Viken", valid_from=date(2020, 1, 1), valid_until=date(2023, 12, 31)
    )
    for number, name in (("3024", "Bærum"), ("3005", "Drammen")):
        Municipality.objects.create(
            number=number, name=name, county=viken, valid_from=date(2020, 1, 1), valid_until=date(2023, 12, 31)
        )


@pytest.fixture
def ministry(db):
    return OrganizationFactory(name="Helse- og omsorgsdepartementet", kind=OrganizationKind.MINISTRY)


@pytest.fixture
def officer(ministry):
    return member(Role.CASE_OFFICER, ministry, username="departement")


@pytest.fixture
def approver(ministry):
    return member(Role.APPROVER, ministry, username="departementsleder")


def test_a_municipality_user_sees_no_layer_choice(client, case_officer):
    client.force_login(case_officer)
    page = client.get(reverse("regulations:create")).content.decode()
    assert 'name="layer"' not in page
    assert "Nasjonal forskrift" not in page


def test_a_ministry_user_creates_places_submits_and_the_approver_adopts(
    client, ministry, officer, approver, register_rows
):
    client.force_login(officer)
    page = client.get(reverse("regulations:create")).content.decode()
    assert "Nasjonal forskrift" in page and "Regionalt tiltaksnivå" in page
    assert "Lokal forskrift" not in page

    response = client.post(
        reverse("regulations:create"),
        {
            "municipality": ministry.pk,
            "layer": Layer.REGIONAL,
            "level": "B",
            "kind": "original",
            "title": "Tiltaksnivå B",
            "valid_from": "2021-05-06T00:00",
        },
    )
    assert response.status_code == 302
    regulation = Regulation.objects.get(title="Tiltaksnivå B")
    assert (regulation.layer, regulation.level, regulation.municipality) == (Layer.REGIONAL, "B", ministry)
    version = regulation.versions.get()

    detail = reverse("regulations:version_detail", args=[version.pk])
    add = reverse("regulations:placement_add", args=[version.pk])
    # A period that ends where it starts is refused with the reason, and nothing is placed.
    response = client.post(
        add,
        {"municipality_number": "3024", "valid_from": "2021-05-06T00:00", "valid_until": "2021-05-06T00:00"},
        follow=True,
    )
    assert "Plasseringen må slutte å gjelde etter at den begynner å gjelde." in response.content.decode()
    assert not LevelPlacement.objects.filter(version=version).exists()
    # The form says how to enter an end through a whole day, and the page shows it so.
    page = client.get(detail).content.decode()
    assert "Slutter å gjelde" in page
    assert "Skal den gjelde til og med 21. mai 2021, skriv 22.05.2021 00.00." in page
    client.post(
        add, {"municipality_number": "3024", "valid_from": "2021-05-06T00:00", "valid_until": "2021-05-22T00:00"}
    )
    page = client.get(detail).content.decode()
    assert "Tiltaksnivå B gjelder:" in page
    assert "Bærum (fra 6. mai 2021 kl. 00.00 til og med 21. mai 2021)" in page

    # An overlapping period is refused with the reason, and nothing changes.
    response = client.post(
        add, {"municipality_number": "3024", "valid_from": "2021-05-10T00:00", "valid_until": ""}, follow=True
    )
    assert "Perioder for samme kommune kan ikke overlappe" in response.content.decode()
    assert LevelPlacement.objects.filter(version=version).count() == 1

    response = client.post(reverse("regulations:version_transition", args=[version.pk, "submit"]), {"comment": ""})
    assert response.status_code == 302, response.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED

    client.force_login(officer)
    assert client.get(reverse("regulations:version_adopt", args=[version.pk])).status_code == 403

    client.force_login(approver)
    # It waits for the approver on their overview, as a municipality's proposal waits for the committee.
    overview = client.get("/").content.decode()
    waiting = overview.split("Til politisk behandling", 1)[1].split("</section>", 1)[0]
    assert detail in waiting and "Tiltaksnivå B" in waiting
    form = client.get(reverse("regulations:version_adopt", args=[version.pk])).content.decode()
    assert 'value="ministry"' in form and 'value="formannskap"' not in form
    response = client.post(
        reverse("regulations:version_adopt", args=[version.pk]),
        {"decision_body": DecisionBody.MINISTRY, "meeting_date": "2021-05-05", "item_number": "21/1234"},
    )
    assert response.status_code == 302, response.content.decode()
    version.refresh_from_db()
    assert (version.status, version.decided_by, version.decision_body) == (
        VersionStatus.ADOPTED,
        approver,
        DecisionBody.MINISTRY,
    )
    assert version.valid_from == oslo(2021, 5, 6)
    page = client.get(detail).content.decode()
    assert "Fastsatt av Helse- og omsorgsdepartementet" in page
    # The ministry decides without a meeting: its decision's date and case number are named so.
    assert "Vedtaksdato</dt><dd>5. mai 2021" in page and "Saksnummer</dt><dd>21/1234" in page
    assert "Møtedato" not in page and "Saksnummer i møtet" not in page
    assert reverse("regulations:placement_add", args=[version.pk]) not in page

    listing = client.get(reverse("regulations:list")).content.decode()
    assert "Tiltaksnivå B" in listing and "Helse- og omsorgsdepartementet" in listing


def test_the_placement_form_lists_municipalities_in_norwegian_order(client, ministry, officer, register_rows):
    viken = County.objects.get(number="30")
    for number, name in (("5001", "Ålesund"), ("5002", "Øygarden"), ("5003", "Båtsfjord"), ("5004", "Bø")):
        Municipality.objects.create(
            number=number, name=name, county=viken, valid_from=date(2020, 1, 1), valid_until=date(2023, 12, 31)
        )
    version = regulation_create(
        municipality=ministry, title="Tiltaksnivå B", by=officer, layer=Layer.REGIONAL, level="B"
    )
    client.force_login(officer)
    page = client.get(reverse("regulations:version_detail", args=[version.pk])).content.decode()
    listed = [name for name in ("Bærum", "Bø", "Båtsfjord", "Drammen", "Øygarden", "Ålesund") if name in page]
    assert sorted(listed, key=lambda name: page.index(f">{name} (")) == [
        "Bærum",
        "Bø",
        "Båtsfjord",
        "Drammen",
        "Øygarden",
        "Ålesund",
    ]
