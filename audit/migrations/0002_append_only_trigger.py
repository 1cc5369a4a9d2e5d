"""On PostgreSQL, the database itself refuses UPDATE and DELETE on audit events.

Row-level triggers, so TRUNCATE (used only when a test database is flushed) still works.
On SQLite this migration does nothing; there the application's refusal and `audit_verify`
remain.
"""

from django.db import migrations

from audit.migration_sql import run_on_postgresql

CREATE = ("""
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
""", """
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
""")

DROP = (
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
)


def forwards(apps, schema_editor):
    run_on_postgresql(schema_editor, CREATE)


def backwards(apps, schema_editor):
    run_on_postgresql(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
