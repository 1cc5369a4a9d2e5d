"""The audit tables against a database role that was granted ALL on them but owns nothing.

This is the application role of a careless production set-up (README, "Production"):
it may read and write every row, and also TRUNCATE and create triggers. Only the tables'
owner (the role that runs the migrations) may truncate them or switch their triggers off.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent, ChainHead
from audit.services import record_event

pytestmark = pytest.mark.postgres_only


def refused(sql, params=(), match="refused"):
    """Run `sql` in its own savepoint and assert that the database refuses it."""
    with pytest.raises(DatabaseError, match=match), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


@pytest.fixture
def trail(adopted):
    """An adopted regulation's events, written before the session takes the application role."""
    return AuditEvent.objects.count()


def test_the_application_role_cannot_truncate_the_audit_events(trail, application_role):
    assert current_user() == application_role
    refused("TRUNCATE audit_auditevent", match="TRUNCATE on audit_auditevent refused")
    refused("TRUNCATE audit_auditevent, audit_chainhead", match="TRUNCATE on audit_")
    assert AuditEvent.objects.count() == trail


def test_the_application_role_cannot_truncate_the_chain_head(trail, application_role):
    head = ChainHead.objects.get()
    refused("TRUNCATE audit_chainhead", match="TRUNCATE on audit_chainhead refused")
    assert ChainHead.objects.get().last_hash == head.last_hash


@pytest.mark.parametrize(
    ("table", "which"),
    [
        ("audit_auditevent", "ALL"),
        ("audit_auditevent", "USER"),
        ("audit_auditevent", "audit_auditevent_append_only"),
        ("audit_auditevent", "audit_auditevent_no_truncate"),
        ("audit_chainhead", "ALL"),
        ("audit_chainhead", "USER"),
        ("audit_chainhead", "audit_chainhead_forward_only"),
        ("audit_chainhead", "audit_chainhead_no_truncate"),
    ],
)
def test_the_application_role_cannot_switch_the_triggers_off(trail, application_role, table, which):
    refused(f"ALTER TABLE {table} DISABLE TRIGGER {which}", match="must be owner")


def test_the_application_role_cannot_drop_the_triggers(trail, application_role):
    refused("DROP TRIGGER audit_auditevent_append_only ON audit_auditevent", match="must be owner")
    refused("DROP TRIGGER audit_auditevent_no_truncate ON audit_auditevent", match="must be owner")
    refused("DROP FUNCTION refuse_truncate_unless_owner() CASCADE", match="must be owner")


def test_the_application_role_cannot_turn_triggers_off_for_its_session(trail, application_role):
    # Replica mode skips ordinary triggers; setting it takes a superuser.
    refused("SET session_replication_role = replica", match="permission denied")


def test_the_application_role_cannot_update_or_delete_audit_events(trail, application_role):
    event = AuditEvent.objects.order_by("seq").first()
    refused("UPDATE audit_auditevent SET comment = 'x' WHERE id = %s", [event.pk], match="append-only")
    refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk], match="append-only")
    refused("DELETE FROM audit_auditevent", match="append-only")
    assert AuditEvent.objects.get(pk=event.pk).comment == event.comment
    assert AuditEvent.objects.count() == trail


def test_the_application_role_cannot_rewind_or_delete_the_chain_head(trail, application_role):
    refused("UPDATE audit_chainhead SET last_seq = last_seq - 1", match="only moves forward")
    refused("UPDATE audit_chainhead SET last_hash = 'x'", match="only moves forward")
    refused("DELETE FROM audit_chainhead", match="only moves forward")


def test_a_trigger_added_by_the_application_role_cannot_rewind_the_chain_head(trail, application_role):
    """ALL includes the TRIGGER privilege; a function in the session's own temporary schema
    needs no other. Its BEFORE trigger fires after the forward-only check's name in order,
    so the check must look at the row as written (an AFTER trigger)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION pg_temp.rewind() RETURNS trigger AS $$
            BEGIN NEW.last_seq := 0; NEW.last_hash := ''; RETURN NEW; END;
            $$ LANGUAGE plpgsql
        """,
            None,
        )
        cursor.execute(
            "CREATE TRIGGER zz_rewind BEFORE UPDATE ON audit_chainhead FOR EACH ROW EXECUTE FUNCTION pg_temp.rewind()"
        )
    refused("UPDATE audit_chainhead SET last_seq = last_seq", match="only moves forward")
    assert ChainHead.objects.get().last_seq == AuditEvent.objects.order_by("-seq").first().seq


def test_the_application_role_can_still_append_to_the_trail(trail, application_role):
    event = record_event(kind="login", action="login", comment="som applikasjonens rolle")
    head = ChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (event.seq, event.hash)
    assert AuditEvent.objects.count() == trail + 1


def test_the_owner_may_still_truncate_the_audit_tables(trail):
    """The test runner flushes databases with TRUNCATE as the owner (every transactional
    test of the suite depends on it); here inside a savepoint that is rolled back."""
    if connection.vendor != "postgresql":
        pytest.skip("the TRUNCATE trigger exists on PostgreSQL only")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditevent, audit_chainhead")
        assert not AuditEvent.objects.exists() and not ChainHead.objects.exists()
        transaction.set_rollback(True)
    assert AuditEvent.objects.count() == trail
