"""The case page: what went to whom, registering a reply, linking a regulation; bad input and
other organizations get nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import IncomingDocument

pytestmark = pytest.mark.django_db


def test_the_case_page_registers_a_reply_links_a_regulation_and_shows_what_went_to_whom(
    client, dispatched_letter, officer, baerum, baerum_user, adopted
):
    case = dispatched_letter.case
    url = reverse("cases:detail", args=[case.pk])
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert dispatched_letter.reference in page and "Asker kommune" in page and "Klar for utskrift" in page

    reply = SimpleUploadedFile("svar.pdf", b"%PDF-1.7 svar fra Baerum", content_type="application/pdf")
    response = client.post(
        reverse("cases:incoming_register", args=[case.pk]),
        {
            "incoming-title": "Svar fra Bærum kommune",
            "incoming-sender": baerum.pk,
            "incoming-their_reference": "20/1234",
            "incoming-received_at": "2020-11-13T09:30",
            "incoming-in_reply_to": dispatched_letter.pk,
            "incoming-file": reply,
        },
        follow=True,
    )
    incoming = IncomingDocument.objects.get(case=case)
    assert incoming.reference == f"{case.reference}-2" and incoming.in_reply_to == dispatched_letter
    assert incoming.sender_name == "Bærum kommune" and incoming.journal_status == "A"
    assert f"Dokument {incoming.reference} er registrert." in response.content.decode()
    assert client.get(reverse("cases:incoming_pdf", args=[case.pk, incoming.pk])).content == b"%PDF-1.7 svar fra Baerum"

    client.post(reverse("cases:link_add", args=[case.pk]), {"link-regulation": adopted.regulation_id})
    page = client.get(url).content.decode()
    assert adopted.regulation.title in page and "svar på " + dispatched_letter.reference in page

    # Bad input is a form error and changes nothing; the case is not the municipality's to see.
    page = client.post(
        reverse("cases:incoming_register", args=[case.pk]),
        {
            "incoming-title": "<script>x</script>",
            "incoming-received_at": "9999-99-99",
            "incoming-file": SimpleUploadedFile("svar.exe", b"MZ", content_type="application/octet-stream"),
        },
    ).content.decode()
    assert "Velg en PDF-fil." in page and "<script>x</script>" not in page
    assert IncomingDocument.objects.filter(case=case).count() == 1
    client.force_login(baerum_user)
    assert client.get(url).status_code == 404


def test_an_oversized_request_is_refused_before_the_upload_is_read(client, dispatched_letter, officer, settings):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    client.force_login(officer)
    response = client.post(
        reverse("cases:incoming_register", args=[dispatched_letter.case_id]),
        {
            "incoming-title": "Stor fil",
            "incoming-sender_name": "Bærum",
            "incoming-received_at": "2020-11-13T09:30",
            "incoming-file": SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024)),
        },
    )
    assert response.status_code == 413 and "for stor" in response.content.decode()
    assert not IncomingDocument.objects.exists()


def test_a_very_long_file_name_is_shortened_not_a_database_error(client, dispatched_letter, officer):
    client.force_login(officer)
    client.post(
        reverse("cases:incoming_register", args=[dispatched_letter.case_id]),
        {
            "incoming-title": "Svar",
            "incoming-sender_name": "Bærum kommune",
            "incoming-received_at": "2020-11-13T09:30",
            "incoming-file": SimpleUploadedFile("s" * 240 + ".pdf", b"%PDF-1.7 svar"),
        },
    )
    stored = IncomingDocument.objects.get().document.filename
    assert len(stored) <= 200 and stored.endswith(".pdf")


def test_the_link_form_offers_the_first_documents_and_finds_the_others_by_search(
    client, dispatched_letter, officer, municipality, django_assert_max_num_queries
):
    from tests.factories import oslo
    from tests.rules.conftest import decided

    for n in range(30):
        decided(municipality, valid_from=oslo(2021, 3, 1), title=f"Forskrift nummer {n:02d} om smittevern")
    case = dispatched_letter.case
    url = reverse("cases:detail", args=[case.pk])
    client.force_login(officer)

    page = client.get(url).content.decode()
    assert page.count("Forskrift nummer ") == 25
    assert "Viser de 25 første. Skriv i søkefeltet for å finne andre." in page

    found = client.get(url, {"finn": "nummer 29"}).content.decode()
    assert "Forskrift nummer 29 om smittevern" in found and "Forskrift nummer 03 " not in found
    assert "Viser de 25 første" not in found

    # A document not offered on the first page can still be linked (the form takes what the
    # person may link, not only what it shows).
    from regulations.models import Regulation

    last = Regulation.objects.get(title="Forskrift nummer 29 om smittevern")
    client.post(reverse("cases:link_add", args=[case.pk]), {"link-regulation": last.pk})
    assert case.links.filter(regulation=last).exists()


def test_the_case_page_costs_the_same_queries_with_few_or_many_documents_to_link(
    client, dispatched_letter, officer, municipality
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import oslo
    from tests.rules.conftest import decided

    url = reverse("cases:detail", args=[dispatched_letter.case.pk])
    client.force_login(officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for n in range(3):
        decided(municipality, valid_from=oslo(2021, 3, 1), title=f"Forskrift nummer {n:02d} om smittevern")
    few = queries()
    for n in range(3, 30):
        decided(municipality, valid_from=oslo(2021, 3, 1), title=f"Forskrift nummer {n:02d} om smittevern")
    assert queries() == few


def test_the_municipality_records_its_own_archive_case_number_and_who_may_not_cannot(
    client, draft, case_officer, secretary
):
    case = draft.regulation.case
    url = reverse("cases:detail", args=[case.pk])
    client.force_login(case_officer)
    assert "Saksnummer i eget arkiv" in client.get(url).content.decode()
    response = client.post(
        reverse("cases:external_reference", args=[case.pk]),
        {"reference-external_reference": " 2021/1234 "},
        follow=True,
    )
    page = response.content.decode()
    assert "Saksnummeret i eget arkiv er lagret." in page and "saksnummer i eget arkiv 2021/1234" in page
    case.refresh_from_db()
    assert case.external_reference == "2021/1234"
    assert case.history.latest().history_change_reason == "Saksnummer i eget arkiv satt til 2021/1234"
    assert "2021/1234" in client.get(reverse("regulations:detail", args=[draft.regulation_id])).content.decode()

    too_long = client.post(
        reverse("cases:external_reference", args=[case.pk]), {"reference-external_reference": "9" * 51}
    )
    assert too_long.status_code == 200 and "50" in too_long.content.decode()

    client.force_login(secretary)  # sees the case, may not change it
    page = client.get(url).content.decode()
    assert "saksnummer i eget arkiv 2021/1234" in page and 'name="reference-external_reference"' not in page
    refused = client.post(reverse("cases:external_reference", args=[case.pk]), {"reference-external_reference": ""})
    assert refused.status_code == 403
    case.refresh_from_db()
    assert case.external_reference == "2021/1234"


def test_the_archive_number_help_names_the_cases_own_kind_of_organization(
    client, dispatched_letter, officer, draft, case_officer
):
    """The directorate's case page speaks of the directorate's archive, not a municipality's."""
    client.force_login(officer)
    page = client.get(reverse("cases:detail", args=[dispatched_letter.case_id])).content.decode()
    assert "Valgfritt: saksnummeret i direktoratets eget arkivsystem, f.eks. 2021/1234." in page
    assert "kommunens" not in page
    client.force_login(case_officer)
    page = client.get(reverse("cases:detail", args=[draft.regulation.case_id])).content.decode()
    assert "Valgfritt: saksnummeret i kommunens eget arkivsystem, f.eks. 2021/1234." in page


