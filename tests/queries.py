"""What the database does with a query, for tests that a page's query stays cheap at scale."""

from django.db import connection, transaction


def sorts_every_row(qs) -> bool:
    """Whether the database sorts the rows of `qs` itself rather than reading them in order
    from an index. On PostgreSQL the plan is asked for as for a large table (a few test
    rows would be read and sorted whatever the indexes)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_sort = off")
        plan = qs.explain()
    if connection.vendor == "postgresql":
        nodes = (line.strip().removeprefix("->").strip() for line in plan.splitlines())
        return any(node.startswith(("Sort", "Incremental Sort")) for node in nodes)
    return "TEMP B-TREE FOR ORDER BY" in plan
