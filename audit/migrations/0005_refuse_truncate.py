"""On PostgreSQL, only the owner of the audit tables may TRUNCATE them.

The row-level triggers of 0002 and 0003 do not fire on TRUNCATE, and a role granted ALL on
the tables holds the TRUNCATE privilege: it could empty the trail in one statement. A
statement-level trigger now refuses TRUNCATE to every role that does not have the table
owner's privileges. The owner stays exempt: it can drop any trigger anyway, and the test
runner flushes test databases with TRUNCATE as the owner.

The chain head's forward-only check becomes an AFTER trigger, so that it judges the row as
finally written: ALL also grants the TRIGGER privilege, and a BEFORE trigger of the
intruder's own, firing after ours, could otherwise rewind the head of a no-op UPDATE.
"""

from django.db import migrations

from audit.migration_sql import run_on_postgresql

# Only pg_catalog is read, with the search path pinned: a temporary table called pg_class
# (pg_temp is searched first by default) must not answer the ownership question.
CREATE = ("""
CREATE OR REPLACE FUNCTION refuse_truncate_unless_owner() RETURNS trigger AS $$
BEGIN
    IF NOT pg_catalog.pg_has_role(
        current_user, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), 'USAGE'
    ) THEN
        RAISE EXCEPTION 'TRUNCATE on % refused: only the owner of the table may truncate it', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
""", """
CREATE TRIGGER audit_auditevent_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate_unless_owner()
""", """
CREATE TRIGGER audit_chainhead_no_truncate
    BEFORE TRUNCATE ON audit_chainhead
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate_unless_owner()
""",
    "DROP TRIGGER audit_chainhead_forward_only ON audit_chainhead",
    """
CREATE TRIGGER audit_chainhead_forward_only
    AFTER UPDATE OR DELETE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_chainhead_forward_only()
""")

DROP = (
    "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_truncate ON audit_chainhead",
    "DROP FUNCTION IF EXISTS refuse_truncate_unless_owner()",
    "DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON audit_chainhead",
    """
CREATE TRIGGER audit_chainhead_forward_only
    BEFORE UPDATE OR DELETE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_chainhead_forward_only()
""",
)


def forwards(apps, schema_editor):
    run_on_postgresql(schema_editor, CREATE)


def backwards(apps, schema_editor):
    run_on_postgresql(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_anchor_archived_documents")]

    operations = [migrations.RunPython(forwards, backwards)]
