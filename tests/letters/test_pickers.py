"""The recipient and approver pickers on a letter's page: searched as one types (or by a plain
GET without JavaScript), a few matches at a time, whatever the size of the registry; adding
still takes only what the services accept."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from core.models import Organization, Role
from letters import selectors, services
from tests.factories import MunicipalityFactory, OrganizationFactory, member, oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(directorate, officer):
    """A new draft with no recipients and no approvers yet."""
    return services.letter_create(
        organization=directorate, by=officer, title="Brev om testing", case_title="Testing", now=oslo(2021, 3, 1)
    )


def _page(client, letter, **search) -> str:
    return client.get(reverse("letters:detail", args=[letter.pk]), search).content.decode()


def _options(page: str, name: str) -> list[str]:
    """The labels of the radio buttons named `name`, as the page shows them."""
    ids = re.findall(rf'<input type="radio" name="{name}" value="\d+" id="([^"]+)"', page)
    return [" ".join(re.search(rf'<label [^>]*for="{i}">(.*?)</label>', page, re.S).group(1).split()) for i in ids]


def test_the_recipient_search_finds_an_organization_by_part_of_its_name_or_its_numbers(
    client, letter, officer, directorate, baerum, asker
):
    client.force_login(officer)

    assert _options(_page(client, letter, **{"recipient-q": "bær"}), "recipient-organization") == [
        "Bærum kommune (3024)"
    ]
    assert _options(_page(client, letter, **{"recipient-q": "3024"}), "recipient-organization") == [
        "Bærum kommune (3024)"
    ]
    assert _options(_page(client, letter, **{"recipient-q": "983 544"}), "recipient-organization") == [
        "Helsedirektoratet (983 544 622)"
    ]
    assert _options(_page(client, letter, **{"recipient-q": "  kommune   asker "}), "recipient-organization") == [
        "Asker kommune (3025)"
    ]


def test_the_recipient_picker_shows_at_most_25_matches_and_says_how_many_there_are(client, letter, officer):
    for n in range(40):
        MunicipalityFactory(name=f"Prøvekommune {n:02d}")
    client.force_login(officer)

    page = _page(client, letter, **{"recipient-q": "prøvekommune"})
    shown = _options(page, "recipient-organization")
    assert len(shown) == 25
    assert shown[0].startswith("Prøvekommune 00 (") and shown[-1].startswith("Prøvekommune 24 (")
    assert "Viser 25 av 40 treff. Skriv mer for å snevre inn." in page

    # Every word is to be found in the name: 03, 13, 23 and 30 to 39.
    narrower = _page(client, letter, **{"recipient-q": "prøvekommune 3"})
    assert len(_options(narrower, "recipient-organization")) == 13
    assert "13 treff." in narrower and "Viser 25 av" not in narrower

    unsearched = _page(client, letter)
    assert len(_options(unsearched, "recipient-organization")) == 25
    in_registry = Organization.objects.count()  # the 40 and the sender
    assert f"Viser 25 av {in_registry}. Skriv i søkefeltet for å finne andre." in unsearched


def test_the_recipient_search_says_so_when_nothing_matches(client, letter, officer, baerum):
    client.force_login(officer)
    page = _page(client, letter, **{"recipient-q": "Atlantis"})
    assert _options(page, "recipient-organization") == []
    assert "Ingen treff for «Atlantis». Prøv en annen del av navnet." in page


def test_a_recipient_already_on_the_letter_is_marked_and_cannot_be_chosen_again(client, draft_letter, officer, baerum):
    client.force_login(officer)
    page = _page(client, draft_letter, **{"recipient-q": "Bærum"})
    assert _options(page, "recipient-organization") == ["Bærum kommune (3024) – står allerede på listen"]
    assert f'value="{baerum.pk}" id="id_recipient-organization_0" disabled' in page


def test_an_organization_found_by_search_is_added_as_before(client, letter, officer, asker):
    client.force_login(officer)
    response = client.post(
        reverse("letters:recipient_add", args=[letter.pk]),
        {"recipient-kind": "recipient", "recipient-organization": asker.pk},
        follow=True,
    )
    assert "Asker kommune er lagt til." in response.content.decode()
    assert list(letter.recipients.values_list("name", "address")) == [("Asker kommune", "Katrineåsveien 20")]


@pytest.mark.parametrize("forged", ["999999", "abc", "-1"])
def test_a_forged_organization_id_is_refused_with_a_form_error_and_changes_nothing(client, letter, officer, forged):
    client.force_login(officer)
    before = (letter.recipients.count(), AuditEvent.objects.count(), letter.revision)
    response = client.post(
        reverse("letters:recipient_add", args=[letter.pk]),
        {"recipient-kind": "recipient", "recipient-organization": forged},
        follow=True,
    )
    assert response.status_code == 200
    assert "Fra registeret: " in response.content.decode()
    letter.refresh_from_db()
    assert (letter.recipients.count(), AuditEvent.objects.count(), letter.revision) == before


def _picker_page_queries(client, letter) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        page = _page(client, letter, **{"recipient-q": "kommune"})
    return len(ctx.captured_queries), len(_options(page, "recipient-organization"))


def test_the_picker_page_costs_the_same_queries_with_thirty_or_three_hundred_organizations(client, letter, officer):
    client.force_login(officer)
    MunicipalityFactory.create_batch(30)
    _page(client, letter)  # warm up what is cached per process (content types, sessions)
    small, small_options = _picker_page_queries(client, letter)
    MunicipalityFactory.create_batch(270)
    large, large_options = _picker_page_queries(client, letter)

    assert (small_options, large_options) == (25, 25)
    assert large == small


def test_the_approver_search_lists_only_those_who_may_approve_letters_from_the_sender(
    client, letter, officer, consultant, director, directorate
):
    member(Role.CASE_OFFICER, directorate, username="iversen_saksbehandler", first_name="Kari", last_name="Iversen")
    member(Role.APPROVER, OrganizationFactory(name="Annet direktorat"), username="iversen_annet", last_name="Iversen")
    client.force_login(officer)

    assert _options(_page(client, letter, **{"approver-q": "iversen"}), "approver-user") == [
        "Jon Hilmar Iversen (konsulent)"
    ]
    assert _options(_page(client, letter, **{"approver-q": "direk"}), "approver-user") == [
        "Johan Georg Røstad Torgersen (direktor)"
    ]
    assert _options(_page(client, letter), "approver-user") == [
        "Jon Hilmar Iversen (konsulent)",
        "Johan Georg Røstad Torgersen (direktor)",
    ]
    assert "Ingen treff for «Kari»." in _page(client, letter, **{"approver-q": "Kari"})


def test_an_approver_already_in_the_chain_is_marked(client, draft_letter, officer):
    client.force_login(officer)
    assert _options(_page(client, draft_letter, **{"approver-q": "Iversen"}), "approver-user") == [
        "Jon Hilmar Iversen (konsulent) – står allerede i rekken"
    ]


def test_an_approver_not_eligible_is_refused_with_a_form_error_and_the_chain_is_unchanged(
    client, letter, officer, directorate, consultant
):
    outsider = member(Role.APPROVER, OrganizationFactory(name="Annet direktorat"), username="utenfor")
    colleague = member(Role.CASE_OFFICER, directorate, username="kollega")
    client.force_login(officer)
    for forged in (outsider.pk, colleague.pk, "abc"):
        response = client.post(
            reverse("letters:approver_add", args=[letter.pk]), {"approver-user": forged}, follow=True
        )
        assert "Godkjenner: " in response.content.decode()
    assert not letter.approvers.exists()

    client.post(reverse("letters:approver_add", args=[letter.pk]), {"approver-user": consultant.pk})
    assert list(letter.approvers.values_list("user__username", flat=True)) == ["konsulent"]


def test_the_search_results_are_one_fragment_the_page_swaps_in(client, letter, officer, baerum):
    """What htmx selects from the page (#recipient-choices) sits inside the region announced
    to screen readers, with the radio buttons in a fieldset named by its legend."""
    client.force_login(officer)
    page = _page(client, letter, **{"recipient-q": "Bærum"})
    region = re.search(
        r'<div id="recipient-results" aria-live="polite"><div id="recipient-choices">(.*?)</div></div>', page, re.S
    )
    assert region is not None
    assert "<legend>Fra registeret</legend>" in region.group(1) and "1 treff." in region.group(1)
    assert 'hx-select="#recipient-choices"' in page and 'form="recipient-search"' in page


def test_the_selectors_count_all_matches_but_return_only_the_limit(letter, baerum, asker):
    found = selectors.recipient_choices(letter=letter, search="kommune", limit=1)
    assert ([o.name for o in found.shown], found.total, found.more) == (["Asker kommune"], 2, True)


@pytest.mark.parametrize("typed", ["\x00", "50%_", "x" * 5000, "<script>alert(1)</script>", "ÆØÅ æøå"])
def test_whatever_is_typed_in_the_search_gives_a_page_not_an_error(client, letter, officer, typed):
    client.force_login(officer)
    response = client.get(reverse("letters:detail", args=[letter.pk]), {"recipient-q": typed, "approver-q": typed})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.get(reverse("letters:list"), {"q": typed}).status_code == 200