def test_the_sender_list_offers_every_organization_and_keeps_the_choice_after_an_error(
    client, dispatched_letter, officer, baerum
):
    """The register's organizations are offered by name (escaped), in name order, and a form
    sent back with an error still has the sender chosen."""
    from core.models import Organization

    Organization.objects.create(name='Fjell & "Fjære" <kommune>', kind="other")
    url = reverse("cases:detail", args=[dispatched_letter.case_id])
    client.force_login(officer)
    page = client.get(url).content.decode()
    select = page[page.index('<select name="incoming-sender"') :]
    select = select[: select.index("</select>")]
    names = [o.name for o in Organization.objects.order_by("name")]
    assert select.count("<option") == len(names) + 1 and '<option value="" selected>' in select
    assert "Fjell &amp; &quot;Fjære&quot; &lt;kommune&gt;" in select and "<kommune>" not in select
    assert [select.index(f">{n}<") for n in names if "&" not in n] == sorted(
        select.index(f">{n}<") for n in names if "&" not in n
    )

    page = client.post(
        reverse("cases:incoming_register", args=[dispatched_letter.case_id]),
        {"incoming-title": "", "incoming-sender": baerum.pk, "incoming-received_at": "2020-11-13T09:30"},
    ).content.decode()
    assert f'<option value="{baerum.pk}" selected>Bærum kommune</option>' in page


