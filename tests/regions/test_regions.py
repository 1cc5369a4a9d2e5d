"""The region comparison: commuting regions kept by the directorate, the matrix of what applies
in their municipalities at an instant with the differences marked and explained, its CSV, and
«Lag brevutkast» — the seed letter's situation: Oslo closes gyms and stops serving alcohol,
Bærum and Asker do not."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from core.models import Organization, OrganizationKind, Role
from letters.models import Letter
from regions import services
from regions.models import CommutingRegion
from regions.selectors import region_comparison
from register.models import County, Municipality
from regulations.models import Layer
from tests.factories import member, oslo
from tests.rules.conftest import decided, ministry, places

pytestmark = pytest.mark.django_db

AT = oslo(2020, 11, 11, 12)
ADDRESSES = {
    "0301": ("Rådhuset", "0037", "OSLO"),
    "3024": ("Postboks 700", "1304", "SANDVIKA"),
    "3025": ("Katrineåsveien 20", "3440", "RØYKEN"),
}


@pytest.fixture
def directorate(db):
    return Organization.objects.create(name="Helsedirektoratet", kind=OrganizationKind.DIRECTORATE)


@pytest.fixture
def officer(directorate):
    return member(Role.CASE_OFFICER, directorate, username="brevsaksbehandler")


@pytest.fixture
def approver(directorate):
    return member(Role.APPROVER, directorate, username="direktor")


@pytest.fixture
def municipal_officer(places):
    return member(Role.CASE_OFFICER, Organization.objects.get(municipality_number="3024"), username="baerum")


@pytest.fixture
def rules(places, ministry):
    """National: events max 200. Oslo: gyms closed, skjenkestopp all day, events max 10.
    Bærum: events max 10. Asker: nothing of its own."""
    for number, (address, code, place) in ADDRESSES.items():
        org = Organization.objects.get(municipality_number=number)
        org.postal_address, org.postal_code, org.postal_place = address, code, place
        org.save()
    decided(
        ministry,
        layer=Layer.NATIONAL,
        title="Covid-19-forskriften",
        valid_from=oslo(2020, 3, 27),
        sections=[(13, [("cap", {"settings": ["events"], "max_people": 200}, False)])],
    )
    decided(
        Organization.objects.get(municipality_number="0301"),
        title="Forskrift om tiltak i Oslo",
        valid_from=oslo(2020, 11, 9),
        valid_until=oslo(2020, 11, 30),
        sections=[
            (3, [("closure", {"settings": ["gyms"]}, False)]),
            (4, [("alcohol_ban", {"settings": ["restaurants"]}, False)]),
            (5, [("cap", {"settings": ["events"], "max_people": 10}, False)]),
        ],
    )
    decided(
        Organization.objects.get(municipality_number="3024"),
        title="Forskrift om tiltak i Bærum",
        valid_from=oslo(2020, 11, 9),
        valid_until=oslo(2020, 11, 30),
        sections=[(2, [("cap", {"settings": ["events"], "max_people": 10}, False)])],
    )
    return places


@pytest.fixture
def region(rules, officer):
    return services.region_create(
        by=officer,
        name="Oslo",
        description="Oslo og nabokommunene",
        municipality_numbers=["0301", "3024", "3025"],
        reason="Samordning i regionen",
    )


def row(comparison, label):
    return next(r for r in comparison.rows if r.label == label)


def test_the_matrix_marks_the_municipalities_that_differ_from_the_strictest(region):
    comparison = region_comparison(region=region, at=AT)
    assert [m.name for m in comparison.municipalities] == ["Oslo", "Bærum", "Asker"]
    assert [r.label for r in comparison.rows] == ["Arrangementer", "Serveringssteder", "Treningssentre"]

    gyms = row(comparison, "Treningssentre")
    assert [(c.municipality.name, c.summary, c.differs) for c in gyms.cells] == [
        ("Oslo", "stengt", False),
        ("Bærum", "Ingen regel", True),
        ("Asker", "Ingen regel", True),
    ]
    assert gyms.reference.municipality.name == "Oslo" and gyms.cells[1].milder
    events = row(comparison, "Arrangementer")
    assert [(c.summary, c.differs) for c in events.cells] == [
        ("maks 10 personer", False),
        ("maks 10 personer", False),
        ("maks 200 personer", True),
    ]
    assert [m.name for m in comparison.differing_municipalities] == ["Bærum", "Asker"]
    # Each cell is explained with its source.
    assert "lokal forskrift § 3" in gyms.cells[0].title
    assert "Forskrift om tiltak i Oslo" not in gyms.cells[2].title


def test_the_matrix_page_shows_the_differences_with_text_and_each_source(client, region, municipal_officer):
    client.force_login(municipal_officer)
    response = client.get(reverse("regions:detail", args=[region.pk]), {"at": "2020-11-11T12:00"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "11. november 2020 kl. 12.00" in html
    assert "ulik – mildere" in html
    assert 'title="Treningssentre: stengt — lokal forskrift § 3"' in html
    assert "<details" in html and "Treningssentre: stengt — lokal forskrift § 3</li>" in html
    # A municipality's user reads, but neither edits nor drafts a letter.
    assert "Lag brevutkast" not in html and reverse("regions:edit", args=[region.pk]) not in html


def test_the_csv_has_one_row_per_setting_and_municipality_with_the_differences(client, region, municipal_officer):
    client.force_login(municipal_officer)
    response = client.get(reverse("regions:csv", args=[region.pk]), {"at": "2020-11-11T12:00"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3 * 3
    gyms_asker = next(r for r in rows if r["setting"] == "gyms" and r["municipality_number"] == "3025")
    assert gyms_asker["differs"] == "true"
    assert gyms_asker["summary"] == "Ingen regel"
    assert gyms_asker["reference_summary"] == "stengt"
    assert gyms_asker["stringency"] == "0"
    gyms_oslo = next(r for r in rows if r["setting"] == "gyms" and r["municipality_number"] == "0301")
    assert gyms_oslo["differs"] == "false" and gyms_oslo["sources"] == "lokal forskrift § 3"
    assert gyms_oslo["at"].startswith("2020-11-11T12:00:00+01:00")


def test_the_draft_letter_goes_to_the_municipalities_that_differ_with_a_table_of_the_differences(
    client, region, officer
):
    client.force_login(officer)
    response = client.post(reverse("regions:letter", args=[region.pk]), {"at": "2020-11-11T12:00"})
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("letters:detail", args=[letter.pk])
    assert letter.status == "draft" and letter.sender.name == "Helsedirektoratet"
    assert sorted(r.name for r in letter.recipients.all()) == ["Asker kommune", "Bærum kommune"]
    assert letter.title == "Brev til Bærum og Asker kommuner om smitteverntiltak i egen bo- og arbeidsmarkedsregion"
    body = letter.body
    assert body.startswith("<p>Helsedirektoratet viser til smitteverntiltakene i bo- og arbeidsmarkedsregion Oslo.")
    assert (
        "Bærum og Asker ligger i samme bo- og arbeidsmarkedsregion som Oslo, men har per 11. november 2020 kl. "
        "12.00 ulike regler for arrangementer, serveringssteder og treningssentre." in body
    )
    assert "<table><thead><tr><th>Område</th><th>Strengeste i regionen</th><th>Avviker</th>" in body
    assert "<tr><td>Treningssentre</td><td>Oslo: stengt</td><td>Bærum, Asker: ingen regel</td></tr>" in body
    assert (
        "<tr><td>Arrangementer</td><td>Oslo, Bærum: maks 10 personer</td><td>Asker: maks 200 personer</td></tr>" in body
    )
    assert (
        "<tr><td>Serveringssteder</td><td>Oslo: skjenkestopp hele døgnet</td>"
        "<td>Bærum, Asker: ingen regel</td></tr>" in body
    )
    assert "be Bærum kommune og Asker kommune om å ta disse reglene opp til ny vurdering" in body
    # The letter's page opens for the case officer to edit.
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Treningssentre" in page.content.decode()


def test_two_clicks_at_once_make_one_draft_and_no_error(client, region, officer):
    client.force_login(officer)
    url = reverse("regions:letter", args=[region.pk])
    first = client.post(url, {"at": "2020-11-11T12:00"})
    second = client.post(url, {"at": "2020-11-11T12:00"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Letter.objects.count() == 1


def test_no_letter_when_nothing_differs(client, region, officer):
    client.force_login(officer)
    response = client.post(reverse("regions:letter", args=[region.pk]), {"at": "2020-10-01T12:00"}, follow=True)
    assert Letter.objects.count() == 0
    assert "det er ingen forskjeller å skrive om" in response.content.decode()


def test_a_municipality_user_may_neither_create_regions_nor_draft_the_letter(client, region, municipal_officer):
    client.force_login(municipal_officer)
    assert client.get(reverse("regions:create")).status_code == 403
    assert client.post(reverse("regions:create"), {"name": "X", "municipalities": "0301, 3024"}).status_code == 403
    assert client.post(reverse("regions:edit", args=[region.pk]), {"name": "X"}).status_code == 403
    assert client.post(reverse("regions:letter", args=[region.pk]), {"at": "2020-11-11T12:00"}).status_code == 403
    assert Letter.objects.count() == 0 and CommutingRegion.objects.get().name == "Oslo"
    with pytest.raises(PermissionDenied):
        services.region_create(by=municipal_officer, name="Y", municipality_numbers=["0301", "3024"])


def test_an_approver_of_the_directorate_edits_regions_but_does_not_draft_letters(client, region, approver):
    client.force_login(approver)
    assert client.post(reverse("regions:letter", args=[region.pk]), {"at": "2020-11-11T12:00"}).status_code == 403
    response = client.post(
        reverse("regions:edit", args=[region.pk]),
        {"name": "Oslo", "description": "", "municipalities": "0301 Oslo\nBærum", "reason": "Asker ut"},
    )
    assert response.status_code == 302
    assert CommutingRegion.objects.get().municipality_numbers == ["0301", "3024"]


def test_anonymous_visitors_are_sent_to_sign_in(client, region):
    for url in (reverse("regions:list"), reverse("regions:detail", args=[region.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("regions:letter", args=[region.pk]), {"at": "2020-11-11T12:00"})
    assert "/accounts/login/" in response["Location"] and Letter.objects.count() == 0


def test_creating_and_editing_a_region_records_who_and_why_in_history_and_the_audit_trail(region, officer):
    services.region_update(
        region=region,
        by=officer,
        name="Oslo",
        municipality_numbers=["0301", "3024"],
        reason="Asker hører til Vestlandet?",
    )
    records = list(region.history.order_by("history_date"))
    assert [(r.history_user, r.history_change_reason) for r in records] == [
        (officer, "Samordning i regionen"),
        (officer, "Asker hører til Vestlandet?"),
    ]
    events = AuditEvent.objects.filter(object_type="regions.commutingregion").order_by("seq")
    assert [e.comment for e in events] == ["Samordning i regionen", "Asker hører til Vestlandet?"]
    assert events[1].actor == officer
    assert events[0].organization_id == region.organization_id


def test_a_region_needs_known_municipalities_and_a_unique_name(region, officer):
    with pytest.raises(ValidationError) as error:
        services.region_create(by=officer, name="oslo", municipality_numbers=["0301", "9999"])
    assert set(error.value.message_dict) == {"name", "municipalities"}


def test_the_form_refuses_an_unknown_name_with_a_message(client, rules, officer):
    client.force_login(officer)
    response = client.post(reverse("regions:create"), {"name": "Vest", "municipalities": "Asker, Atlantis"})
    assert response.status_code == 200
    assert "Fant ikke i kommuneregisteret: Atlantis." in response.content.decode()
    response = client.post(reverse("regions:create"), {"name": "Vest", "municipalities": "Asker, 3024"})
    assert response.status_code == 302
    assert CommutingRegion.objects.get(name="Vest").municipality_numbers == ["3025", "3024"]


def test_groups_of_municipalities_with_different_rules_are_listed_apart_in_the_letter(region, officer):
    decided(
        Organization.objects.get(municipality_number="3025"),
        title="Forskrift om tiltak i Asker",
        valid_from=oslo(2020, 11, 9),
        valid_until=oslo(2020, 11, 30),
        sections=[(1, [("cap", {"settings": ["gyms"], "max_people": 20}, False)])],
    )
    letter = services.region_letter_draft(region=region, at=AT, by=officer).letter
    assert (
        "<tr><td>Treningssentre</td><td>Oslo: stengt</td>"
        "<td><ul><li>Bærum: ingen regel</li><li>Asker: maks 20 personer</li></ul></td></tr>" in letter.body
    )


def test_the_directorate_sees_who_changed_the_region_and_why(client, region, officer, municipal_officer):
    services.region_update(
        region=region, by=officer, name="Oslo", municipality_numbers=["0301", "3024"], reason="Asker ut"
    )
    client.force_login(officer)
    html = client.get(reverse("regions:detail", args=[region.pk]), {"at": "2020-11-11T12:00"}).content.decode()
    assert "Historikk for regionen" in html and "Asker ut" in html and "Samordning i regionen" in html
    client.force_login(municipal_officer)
    html = client.get(reverse("regions:detail", args=[region.pk]), {"at": "2020-11-11T12:00"}).content.decode()
    assert "Historikk for regionen" not in html


def test_the_comparison_reads_the_same_few_queries_whatever_the_number_of_members(region, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    two = services.region_create(by=officer, name="To", municipality_numbers=["0301", "3024"])
    with CaptureQueriesContext(connection) as small:
        region_comparison(region=two, at=AT)
    with CaptureQueriesContext(connection) as large:
        region_comparison(region=region, at=AT)
    assert len(large.captured_queries) == len(small.captured_queries) <= 6


def test_after_the_register_s_last_edition_the_members_are_compared_as_regler_reads_them(client, region, officer):
    # The register holds the edition of 2020–2023 only: asked about today, the members were all
    # «not in the register», while /regler/3025/ showed Asker's rules now.
    Municipality.objects.update(valid_until=date(2023, 12, 31))
    client.force_login(officer)
    html = client.get(reverse("regions:detail", args=[region.pk])).content.decode()
    assert "Ikke i kommuneregisteret" not in html
    assert "Kommuneregisteret går bare til og med 31. desember 2023." in html
    assert "Asker<br>" in html and "maks 200 personer" in html
    assert "Asker kommune" in client.get(reverse("public_rules:answer", args=["3025"])).content.decode()

    # Once a later edition has renumbered Bærum, its old number is not in force today.
    Municipality.objects.exclude(number="3024").update(valid_until=None)
    Municipality.objects.create(
        number="3201", name="Bærum", county=County.objects.get(number="30"), valid_from=date(2024, 1, 1)
    )
    comparison = region_comparison(region=region, at=timezone.now())
    assert (comparison.missing, comparison.register_ends) == (["3024"], None)
    assert [m.name for m in comparison.municipalities] == ["Oslo", "Asker"]


def test_an_unreadable_instant_says_that_the_comparison_is_for_now(client, region, officer):
    client.force_login(officer)
    html = client.get(reverse("regions:detail", args=[region.pk]), {"at": "garbage"}).content.decode()
    assert "Skriv dato og klokkeslett som" in html
    assert "Tidspunktet kunne ikke leses, så sammenligningen viser reglene nå," in html
