"""PostgreSQL-only SQL for the migrations' triggers (the audit trail's, the frozen documents');
a no-op on other databases."""


def run_on_postgresql(schema_editor, statements) -> None:
    """Run `statements` as written: no parameters, so a '%' in PL/pgSQL is not a placeholder."""
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement, params=None)


def pin_search_path(schema_editor, functions) -> None:
    """Make `functions` (signatures, e.g. "f()") look names up in pg_catalog, then the schema
    being migrated, and temporary objects last.

    By default a session's temporary schema is searched first, so a role that may create
    temporary tables could shadow a table a trigger reads with one of its own.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
    run_on_postgresql(
        schema_editor,
        [
            f"ALTER FUNCTION {function} SET search_path = pg_catalog, {schema_editor.quote_name(schema)}, pg_temp"
            for function in functions
        ],
    )


# The frozen-document triggers of regulations, assessments and letters share these. Each of
# those apps' migrations creates them (the same text each time) before its own triggers; they
# are dropped with the last triggers that use them.
FROZEN_DOCUMENT_FUNCTIONS = (
    """
CREATE OR REPLACE FUNCTION frozen_document_refuse(operation text, table_name text, detail text)
RETURNS void AS $$
BEGIN
    RAISE EXCEPTION 'frozen document: % on % refused', operation, table_name
        USING ERRCODE = 'insufficient_privilege', DETAIL = detail;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE OR REPLACE FUNCTION frozen_document_changed(old_row jsonb, new_row jsonb, allowed text[])
RETURNS text AS $$
    SELECT string_agg(n.key, ', ' ORDER BY n.key)
    FROM jsonb_each(new_row - allowed) AS n
    WHERE n.value IS DISTINCT FROM old_row -> n.key
$$ LANGUAGE sql IMMUTABLE
""",
    """
CREATE OR REPLACE FUNCTION frozen_document_part_guard() RETURNS trigger AS $$
DECLARE
    frozen boolean;
BEGIN
    -- TG_ARGV[0]: a query giving one boolean, whether the document the row $1 belongs to is frozen.
    IF TG_OP <> 'INSERT' THEN
        EXECUTE TG_ARGV[0] INTO frozen USING OLD;
        IF frozen THEN
            PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'the row is part of a frozen document');
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE TG_ARGV[0] INTO frozen USING NEW;
        IF frozen THEN
            PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME, 'the row would become part of a frozen document');
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
)

FROZEN_DOCUMENT_SIGNATURES = (
    "frozen_document_refuse(text, text, text)",
    "frozen_document_changed(jsonb, jsonb, text[])",
    "frozen_document_part_guard()",
)

DROP_FROZEN_DOCUMENT_FUNCTIONS_IF_UNUSED = (
    """
DO $$
BEGIN
    DROP FUNCTION IF EXISTS frozen_document_part_guard();
    DROP FUNCTION IF EXISTS frozen_document_changed(jsonb, jsonb, text[]);
    DROP FUNCTION IF EXISTS frozen_document_refuse(text, text, text);
EXCEPTION WHEN dependent_objects_still_exist THEN
    NULL;  -- another app's frozen-document triggers still use them
END;
$$
""",
)


def frozen_parts(table: str, frozen_when: str) -> tuple[str, ...]:
    """Triggers refusing INSERT, UPDATE and DELETE of `table`'s rows that belong to a frozen
    document, and TRUNCATE to all but the table's owner.

    `frozen_when` is a query on the row, `$1`, giving one boolean. The check runs after the
    row is written (AFTER), so that a trigger added by someone else cannot change the row
    behind it.
    """
    argument = frozen_when.replace("'", "''")
    return (
        f"""
CREATE TRIGGER {table}_frozen
    AFTER INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION frozen_document_part_guard('{argument}')
""",
        no_truncate(table),
    )


def no_truncate(table: str) -> str:
    """A trigger refusing TRUNCATE of `table` to every role but its owner (audit/0005's function)."""
    return f"""
CREATE TRIGGER {table}_no_truncate
    BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate_unless_owner()
"""


def drop_triggers(table: str) -> tuple[str, ...]:
    """Drop what `frozen_parts` (or a document's own `{table}_frozen` trigger and `no_truncate`) made."""
    return (
        f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    )