def test_the_case_page_reads_no_archived_pdf_bytes(client, dispatched_letter, officer, archived_bytes_selected):
    client.force_login(officer)
    assert archived_bytes_selected(reverse("cases:detail", args=[dispatched_letter.case_id])) == []


def test_a_form_sent_with_errors_leaves_the_pages_other_forms_unbound_with_their_defaults(
    client, dispatched_letter, officer
):
    """Only the form that was sent shows errors: the registering form keeps its default time of
    receipt and says nothing is missing when the link form or the archive number was sent."""
    import re

    case = dispatched_letter.case
    client.force_login(officer)

    def incoming_form(page: str) -> str:
        start = page.index('action="' + reverse("cases:incoming_register", args=[case.pk]))
        return page[start : page.index("</form>", start)]

    page = client.post(reverse("cases:link_add", args=[case.pk]), {}).content.decode()
    assert "Velg enten en forskrift eller en risikovurdering." in page
    assert "Feltet er påkrevet." not in page and 'class="field has-error"' not in incoming_form(page)
    assert re.search(r'name="incoming-received_at" value="\d{4}-\d\d-\d\dT\d\d:\d\d"', page)

    page = client.post(
        reverse("cases:external_reference", args=[case.pk]), {"reference-external_reference": "9" * 51}
    ).content.decode()
    assert 'value="' + "9" * 51 + '"' in page
    assert "Feltet er påkrevet." not in incoming_form(page)
    assert re.search(r'name="incoming-received_at" value="\d{4}-\d\d-\d\dT\d\d:\d\d"', page)
    assert not case.links.exists() and not case.incoming_documents.exists()


def test_a_receipt_date_in_the_future_is_a_form_error_and_nothing_is_registered(client, dispatched_letter, officer):
    from datetime import timedelta

    from django.utils import timezone

    case = dispatched_letter.case
    client.force_login(officer)
    next_year = (timezone.localtime() + timedelta(days=400)).strftime("%d.%m.%Y %H:%M")
    response = client.post(
        reverse("cases:incoming_register", args=[case.pk]),
        {
            "incoming-title": "Svar fra Bærum",
            "incoming-sender_name": "Bærum kommune",
            "incoming-received_at": next_year,
        },
    )
    assert response.status_code == 200
    assert "Et dokument kan ikke være mottatt fram i tid. Velg tidspunktet det kom inn." in response.content.decode()
    assert not IncomingDocument.objects.filter(case=case).exists()


def test_a_sender_from_the_registry_and_a_typed_sender_at_once_are_refused(client, dispatched_letter, officer, baerum):
    case = dispatched_letter.case
    client.force_login(officer)
    page = client.post(
        reverse("cases:incoming_register", args=[case.pk]),
        {
            "incoming-title": "Svar fra Bærum",
            "incoming-sender": baerum.pk,
            "incoming-sender_name": "Noen andre",
            "incoming-received_at": "2020-11-13T09:30",
        },
    ).content.decode()
    assert "Velg avsenderen fra registeret eller skriv avsenderens navn, ikke begge. Tøm det ene feltet." in page
    assert not IncomingDocument.objects.filter(case=case).exists()
