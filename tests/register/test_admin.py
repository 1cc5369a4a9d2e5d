"""The back office refuses an organization whose municipality number is not in the register."""

import pytest

from core.models import Organization, OrganizationKind
from register.models import County
from register.services import municipalities_load
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/core/organization/add/"


@pytest.fixture
def admin_client(client):
    municipalities_load()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _post(client, municipality_number: str):
    return client.post(
        ADD_URL,
        {
            "name": "Bærum kommune",
            "kind": OrganizationKind.MUNICIPALITY,
            "municipality_number": municipality_number,
            "org_number": "935478715",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )


def _errors(response) -> list[str]:
    return list(response.context["adminform"].form.errors.get("municipality_number", []))


def test_a_number_that_is_not_four_digits_is_refused(admin_client):
    response = _post(admin_client, "301")
    assert response.status_code == 200
    assert _errors(response) == ["Kommunenummeret må ha fire sifre."]
    assert "Kommunenummeret må ha fire sifre." in response.content.decode()
    assert not Organization.objects.exists()


def test_a_number_not_in_the_register_is_refused(admin_client):
    response = _post(admin_client, "9999")
    assert response.status_code == 200
    assert _errors(response) == ["Kommunenummer 9999 finnes ikke i kommuneregisteret."]
    assert not Organization.objects.exists()


def test_a_number_in_the_register_is_accepted(admin_client):
    response = _post(admin_client, "3024")
    assert response.status_code == 302, _errors(response)
    assert Organization.objects.get().municipality_number == "3024"


def test_the_register_is_searchable_and_filterable_but_not_editable(admin_client):
    listing = admin_client.get("/admin/register/municipality/", {"q": "Bærum"})
    assert listing.status_code == 200
    assert "3024" in listing.content.decode()
    troms = County.objects.get(number="54")
    by_county = admin_client.get("/admin/register/municipality/", {"county__id__exact": troms.pk})
    assert "Harstad" in by_county.content.decode()
    assert "Bærum" not in by_county.content.decode()
    assert admin_client.get("/admin/register/municipality/add/").status_code == 403
    assert admin_client.get("/admin/register/county/").status_code == 200
