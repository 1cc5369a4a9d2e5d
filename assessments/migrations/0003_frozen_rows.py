"""On PostgreSQL, the database refuses changes to a frozen risk assessment.

An assessment is frozen once it has left the draft (in review, approved, superseded; only
drafts are editable) or has its content hash (set at approval). Then:

- its indicator readings and recommended measures can be neither changed, deleted nor added to;
- the assessment row keeps its content (the template's sections, levels, justification,
  date and week, municipality, author, …). What the workflow writes afterwards stays
  possible, and only that: the declared transitions (in review → draft/approved, approved →
  superseded); the revision with a send-back; approved_at, approved_by and the content hash
  with the approval, never changed once set; superseded_by with the supersession; the
  regulation adopted on its basis, the archived PDF, each once; pdf_error. A frozen
  assessment is never deleted.

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

ASSESSMENT_IS_FROZEN = """
    SELECT a.status <> 'draft' OR a.content_hash <> '' FROM assessments_assessment a WHERE a.id = ($1).assessment_id
"""

CREATE = (*FROZEN_DOCUMENT_FUNCTIONS, """
CREATE OR REPLACE FUNCTION assessments_assessment_frozen() RETURNS trigger AS $$
DECLARE
    -- Every other column is the assessment's content or identity.
    later CONSTANT text[] := ARRAY[
        'status', 'revision', 'approved_at', 'approved_by_id', 'content_hash', 'superseded_by_id',
        'regulation_id', 'archived_pdf_id', 'pdf_error'];
    step text;
    changed text;
BEGIN
    IF OLD.status = 'draft' AND OLD.content_hash = '' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'a submitted or approved assessment is kept');
    END IF;
    changed := frozen_document_changed(to_jsonb(OLD), to_jsonb(NEW), later);
    IF changed IS NOT NULL THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: ' || changed);
    END IF;
    step := OLD.status || ' -> ' || NEW.status;
    IF NEW.status <> OLD.status
       AND step NOT IN ('in_review -> draft', 'in_review -> approved', 'approved -> superseded') THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'no such transition: ' || step);
    END IF;
    IF NEW.revision <> OLD.revision AND step <> 'in_review -> draft' THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: revision (only a send-back moves it)');
    END IF;
    IF (NEW.approved_at, NEW.approved_by_id, NEW.content_hash)
       IS DISTINCT FROM (OLD.approved_at, OLD.approved_by_id, OLD.content_hash)
       AND NOT (step = 'in_review -> approved' AND OLD.content_hash = '') THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME,
            'changed: the approval (recorded only by the approval itself)');
    END IF;
    IF NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id
       AND NOT (step = 'approved -> superseded' AND OLD.superseded_by_id IS NULL) THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: superseded_by_id');
    END IF;
    IF NEW.regulation_id IS DISTINCT FROM OLD.regulation_id AND OLD.regulation_id IS NOT NULL THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: regulation_id (linked once)');
    END IF;
    IF NEW.archived_pdf_id IS DISTINCT FROM OLD.archived_pdf_id AND OLD.archived_pdf_id IS NOT NULL THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'changed: archived_pdf_id (stored once)');
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""", """
CREATE TRIGGER assessments_assessment_frozen
    AFTER UPDATE OR DELETE ON assessments_assessment
    FOR EACH ROW EXECUTE FUNCTION assessments_assessment_frozen()
""", no_truncate("assessments_assessment"),
    *frozen_parts("assessments_indicatorreading", ASSESSMENT_IS_FROZEN),
    *frozen_parts("assessments_recommendedmeasure", ASSESSMENT_IS_FROZEN),
)

FUNCTIONS = (*FROZEN_DOCUMENT_SIGNATURES, "assessments_assessment_frozen()")
TABLES = ("assessments_assessment", "assessments_indicatorreading", "assessments_recommendedmeasure")

DROP = (
    *(statement for table in TABLES for statement in drop_triggers(table)),
    "DROP FUNCTION IF EXISTS assessments_assessment_frozen()",
    *DROP_FROZEN_DOCUMENT_FUNCTIONS_IF_UNUSED,
)


def forwards(apps, schema_editor):
    run_on_postgresql(schema_editor, CREATE)
    pin_search_path(schema_editor, FUNCTIONS)


def backwards(apps, schema_editor):
    run_on_postgresql(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_default_threshold_tables"), ("audit", "0005_refuse_truncate")]

    operations = [migrations.RunPython(forwards, backwards)]
