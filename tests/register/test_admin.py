"""The back office, in Norwegian: an organization's municipality is chosen from the register
(which fills its number, name and county), and a bad or taken number is a field message."""

import pytest

from core.models import Organization, OrganizationKind
from register.models import County
from register.services import municipalities_load
from tests.factories import UserFactory
from tests.module_data import kept_for_module

ADD_URL = "/admin/core/organization/add/"


@pytest.fixture(scope="module")
def register(django_db_setup, django_db_blocker):
    """The register loaded once for the whole module (tests.module_data)."""
    with kept_for_module(django_db_blocker, municipalities_load) as result:
        yield result


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("register")]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _post(client, municipality_number: str, name: str = "Bærum kommune", org_number: str = "935478715"):
    return client.post(
        ADD_URL,
        {
            "name": name,
            "kind": OrganizationKind.MUNICIPALITY,
            "municipality_number": municipality_number,
            "org_number": org_number,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )


def _errors(response) -> list[str]:
    return list(response.context["adminform"].form.errors.get("municipality_number", []))


def test_a_number_that_is_not_four_digits_is_refused(admin_client):
    for number in ("301", "12345"):
        response = _post(admin_client, number)
        assert response.status_code == 200
        assert _errors(response) == ["Kommunenummeret må ha fire sifre."]
        assert "Kommunenummeret må ha fire sifre." in response.content.decode()
        assert "Vennligst korriger feilen under." in response.content.decode()
    assert not Organization.objects.exists()


def test_a_number_not_in_the_register_is_refused(admin_client):
    response = _post(admin_client, "9999")
    assert response.status_code == 200
    assert _errors(response) == ["Kommunenummer 9999 finnes ikke i kommuneregisteret."]
    assert not Organization.objects.exists()


def test_the_municipality_chosen_from_the_register_fills_number_name_and_county(admin_client):
    form = admin_client.get(ADD_URL).content.decode()
    assert '<option value="5402">5402 Harstad (Troms og Finnmark, til og med 2023)</option>' in form
    response = _post(admin_client, "5402", name="", org_number="")
    assert response.status_code == 302, _errors(response)
    harstad = Organization.objects.get()
    assert (harstad.municipality_number, harstad.name, harstad.county) == (
        "5402",
        "Harstad kommune",
        "Troms og Finnmark",
    )
    assert len(harstad.org_number) == 9  # from SSB's table in the register

    # The number taken: a field message in Norwegian, not the constraint's name.
    response = _post(admin_client, "5402", name="Harstad kommune igjen")
    assert _errors(response) == ["En organisasjon med dette kommunenummeret er allerede registrert."]
    assert "unique_municipality_number" not in response.content.decode()
    assert Organization.objects.count() == 1


def test_the_back_office_speaks_norwegian(admin_client):
    harstad = Organization.objects.create(
        name="Harstad kommune", kind=OrganizationKind.MUNICIPALITY, municipality_number="5402"
    )
    index = admin_client.get("/admin/").content.decode()
    for norwegian in ("Gå til hovedinnholdet", "Forsendelser", "Beslutninger", "Bakgrunnsjobber", "Organisasjoner"):
        assert norwegian in index
    for english in ("Letter deliverys", "Skip to main content", "Add link", "Model name"):
        assert english not in index
    membership = admin_client.get("/admin/core/membership/add/").content.decode()
    assert "Bruker:" in membership and "User:" not in membership
    deliveries = admin_client.get("/admin/letters/letterdelivery/").content.decode()
    assert "Velg forsendelse å se" in deliveries and "0 forsendelser" in deliveries
    change = admin_client.get(f"/admin/core/organization/{harstad.pk}/change/").content.decode()
    assert "Medlemskap" in change and "kommune fra kommuneregisteret" in change.lower()
    history = admin_client.get(f"/admin/core/organization/{harstad.pk}/history/").content.decode()
    assert "Endringshistorikk: Harstad kommune" in history


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
