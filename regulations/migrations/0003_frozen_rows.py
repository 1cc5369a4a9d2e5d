"""On PostgreSQL, the database refuses changes to a frozen regulation text.

A version is frozen once it has left the draft (submitted, adopted, rejected, repealed, a
hastevedtak, lapsed; only drafts are editable) or has its content hash (set at adoption and
when a hastevedtak is issued). Then:

- its sections and their measures can be neither changed, deleted nor added to;
- the version row keeps its content and identity (number, kind, regulation, based_on,
  valid_from, created_at, …). What the workflow writes afterwards stays possible, and only
  that: the declared transitions (submitted → draft/adopted/rejected, urgent → adopted/lapsed,
  adopted → repealed); the decision columns with an adoption, a rejection or a confirmation;
  the revision with a send-back (which returns the text to drafting); the content hash with
  the adoption, never changed once set; an earlier end (valid_until, confirmation_deadline)
  when a hastevedtak lapses early; the archived PDF once; pdf_error; created_by emptied when
  that user is deleted. A frozen version is never deleted.
- the regulation's title, short title, legal basis and municipality (in every version's
  content hash) no longer change.

TRUNCATE of these tables is refused to every role but their owner.
"""

from django.db import migrations

from audit.migration_sql import (
    DROP_FROZEN_DOCUMENT_FUNCTIONS_IF_UNUSED,
    FROZEN_DOCUMENT_FUNCTIONS,
    FROZEN_DOCUMENT_SIGNATURES,
    drop_triggers,
    frozen_parts,
    no_truncate,
    pin_search_path,
    run_on_postgresql,
)

VERSION_IS_FROZEN = "v.status <> 'draft' OR v.content_hash <> ''"

CREATE = (*FROZEN_DOCUMENT_FUNCTIONS, """
CREATE OR REPLACE FUNCTION regulations_version_frozen() RETURNS trigger AS $$
DECLARE
    -- Every other column is the version's content or identity.
    later CONSTANT text[] := ARRAY[
        'status', 'revision', 'decision_body', 'meeting_date', 'item_number', 'votes_for',
        'votes_against', 'votes_abstaining', 'decision_text', 'decided_at', 'decided_by_id',
        'content_hash', 'valid_until', 'confirmation_deadline', 'archived_pdf_id', 'pdf_error',
        'created_by_id'];
    step text;
    changed text;
BEGIN
    IF OLD.status = 'draft' AND OLD.content_hash = '' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'a submitted or decided version is kept');
    END IF;
    changed := frozen_document_changed(to_jsonb(OLD), to_jsonb(NEW), later);
    IF changed IS NOT NULL THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: ' || changed);
    END IF;
    step := OLD.status || ' -> ' || NEW.status;
    IF NEW.status <> OLD.status AND step NOT IN (
        'submitted -> draft', 'submitted -> adopted', 'submitted -> rejected',
        'urgent -> adopted', 'urgent -> lapsed', 'adopted -> repealed'
    ) THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'no such transition: ' || step);
    END IF;
    IF NEW.revision <> OLD.revision AND step <> 'submitted -> draft' THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: revision (only a send-back moves it)');
    END IF;
    IF (NEW.decision_body, NEW.meeting_date, NEW.item_number, NEW.votes_for, NEW.votes_against,
        NEW.votes_abstaining, NEW.decision_text, NEW.decided_at, NEW.decided_by_id)
       IS DISTINCT FROM
       (OLD.decision_body, OLD.meeting_date, OLD.item_number, OLD.votes_for, OLD.votes_against,
        OLD.votes_abstaining, OLD.decision_text, OLD.decided_at, OLD.decided_by_id)
       AND step NOT IN ('submitted -> adopted', 'submitted -> rejected', 'urgent -> adopted') THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME,
            'changed: the decision (recorded only by an adoption, a rejection or a confirmation)');
    END IF;
    IF NEW.content_hash <> OLD.content_hash AND NOT (OLD.content_hash = '' AND step = 'submitted -> adopted') THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: content_hash');
    END IF;
    IF NEW.valid_until IS DISTINCT FROM OLD.valid_until AND NOT COALESCE(
        step = 'urgent -> lapsed' AND NEW.valid_until < COALESCE(OLD.valid_until, 'infinity'), false
    ) THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME,
            'changed: valid_until (only a hastevedtak that lapses early ends sooner)');
    END IF;
    IF NEW.confirmation_deadline IS DISTINCT FROM OLD.confirmation_deadline AND NOT COALESCE(
        step = 'urgent -> lapsed' AND NEW.confirmation_deadline < OLD.confirmation_deadline, false
    ) THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME,
            'changed: confirmation_deadline (only a hastevedtak that lapses early ends sooner)');
    END IF;
    IF NEW.archived_pdf_id IS DISTINCT FROM OLD.archived_pdf_id AND OLD.archived_pdf_id IS NOT NULL THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: archived_pdf_id (stored once)');
    END IF;
    IF NEW.created_by_id IS DISTINCT FROM OLD.created_by_id AND NEW.created_by_id IS NOT NULL THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: created_by_id');
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""", """
CREATE TRIGGER regulations_regulationversion_frozen
    AFTER UPDATE OR DELETE ON regulations_regulationversion
    FOR EACH ROW EXECUTE FUNCTION regulations_version_frozen()
""", no_truncate("regulations_regulationversion"), f"""
CREATE OR REPLACE FUNCTION regulations_regulation_frozen() RETURNS trigger AS $$
BEGIN
    IF (NEW.title, NEW.short_title, NEW.legal_basis, NEW.municipality_id)
       IS DISTINCT FROM (OLD.title, OLD.short_title, OLD.legal_basis, OLD.municipality_id)
       AND EXISTS (SELECT 1 FROM regulations_regulationversion v
                   WHERE v.regulation_id = OLD.id AND ({VERSION_IS_FROZEN})) THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME,
            'title, short title, legal basis and municipality are part of its frozen versions');
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""", """
CREATE TRIGGER regulations_regulation_frozen
    AFTER UPDATE ON regulations_regulation
    FOR EACH ROW EXECUTE FUNCTION regulations_regulation_frozen()
""", no_truncate("regulations_regulation"),
    *frozen_parts("regulations_section", f"""
        SELECT {VERSION_IS_FROZEN} FROM regulations_regulationversion v WHERE v.id = ($1).version_id
    """),
    *frozen_parts("regulations_measure", f"""
        SELECT {VERSION_IS_FROZEN} FROM regulations_section s
        JOIN regulations_regulationversion v ON v.id = s.version_id WHERE s.id = ($1).section_id
    """),
)

FUNCTIONS = (*FROZEN_DOCUMENT_SIGNATURES, "regulations_version_frozen()", "regulations_regulation_frozen()")
TABLES = ("regulations_regulation", "regulations_regulationversion", "regulations_section", "regulations_measure")

DROP = (
    *(statement for table in TABLES for statement in drop_triggers(table)),
    "DROP FUNCTION IF EXISTS regulations_version_frozen()",
    "DROP FUNCTION IF EXISTS regulations_regulation_frozen()",
    *DROP_FROZEN_DOCUMENT_FUNCTIONS_IF_UNUSED,
)


def forwards(apps, schema_editor):
    run_on_postgresql(schema_editor, CREATE)
    pin_search_path(schema_editor, FUNCTIONS)


def backwards(apps, schema_editor):
    run_on_postgresql(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("regulations", "0002_measure_catalog"), ("audit", "0005_refuse_truncate")]

    operations = [migrations.RunPython(forwards, backwards)]
