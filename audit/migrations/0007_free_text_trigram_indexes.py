"""The timeline's free-text filter through trigram indexes on PostgreSQL.

The filter (audit.selectors.filter_events) is a case-insensitive substring match on the
comment, the object's and the document's name: Django writes it as
UPPER(column::text) LIKE UPPER('%word%'). A trigram GIN index on exactly that expression
(pg_trgm, a trusted extension the database owner may create) answers it without reading
every event of the organization; full-text search would change what matches (whole words,
stemmed), so it is not used. SQLite keeps scanning.

The indexes are built CONCURRENTLY (outside a transaction), so that appending to the trail
is not blocked while a million events are indexed; a build that failed halfway is dropped
and made again.
"""

from django.db import migrations

from audit.migration_sql import run_on_postgresql

COLUMNS = {
    "audit_comment_trgm": "comment",
    "audit_object_repr_trgm": "object_repr",
    "audit_subject_repr_trgm": "subject_repr",
}


def forwards(apps, schema_editor):
    run_on_postgresql(schema_editor, ["CREATE EXTENSION IF NOT EXISTS pg_trgm"])
    for name, column in COLUMNS.items():
        run_on_postgresql(
            schema_editor,
            [
                f"DROP INDEX CONCURRENTLY IF EXISTS {name}",
                f"CREATE INDEX CONCURRENTLY {name} ON audit_auditevent USING gin (UPPER({column}::text) gin_trgm_ops)",
            ],
        )


def backwards(apps, schema_editor):
    # The extension stays: other objects may have come to use it.
    run_on_postgresql(schema_editor, [f"DROP INDEX CONCURRENTLY IF EXISTS {name}" for name in COLUMNS])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("audit", "0006_drop_unhashed_recorded_at"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
