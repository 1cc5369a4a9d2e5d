"""Recipients one by one, in groups and from CSV: no duplicates, no recipient without an address."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from letters import services
from letters.selectors import organizations_for_group
from tests.factories import MunicipalityFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_recipient_without_an_address_is_refused(draft_letter, officer, oslo_kommune):
    with pytest.raises(ValidationError, match="mangler adresse"):
        services.recipient_add(letter=draft_letter, by=officer, data=services.RecipientInput(organization=oslo_kommune))


def test_a_duplicate_recipient_is_refused(draft_letter, officer, baerum):
    with pytest.raises(ValidationError, match="står allerede på mottakerlisten"):
        services.recipient_add(letter=draft_letter, by=officer, data=services.RecipientInput(organization=baerum))


def test_all_municipalities_of_a_county_are_added_once_and_those_without_address_are_reported(
    draft_letter, officer, baerum, asker
):
    lier = MunicipalityFactory(
        name="Lier kommune", county="Viken", postal_address="Postboks 205", postal_code="3401", postal_place="LIER"
    )
    nameless = MunicipalityFactory(name="Adresseløs kommune", county="Viken")
    MunicipalityFactory(
        name="Tromsø kommune",
        county="Troms og Finnmark",
        postal_address="Postboks 6900",
        postal_code="9299",
        postal_place="TROMSØ",
    )

    result = services.recipients_add_organizations(
        letter=draft_letter, by=officer, organizations=organizations_for_group(group="county", county="Viken")
    )

    assert result.added == [lier.name]
    assert sorted(result.duplicates) == ["Asker kommune", "Bærum kommune"]
    assert result.without_address == [nameless.name]
    # The letter's history says it in the singular: one recipient was added.
    assert draft_letter.history.latest().history_change_reason == "1 mottaker lagt til"


CSV_GOOD = (
    "navn;kontaktperson;adresse;postnummer;poststed;epost;type\n"
    "Lier kommune;Kommuneoverlegen;Postboks 205;3401;LIER;;mottaker\n"
    "KS;;Postboks 1378 Vika;0114;OSLO;post@example.org;kopi\n"
)


def test_a_csv_file_is_imported(draft_letter, officer):
    result = services.recipients_import_csv(
        letter=draft_letter, by=officer, filename="mottakere.csv", content=CSV_GOOD.encode()
    )

    assert result.added == ["Lier kommune", "KS"]
    assert draft_letter.recipients.get(name="KS").kind == "copy"


def test_a_csv_with_broken_rows_imports_nothing_and_names_the_lines(draft_letter, officer):
    content = (
        CSV_GOOD
        + "Uten adresse;;;;;;mottaker\nFeil;;Gate 1;12;OSLO;;mottaker\nBærum kommune;;Postboks 700;1304;SANDVIKA;;ukjent\n"
    ).encode()
    before = draft_letter.recipients.count()

    with pytest.raises(ValidationError) as exc:
        services.recipients_import_csv(letter=draft_letter, by=officer, filename="mottakere.csv", content=content)

    messages = exc.value.messages
    assert "Linjene 2, 3 var i orden." in messages[0]
    assert any(m.startswith("Linje 4:") and "mangler adresse" in m for m in messages)
    assert any(m.startswith("Linje 5:") and "fire sifre" in m for m in messages)
    assert any(m.startswith("Linje 6:") and "mottaker" in m for m in messages)
    assert draft_letter.recipients.count() == before


def test_every_csv_line_error_is_said_in_full_sentences(draft_letter, officer):
    content = (
        CSV_GOOD
        + "Bærum kommune;;Postboks 700;1304;SANDVIKA;;ukjent\n"
        + "Feil;;Gate 1;12;OSLO;ikke-epost;mottaker\n"
        + "Lier kommune;;Postboks 205;3401;LIER;;mottaker\n"
    ).encode()
    with pytest.raises(ValidationError) as exc:
        services.recipients_import_csv(letter=draft_letter, by=officer, filename="mottakere.csv", content=content)

    lines = exc.value.messages[1:]
    assert lines == [
        "Linje 4: Typen må være «mottaker» eller «kopi».",
        "Linje 5: Postnummeret må ha fire sifre. «ikke-epost» er ikke en gyldig e-postadresse.",
        "Linje 6: Lier kommune står allerede på mottakerlisten.",
    ]


def test_a_csv_repeating_a_recipient_is_refused(draft_letter, officer):
    content = (CSV_GOOD + "Lier kommune;;Postboks 205;3401;LIER;;mottaker\n").encode()
    with pytest.raises(ValidationError, match="Linje 4: Lier kommune står allerede"):
        services.recipients_import_csv(letter=draft_letter, by=officer, filename="m.csv", content=content)


@pytest.mark.parametrize(
    "filename,content,message",
    [
        ("mottakere.pdf", b"%PDF-1.7", "Velg en CSV-fil"),
        ("mottakere.csv", b"\xff\xfe\x00\x00binary", "UTF-8"),
        ("mottakere.csv", b"x" * 1_000_001, "for stor"),
        ("mottakere.csv", b"foo;bar\n1;2\n", "overskrift"),
    ],
)
def test_a_file_of_the_wrong_kind_or_size_is_refused(draft_letter, officer, filename, content, message):
    with pytest.raises(ValidationError, match=message):
        services.recipients_import_csv(letter=draft_letter, by=officer, filename=filename, content=content)


def test_a_csv_row_with_a_municipality_number_is_linked_to_the_registry(draft_letter, officer, baerum, oslo_kommune):
    lier = MunicipalityFactory(
        name="Lier kommune",
        municipality_number="3049",
        postal_address="Postboks 205",
        postal_code="3401",
        postal_place="LIER",
    )
    content = (
        "kommunenummer;navn;kontaktperson;adresse;postnummer;poststed;epost;type\n"
        "3049;;Kommuneoverlegen;;;;;mottaker\n"
        "0301;Oslo kommune;;Rådhuset;0037;OSLO;;kopi\n"
    ).encode()
    services.recipients_import_csv(letter=draft_letter, by=officer, filename="kommuner.csv", content=content)

    linked = draft_letter.recipients.get(organization=lier)
    assert (linked.name, linked.address, linked.post_line, linked.contact_person) == (
        "Lier kommune",
        "Postboks 205",
        "3401 LIER",
        "Kommuneoverlegen",
    )
    assert draft_letter.recipients.get(organization=oslo_kommune).kind == "copy"

    # Bærum is already on the list from the registry; naming it by number is a duplicate.
    again = b"kommunenummer;type\n3024;mottaker\n9998;mottaker\n"
    with pytest.raises(ValidationError) as exc:
        services.recipients_import_csv(letter=draft_letter, by=officer, filename="kommuner.csv", content=again)
    messages = exc.value.messages
    assert any(m.startswith("Linje 2:") and "står allerede på mottakerlisten" in m for m in messages)
    assert any(m.startswith("Linje 3:") and "kommunenummer 9998" in m for m in messages)


def test_a_csv_row_with_an_organization_number_is_linked_to_the_registry(draft_letter, officer):
    address = {"postal_address": "Pb 222", "postal_code": "0213", "postal_place": "OSLO"}
    fhi = OrganizationFactory(name="Folkehelseinstituttet", org_number="983744516", **address)
    content = b"orgnr;kontaktperson;type\n983 744 516;Smittevernavdelingen;kopi\n"
    services.recipients_import_csv(letter=draft_letter, by=officer, filename="etater.csv", content=content)
    linked = draft_letter.recipients.get(organization=fhi)
    assert f"{linked.name}, {linked.contact_person}, {linked.address} ({linked.kind})" == (
        "Folkehelseinstituttet, Smittevernavdelingen, Pb 222 (copy)"
    )

    # An org.nr. no organization has, and one that is not nine digits: both named in the refusal.
    unknown = b"orgnr\n999999999\n12345\n"
    with pytest.raises(ValidationError) as exc:
        services.recipients_import_csv(letter=draft_letter, by=officer, filename="etater.csv", content=unknown)
    messages = exc.value.messages
    assert any(m.startswith("Linje 2: Fant ingen organisasjon med org.nr. 999999999. ") for m in messages)
    assert any(m.startswith("Linje 3: Fant ingen organisasjon med org.nr. 12345. ") for m in messages)


def test_an_e_mail_address_longer_than_the_column_is_a_message_not_an_error(draft_letter, officer):
    with pytest.raises(ValidationError, match="for lang"):
        services.recipient_add(
            letter=draft_letter,
            by=officer,
            data=services.RecipientInput(
                name="Lang adresse",
                address="Gate 1",
                postal_code="0150",
                postal_place="OSLO",
                email="a" * 64 + "@" + ("b" * 60 + ".") * 4 + "no",
            ),
        )


def test_adding_a_county_with_one_new_municipality_says_so_in_the_singular(
    client, draft_letter, officer, baerum, asker
):
    MunicipalityFactory(
        name="Lier kommune", county="Viken", postal_address="Postboks 205", postal_code="3401", postal_place="LIER"
    )
    client.force_login(officer)

    response = client.post(
        reverse("letters:recipients_group", args=[draft_letter.pk]),
        {"group-group": "county", "group-county": "Viken", "group-kind": "recipient"},
        follow=True,
    )

    assert "1 mottaker lagt til. 2 stod allerede på listen." in response.content.decode()


@pytest.mark.parametrize(
    "posted,message",
    [
        ({"group-group": "county", "group-county": "Nordland"}, "Fant ingen kommuner i fylket «Nordland»."),
        ({"group-group": "county", "group-county": " "}, "Skriv inn navnet på fylket."),
        ({"group-group": "saved_list"}, "Velg en lagret liste."),
    ],
)
def test_a_group_that_names_no_one_is_refused_with_what_is_missing(
    client, draft_letter, officer, baerum, asker, posted, message
):
    client.force_login(officer)
    before = draft_letter.recipients.count()

    response = client.post(
        reverse("letters:recipients_group", args=[draft_letter.pk]), {**posted, "group-kind": "recipient"}, follow=True
    )

    page = response.content.decode()
    assert message in page
    assert "mottakere lagt til" not in page
    assert draft_letter.recipients.count() == before


def test_a_saved_list_keeps_each_recipients_type_and_address(client, directorate, draft_letter, officer):
    """Harstad linked to the registry by a CSV row, the registry without its address: the
    address the row gave and its type «kopi» come back with the list on another letter, as do
    the registry's recipients and the typed address."""
    harstad = MunicipalityFactory(name="Harstad kommune", municipality_number="5402")
    csv = (
        b"kommunenummer;kontaktperson;adresse;postnummer;poststed;type\n"
        b"5402;Kommuneoverlegen;Postboks 1000 Sentrum;9479;HARSTAD;kopi\n"
    )
    services.recipients_import_csv(letter=draft_letter, by=officer, filename="m.csv", content=csv)
    client.force_login(officer)

    saved = client.post(
        reverse("letters:recipient_list_save", args=[draft_letter.pk]), {"list-name": "Samarbeid"}, follow=True
    )
    assert "Listen «Samarbeid» er lagret med 4 mottakere." in saved.content.decode()

    other = services.letter_create(organization=directorate, by=officer, title="Oppfølging", case_title="Oppfølging")
    saved_list = draft_letter.sender.recipient_lists.get(name="Samarbeid")
    used = client.post(
        reverse("letters:recipients_group", args=[other.pk]),
        {"group-group": "saved_list", "group-saved_list": saved_list.pk, "group-kind": "recipient"},
        follow=True,
    )

    page = used.content.decode()
    assert "4 mottakere lagt til." in page and "Uten adresse" not in page
    copied = other.recipients.get(organization=harstad)
    assert (copied.kind, copied.contact_person, copied.address, copied.post_line) == (
        "copy",
        "Kommuneoverlegen",
        "Postboks 1000 Sentrum",
        "9479 HARSTAD",
    )
    typed = other.recipients.get(name="Helse- og omsorgsdepartementet")
    assert (typed.kind, typed.organization, typed.email) == ("copy", None, "krisestab@example.org")
    assert sorted(other.recipients.filter(kind="recipient").values_list("name", flat=True)) == [
        "Asker kommune",
        "Bærum kommune",
    ]
