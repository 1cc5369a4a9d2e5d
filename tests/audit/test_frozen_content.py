"""Frozen content: a decided text changed in the database behind the application's back is
caught by `audit_verify` and shown with a warning, never served silently as the decided text.

The forgeries are raw SQL, as the penetration test did it. On PostgreSQL the database itself
refuses such writes (triggers); the tests switch the triggers off for their own session to
play a superuser who got past them, which is what the hashes are there for.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from tests.assessments.conftest import approved_assessment, draft_assessment
from tests.letters.conftest import (
    approved_letter,
    archivist,
    asker,
    baerum,
    consultant,
    director,
    directorate,
    dispatched_letter,
    draft_letter,
    officer,
)

WARNING = "Teksten stemmer ikke med hashen den ble vedtatt med."


def forge(sql, params=()):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # a superuser past the triggers
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def verify() -> str:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_audit_verify_checks_every_decided_text_against_its_hash(adopted, approved_assessment):
    assert "Vedtatte tekster stemmer med sin SHA-256: 2 kontrollert" in verify()


def test_a_section_rewritten_in_the_database_fails_audit_verify_and_is_flagged_on_the_pages(client, adopted, outsider):
    section = adopted.sections.get(number=3)
    forge(
        "UPDATE regulations_section SET body = %s WHERE id = %s",
        ["Serveringssteder kan skjenke alkohol til kl. 24.", section.pk],
    )
    with pytest.raises(CommandError, match=rf"Forskriftsversjon {adopted.pk} .*innholdet stemmer ikke med SHA-256"):
        verify()

    client.force_login(outsider)  # in-force texts are for everyone
    for url in (
        reverse("regulations:version_detail", args=[adopted.pk]),
        reverse("regulations:detail", args=[adopted.regulation_id]),
    ):
        page = client.get(url).content.decode()
        assert WARNING in page and "kan skjenke alkohol til kl. 24" in page
    published = client.get("/api/regulations/").json()
    assert [v["content_warning"] for v in published if v["id"] == adopted.pk] != [None]


def test_the_public_api_has_no_warning_for_an_intact_text(client, adopted, outsider):
    published = client.get("/api/regulations/").json()
    assert [v["content_warning"] for v in published if v["id"] == adopted.pk] == [None]
    client.force_login(outsider)
    assert WARNING not in client.get(reverse("regulations:version_detail", args=[adopted.pk])).content.decode()


def test_a_measure_rewritten_in_the_database_fails_audit_verify(
    draft, case_officer, secretary, django_capture_on_commit_callbacks
):
    from datetime import date

    from measures.models import MeasureType
    from regulations.services import measure_add, version_adopt, version_submit

    measure = measure_add(
        section=draft.sections.get(number=3),
        by=case_officer,
        measure_type=MeasureType.objects.get(code="alcohol_serving_stop"),
        parameters={"licence_chapters": "4 og 5"},
        is_advice=False,
    )
    version_submit(version=draft, by=case_officer)
    with django_capture_on_commit_callbacks(execute=True):
        version_adopt(
            version=draft,
            by=secretary,
            body="formannskap",
            meeting_date=date(2021, 3, 3),
            item_number="12/21",
            votes_for=9,
            votes_against=2,
            votes_abstaining=0,
            decision_text="Vedtatt.",
        )
    verify()
    forge(
        "UPDATE regulations_measure SET parameters = %s WHERE id = %s",
        [json.dumps({"licence_chapters": "4"}), measure.pk],
    )
    with pytest.raises(CommandError, match="innholdet stemmer ikke med SHA-256"):
        verify()


def test_a_text_rewritten_together_with_its_stored_hash_is_caught_by_the_trail(adopted):
    from regulations.services import version_content_hash

    section = adopted.sections.get(number=3)
    forge("UPDATE regulations_section SET body = %s WHERE id = %s", ["Skjenking er tillatt.", section.pk])
    adopted.refresh_from_db()
    forge(
        "UPDATE regulations_regulationversion SET content_hash = %s WHERE id = %s",
        [version_content_hash(adopted), adopted.pk],
    )
    with pytest.raises(CommandError, match="lagret SHA-256 for innholdet er ikke den som vedtaket registrerte"):
        verify()


def test_an_approved_assessment_rewritten_in_the_database_is_caught(client, approved_assessment, medical_officer):
    forge(
        "UPDATE assessments_assessment SET summary = %s WHERE id = %s",
        ["Kontroll. Ingen tiltak trengs.", approved_assessment.pk],
    )
    with pytest.raises(CommandError, match=rf"Risikovurdering {approved_assessment.pk} .*stemmer ikke"):
        verify()
    client.force_login(medical_officer)
    assert WARNING in client.get(reverse("assessments:detail", args=[approved_assessment.pk])).content.decode()


def test_a_dispatched_letter_rewritten_in_the_database_is_caught(client, dispatched_letter, officer):
    assert "Vedtatte tekster stemmer med sin SHA-256: 1 kontrollert" in verify()
    forge("UPDATE letters_letter SET body = %s WHERE id = %s", ["<p>Et annet brev.</p>", dispatched_letter.pk])
    with pytest.raises(CommandError, match=rf"Brev {dispatched_letter.pk} .*stemmer ikke"):
        verify()
    client.force_login(officer)
    assert WARNING in client.get(reverse("letters:detail", args=[dispatched_letter.pk])).content.decode()


def test_a_senders_new_address_after_dispatch_is_no_forgery(client, dispatched_letter, directorate, officer):
    """The footer is printed from the sender's details as they were when the letter went out."""
    directorate.phone = "+47 810 20 051"
    directorate._change_reason = "Nytt sentralbordnummer"
    directorate.save()
    assert "Vedtatte tekster stemmer med sin SHA-256: 1 kontrollert" in verify()
    client.force_login(officer)
    assert WARNING not in client.get(reverse("letters:detail", args=[dispatched_letter.pk])).content.decode()
