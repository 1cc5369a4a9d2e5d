import os

import pytest
from django.db import connection


@pytest.fixture
def application_role(db):
    """The test session acting as a role that does not own the tables but was granted ALL on
    them (the worst case of a careless production set-up); yields the role's name.

    The role lives only inside the test's transaction and is dropped at the end; the
    statements a test expects to be refused each need their own savepoint
    (`transaction.atomic()`), which leaves the role in place when rolled back.
    """
    if connection.vendor != "postgresql":
        pytest.skip("roles and privileges: PostgreSQL only")
    name = f"smittevern_app_test_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {name}")
        cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {name}")
        cursor.execute(f"SET ROLE {name}")
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
            cursor.execute(f"DROP OWNED BY {name} CASCADE")  # with triggers on its functions
            cursor.execute(f"DROP ROLE {name}")
