"""PostgreSQL-only SQL for the audit migrations (triggers); a no-op on other databases."""


def run_on_postgresql(schema_editor, statements) -> None:
    """Run `statements` as written: no parameters, so a '%' in PL/pgSQL is not a placeholder."""
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement, params=None)
