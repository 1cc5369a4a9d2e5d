"""Frozen documents in the database itself: on PostgreSQL, triggers refuse to change the rows
of an adopted regulation, an approved assessment or a dispatched letter, whoever asks.

The workflow's own writes after freezing (repeal, confirmation, lapse, supersession, the
archived PDFs, the dispatch) are exercised by the apps' own tests, which run on PostgreSQL.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from measures.models import MeasureType
from regulations.models import Section, VersionStatus
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

pytestmark = pytest.mark.postgres_only


@pytest.fixture(autouse=True)
def on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the frozen-document triggers exist on PostgreSQL only")


def execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def refused(sql, params=(), *, table):
    """Run `sql` in its own savepoint and assert that the database refuses it for `table`."""
    operation = sql.split()[0].upper()
    with pytest.raises(DatabaseError, match=f"frozen document: {operation} on {table} refused"), transaction.atomic():
        execute(sql, params)


@pytest.fixture
def adopted_with_measure(draft, case_officer, secretary, django_capture_on_commit_callbacks):
    """The three-section draft with a measure in § 3, adopted by formannskapet."""
    from datetime import date

    from regulations.services import measure_add, version_adopt, version_submit

    measure_add(
        section=draft.sections.get(number=3),
        by=case_officer,
        measure_type=MeasureType.objects.get(code="alcohol_serving_stop"),
        parameters={"licence_chapters": "4 og 5"},
    )
    version_submit(version=draft, by=case_officer)
    with django_capture_on_commit_callbacks(execute=True):
        version = version_adopt(version=draft, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3))
    version.refresh_from_db()
    return version


def test_a_section_of_an_adopted_version_cannot_be_rewritten(adopted):
    section = adopted.sections.get(number=3)
    refused(
        "UPDATE regulations_section SET body = 'Serveringssteder kan skjenke.' WHERE id = %s",
        [section.pk],
        table="regulations_section",
    )
    refused("DELETE FROM regulations_section WHERE id = %s", [section.pk], table="regulations_section")
    refused(
        "INSERT INTO regulations_section (version_id, number, heading, body) VALUES (%s, 4, 'Nytt', 'Tekst')",
        [adopted.pk],
        table="regulations_section",
    )
    assert Section.objects.get(pk=section.pk).body == "Serveringssteder skal ikke skjenke alkohol."


def test_a_section_cannot_be_moved_into_an_adopted_version(adopted, case_officer):
    from regulations.models import VersionKind
    from regulations.services import version_start

    amendment = version_start(regulation=adopted.regulation, kind=VersionKind.AMENDMENT, by=case_officer)
    moved = amendment.sections.get(number=1)
    refused(
        "UPDATE regulations_section SET version_id = %s, number = 9 WHERE id = %s",
        [adopted.pk, moved.pk],
        table="regulations_section",
    )


def test_a_measure_of_an_adopted_version_cannot_be_changed(adopted_with_measure):
    measure = adopted_with_measure.sections.get(number=3).measures.get()
    refused("UPDATE regulations_measure SET parameters = '{}' WHERE id = %s", [measure.pk], table="regulations_measure")
    refused("UPDATE regulations_measure SET is_advice = true WHERE id = %s", [measure.pk], table="regulations_measure")
    refused("DELETE FROM regulations_measure WHERE id = %s", [measure.pk], table="regulations_measure")
    refused(
        "INSERT INTO regulations_measure (section_id, measure_type_id, parameters, is_advice) "
        "VALUES (%s, %s, '{}', false)",
        [measure.section_id, measure.measure_type_id],
        table="regulations_measure",
    )


def test_the_content_of_an_adopted_version_cannot_be_changed(adopted):
    table = "regulations_regulationversion"
    for assignment in (
        "valid_from = valid_from - interval '1 day'",
        "valid_until = valid_until + interval '1 day'",
        "number = 7",
        "kind = 'amendment'",
        "content_hash = repeat('0', 64)",
        "archived_pdf_id = NULL",
        "status = 'draft'",
        "decision_text = 'Noe annet'",
        "votes_for = 12",
        "revision = revision + 1",
    ):
        refused(f"UPDATE {table} SET {assignment} WHERE id = %s", [adopted.pk], table=table)
    refused(f"DELETE FROM {table} WHERE id = %s", [adopted.pk], table=table)
    adopted.refresh_from_db()
    assert adopted.status == VersionStatus.ADOPTED and adopted.archived_pdf_id


def test_the_title_of_an_adopted_regulation_cannot_be_changed(adopted):
    refused(
        "UPDATE regulations_regulation SET title = 'Forskrift om noe annet' WHERE id = %s",
        [adopted.regulation_id],
        table="regulations_regulation",
    )
    assert (
        execute(
            "UPDATE regulations_regulation SET lovdata_id = 'FOR-2021-03-03-1' WHERE id = %s", [adopted.regulation_id]
        )
        == 1
    )


def test_what_the_workflow_writes_after_adoption_still_goes_through(adopted):
    assert (
        execute("UPDATE regulations_regulationversion SET pdf_error = 'tidsavbrudd' WHERE id = %s", [adopted.pk]) == 1
    )
    adopted.refresh_from_db()
    adopted.save()  # a save of unchanged content, as the services make
    assert execute("UPDATE regulations_regulationversion SET status = 'repealed' WHERE id = %s", [adopted.pk]) == 1


def test_a_submitted_text_is_frozen_until_it_is_sent_back(draft, case_officer, secretary):
    from regulations.services import version_send_back, version_submit, version_update
    from regulations.services.drafting import SectionInput

    version_submit(version=draft, by=case_officer)
    section = draft.sections.get(number=1)
    refused(
        "UPDATE regulations_section SET body = 'Endret i smug.' WHERE id = %s",
        [section.pk],
        table="regulations_section",
    )
    refused(
        "UPDATE regulations_regulationversion SET valid_from = valid_from + interval '1 hour' WHERE id = %s",
        [draft.pk],
        table="regulations_regulationversion",
    )

    version_send_back(version=draft, by=secretary, comment="Rett formålet.")
    draft.refresh_from_db()
    sections = [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in draft.sections.all()]
    sections[0].body = "Formålet er å hindre spredning av SARS-CoV-2."
    version_update(
        version=draft,
        by=case_officer,
        expected_revision=draft.revision,
        sections=sections,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
    )
    assert draft.sections.get(number=1).body == "Formålet er å hindre spredning av SARS-CoV-2."


def test_a_draft_section_can_still_be_updated(draft):
    section = draft.sections.get(number=2)
    assert (
        execute(
            "UPDATE regulations_section SET body = 'Forskriften gjelder i hele kommunen.' WHERE id = %s", [section.pk]
        )
        == 1
    )
    assert Section.objects.get(pk=section.pk).body == "Forskriften gjelder i hele kommunen."
    assert execute("DELETE FROM regulations_section WHERE id = %s", [section.pk]) == 1


def test_an_approved_assessments_readings_and_measures_cannot_be_changed(approved_assessment):
    measure = approved_assessment.recommended_measures.get()
    reading = approved_assessment.readings.first()
    refused(
        "UPDATE assessments_recommendedmeasure SET text = 'Ingen skjenkestopp.' WHERE id = %s",
        [measure.pk],
        table="assessments_recommendedmeasure",
    )
    refused(
        "DELETE FROM assessments_recommendedmeasure WHERE id = %s", [measure.pk], table="assessments_recommendedmeasure"
    )
    refused(
        "UPDATE assessments_indicatorreading SET value = 1, level = 1 WHERE id = %s",
        [reading.pk],
        table="assessments_indicatorreading",
    )
    refused(
        "DELETE FROM assessments_indicatorreading WHERE id = %s", [reading.pk], table="assessments_indicatorreading"
    )
    refused(
        'INSERT INTO assessments_recommendedmeasure (assessment_id, "order", measure_type_id, parameters, heading, '
        "text, regulation_chapter, justification, is_advice) VALUES (%s, 9, %s, '{}', 'Nytt', '', '', 'Fordi', false)",
        [approved_assessment.pk, measure.measure_type_id],
        table="assessments_recommendedmeasure",
    )


def test_an_approved_assessments_content_cannot_be_changed(approved_assessment):
    table = "assessments_assessment"
    for assignment in (
        "summary = 'Alt er bra.'",
        "risk_level = 5",
        "level_justification = ''",
        "date = date + 1",
        "status = 'draft'",
        "content_hash = repeat('0', 64)",
        "approved_at = now()",
        "archived_pdf_id = NULL",
    ):
        refused(f"UPDATE {table} SET {assignment} WHERE id = %s", [approved_assessment.pk], table=table)
    refused(f"DELETE FROM {table} WHERE id = %s", [approved_assessment.pk], table=table)


def test_a_dispatched_letters_content_cannot_be_changed(dispatched_letter):
    assert dispatched_letter.status == "dispatched"
    table = "letters_letter"
    for assignment in (
        "body = '<p>Et annet brev.</p>'",
        "title = 'Annen tittel'",
        "letter_date = now()",
        "status = 'approved'",
        "revision = revision + 1",
        "base_pdf_id = NULL",
        "dispatched_at = now()",
    ):
        refused(f"UPDATE {table} SET {assignment} WHERE id = %s", [dispatched_letter.pk], table=table)
    refused(f"DELETE FROM {table} WHERE id = %s", [dispatched_letter.pk], table=table)


def test_a_dispatched_letters_recipients_signatories_and_approvals_cannot_be_changed(dispatched_letter):
    recipient = dispatched_letter.recipients.first()
    refused(
        "UPDATE letters_letterrecipient SET name = 'Noen andre', address = 'Et sted' WHERE id = %s",
        [recipient.pk],
        table="letters_letterrecipient",
    )
    refused(
        'INSERT INTO letters_letterrecipient (letter_id, kind, "order", name, contact_person, address, postal_code, '
        "postal_place, email, channel, dedupe_key) VALUES (%s, 'copy', 9, 'Ekstra', '', '', '', '', '', 'print', 'x')",
        [dispatched_letter.pk],
        table="letters_letterrecipient",
    )
    signatory = dispatched_letter.signatories.first()
    refused(
        "UPDATE letters_lettersignatory SET name = 'En annen' WHERE id = %s",
        [signatory.pk],
        table="letters_lettersignatory",
    )
    refused("DELETE FROM letters_lettersignatory WHERE id = %s", [signatory.pk], table="letters_lettersignatory")
    refused(
        "UPDATE letters_letterapproval SET invalidated_at = now() WHERE letter_id = %s",
        [dispatched_letter.pk],
        table="letters_letterapproval",
    )
    refused(
        "DELETE FROM letters_letterapprover WHERE letter_id = %s",
        [dispatched_letter.pk],
        table="letters_letterapprover",
    )


def test_a_letter_being_dispatched_is_frozen_and_may_only_become_dispatched(approved_letter, archivist):
    from letters import services

    services.letter_dispatch(letter=approved_letter, by=archivist)  # its copies are not made yet
    approved_letter.refresh_from_db()
    assert approved_letter.status == "dispatching"
    table = "letters_letter"
    for assignment in (
        "body = '<p>Et annet brev.</p>'",
        "status = 'approved'",
        "status = 'cancelled'",
        "dispatch_requested_at = NULL",
        "dispatched_at = now()",
    ):
        refused(f"UPDATE {table} SET {assignment} WHERE id = %s", [approved_letter.pk], table=table)
    refused(
        "UPDATE letters_letterrecipient SET name = 'Noen andre' WHERE letter_id = %s",
        [approved_letter.pk],
        table="letters_letterrecipient",
    )
    refused(f"DELETE FROM {table} WHERE id = %s", [approved_letter.pk], table=table)
    assert (
        execute(f"UPDATE {table} SET status = 'dispatched', dispatched_at = now() WHERE id = %s", [approved_letter.pk])
        == 1
    )


def test_an_approved_letter_not_yet_dispatched_can_still_be_edited(approved_letter):
    assert execute("UPDATE letters_letter SET body = '<p>Rettet.</p>' WHERE id = %s", [approved_letter.pk]) == 1
    assert (
        execute(
            "UPDATE letters_letterrecipient SET contact_person = 'Kommuneoverlegen' WHERE letter_id = %s",
            [approved_letter.pk],
        )
        >= 1
    )


def test_the_application_role_cannot_truncate_frozen_documents(adopted, application_role):
    execute("SET CONSTRAINTS ALL IMMEDIATE")  # the fixture's pending foreign key checks would block TRUNCATE
    for table in (
        "regulations_measure",
        "assessments_indicatorreading",
        "assessments_recommendedmeasure",
        "letters_lettersignatory",
        "letters_letterapproval",
    ):
        with pytest.raises(DatabaseError, match=f"TRUNCATE on {table} refused"), transaction.atomic():
            execute(f"TRUNCATE {table}")
    for table in (
        "regulations_regulation",
        "regulations_regulationversion",
        "regulations_section",
        "assessments_assessment",
        "letters_letter",
        "letters_letterrecipient",
        "letters_letterapprover",
    ):
        with pytest.raises(DatabaseError, match=r"TRUNCATE on [a-z_]+ refused"), transaction.atomic():
            execute(f"TRUNCATE {table} CASCADE")  # with the tables that refer to it
    assert adopted.sections.count() == 3


def test_a_temporary_table_cannot_stand_in_for_the_versions(adopted, application_role):
    """pg_temp comes first in the default search path: the triggers' own path puts it last."""
    section = adopted.sections.get(number=3)
    execute("CREATE TEMPORARY TABLE regulations_regulationversion (id bigint, status text, content_hash text)")
    execute("INSERT INTO regulations_regulationversion VALUES (%s, 'draft', '')", [adopted.pk])
    refused(
        "UPDATE regulations_section SET body = 'Skjenking tillatt.' WHERE id = %s",
        [section.pk],
        table="regulations_section",
    )


def test_a_trigger_of_the_application_roles_own_cannot_slip_a_change_past(adopted, application_role):
    """A BEFORE trigger that fires after ours would change the row behind a BEFORE check."""
    execute(
        """
        CREATE FUNCTION pg_temp.backdate() RETURNS trigger AS $$
        BEGIN NEW.valid_from := NEW.valid_from - interval '2 days'; RETURN NEW; END;
        $$ LANGUAGE plpgsql
    """,
        None,
    )
    execute(
        "CREATE TRIGGER zz_backdate BEFORE UPDATE ON regulations_regulationversion "
        "FOR EACH ROW EXECUTE FUNCTION pg_temp.backdate()"
    )
    refused(
        "UPDATE regulations_regulationversion SET pdf_error = '' WHERE id = %s",
        [adopted.pk],
        table="regulations_regulationversion",
    )
