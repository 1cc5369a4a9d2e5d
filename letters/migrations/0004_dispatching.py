"""Dispatch (ekspedering) as a declared state: approved → dispatching → dispatched.

Until now a letter being dispatched was «approved» with `dispatch_requested_at` set. Such
letters move to the new status `dispatching`; who started the dispatch and when stay as
they were.

On PostgreSQL the frozen-letter triggers of letters/0003 decided from `dispatch_requested_at`;
they are made again to decide from the status: a letter is frozen when dispatching or
dispatched, and its row's status may then only go dispatching → dispatched (with
dispatched_at, once). Everything else they refuse stays as it was.
"""

import importlib

import django_fsm
from django.db import migrations

from audit.migration_sql import (
    FROZEN_DOCUMENT_FUNCTIONS,
    FROZEN_DOCUMENT_SIGNATURES,
    frozen_parts,
    no_truncate,
    pin_search_path,
    run_on_postgresql,
)

frozen_rows = importlib.import_module("letters.migrations.0003_frozen_rows")

LETTER_IS_FROZEN = """
    SELECT l.status IN ('dispatching', 'dispatched') FROM letters_letter l
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
    IF OLD.status NOT IN ('dispatching', 'dispatched') THEN
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
    IF NEW.status <> OLD.status AND step <> 'dispatching -> dispatched' THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'no such transition: ' || step);
    END IF;
    IF NEW.dispatched_at IS DISTINCT FROM OLD.dispatched_at
       AND NOT (step = 'dispatching -> dispatched' AND OLD.dispatched_at IS NULL) THEN
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


def _move(apps, *, source: str, target: str) -> None:
    # One UPDATE, no history record: the letters' state is the same, only its name in the
    # database changes. (The migration's model keeps the field's protection: no assignment.)
    Letter = apps.get_model("letters", "Letter")
    Letter.objects.filter(status=source, dispatch_requested_at__isnull=False).update(status=target)


def forwards(apps, schema_editor):
    # The triggers are made again before any letter moves: the old ones refuse approved → dispatching.
    run_on_postgresql(schema_editor, frozen_rows.DROP)
    run_on_postgresql(schema_editor, CREATE)
    pin_search_path(schema_editor, FUNCTIONS)
    _move(apps, source="approved", target="dispatching")


def backwards(apps, schema_editor):
    # Neither the new triggers nor the old ones let a frozen letter go back to «approved».
    run_on_postgresql(schema_editor, frozen_rows.DROP)
    _move(apps, source="dispatching", target="approved")
    frozen_rows.forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("letters", "0003_frozen_rows")]

    operations = [
        migrations.AlterField(
            model_name="historicalletter",
            name="status",
            field=django_fsm.FSMField(choices=[("draft", "Utkast"), ("awaiting_approval", "Til godkjenning"), ("approved", "Godkjent"), ("dispatching", "Ekspederes"), ("dispatched", "Ekspedert"), ("cancelled", "Utgår")], default="draft", max_length=20, protected=True, verbose_name="status"),
        ),
        migrations.AlterField(
            model_name="letter",
            name="status",
            field=django_fsm.FSMField(choices=[("draft", "Utkast"), ("awaiting_approval", "Til godkjenning"), ("approved", "Godkjent"), ("dispatching", "Ekspederes"), ("dispatched", "Ekspedert"), ("cancelled", "Utgår")], default="draft", max_length=20, protected=True, verbose_name="status"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
