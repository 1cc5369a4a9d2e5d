"""On PostgreSQL, the database refuses changes to a letter whose dispatch has begun.

A letter is frozen from the moment its dispatch (ekspedering) starts (dispatch_requested_at
set) and when dispatched: every copy is made from that content. Then:

- its signatories, recipients, approval chain and approvals can be neither changed, deleted
  nor added to;
- the letter row keeps its content (title, body, closing, date, references, people, case
  and number, revision, who started the dispatch and when, …). What the dispatch writes
  afterwards stays possible, and only that: approved → dispatched with dispatched_at, once;
  the shared render and the filed copy (base_pdf, journal_pdf), each once; pdf_error;
  created_by emptied when that user is deleted. A frozen letter is never deleted.

The deliveries (one per recipient, written while the copies are made and sent) are not
content and stay writable. TRUNCATE of these tables is refused to every role but their owner.
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

LETTER_IS_FROZEN = """
    SELECT l.dispatch_requested_at IS NOT NULL OR l.status = 'dispatched' FROM letters_letter l
    WHERE l.id = ($1).letter_id
"""

CREATE = (*FROZEN_DOCUMENT_FUNCTIONS, """
CREATE OR REPLACE FUNCTION letters_letter_frozen() RETURNS trigger AS $$
DECLARE
    -- Every other column is the letter's content or identity.
    later CONSTANT text[] := ARRAY[
        'status', 'dispatched_at', 'base_pdf_id', 'journal_pdf_id', 'pdf_error', 'created_by_id'];
    step text;
    changed text;
BEGIN
    IF OLD.dispatch_requested_at IS NULL AND OLD.status <> 'dispatched' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'a dispatched letter is kept');
    END IF;
    changed := frozen_document_changed(to_jsonb(OLD), to_jsonb(NEW), later);
    IF changed IS NOT NULL THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: ' || changed);
    END IF;
    step := OLD.status || ' -> ' || NEW.status;
    IF NEW.status <> OLD.status AND step <> 'approved -> dispatched' THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'no such transition: ' || step);
    END IF;
    IF NEW.dispatched_at IS DISTINCT FROM OLD.dispatched_at
       AND NOT (step = 'approved -> dispatched' AND OLD.dispatched_at IS NULL) THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: dispatched_at');
    END IF;
    IF NEW.base_pdf_id IS DISTINCT FROM OLD.base_pdf_id AND OLD.base_pdf_id IS NOT NULL THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: base_pdf_id (stored once)');
    END IF;
    IF NEW.journal_pdf_id IS DISTINCT FROM OLD.journal_pdf_id AND OLD.journal_pdf_id IS NOT NULL THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: journal_pdf_id (stored once)');
    END IF;
    IF NEW.created_by_id IS DISTINCT FROM OLD.created_by_id AND NEW.created_by_id IS NOT NULL THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: created_by_id');
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""", """
CREATE TRIGGER letters_letter_frozen
    AFTER UPDATE OR DELETE ON letters_letter
    FOR EACH ROW EXECUTE FUNCTION letters_letter_frozen()
""", no_truncate("letters_letter"),
    *frozen_parts("letters_lettersignatory", LETTER_IS_FROZEN),
    *frozen_parts("letters_letterrecipient", LETTER_IS_FROZEN),
    *frozen_parts("letters_letterapprover", LETTER_IS_FROZEN),
    *frozen_parts("letters_letterapproval", LETTER_IS_FROZEN),
)

FUNCTIONS = (*FROZEN_DOCUMENT_SIGNATURES, "letters_letter_frozen()")
TABLES = ("letters_letter", "letters_lettersignatory", "letters_letterrecipient", "letters_letterapprover",
          "letters_letterapproval")

DROP = (
    *(statement for table in TABLES for statement in drop_triggers(table)),
    "DROP FUNCTION IF EXISTS letters_letter_frozen()",
    *DROP_FROZEN_DOCUMENT_FUNCTIONS_IF_UNUSED,
)


def forwards(apps, schema_editor):
    run_on_postgresql(schema_editor, CREATE)
    pin_search_path(schema_editor, FUNCTIONS)


def backwards(apps, schema_editor):
    run_on_postgresql(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_journal_pdf"), ("audit", "0005_refuse_truncate")]

    operations = [migrations.RunPython(forwards, backwards)]
