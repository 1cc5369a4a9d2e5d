"""Tamper evidence: the hash chain, audit_verify, append-only behaviour, frozen documents."""

import io
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.models import AppendOnlyError, AuditEvent, ChainHead
from audit.services import compute_hash, record_event


def verify() -> str:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def raw(sql, params=()):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")


def test_each_event_links_to_the_previous_one(adopted):
    chain = list(AuditEvent.objects.order_by("seq"))
    assert chain[0].previous_hash == "" and chain[0].seq == 1
    for before, after in itertools.pairwise(chain):
        assert after.previous_hash == before.hash and after.seq == before.seq + 1
        assert after.hash == compute_hash(after)
    head = ChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (chain[-1].seq, chain[-1].hash)


def test_audit_verify_passes_on_an_intact_trail_and_checks_archived_pdfs(adopted):
    output = verify()
    assert "intakt" in output and "Arkiverte dokumenter stemmer: 1 kontrollert" in output


def test_audit_verify_names_the_first_altered_event(adopted):
    victim = AuditEvent.objects.get(kind="decision", action="adopt")
    raw("UPDATE audit_auditevent SET comment = %s WHERE id = %s", ["Formannskapet avviste forskriften.", victim.pk])
    with pytest.raises(CommandError, match=rf"#{victim.seq} \(id {victim.pk}\) er endret"):
        verify()


def test_audit_verify_notices_an_event_deleted_from_the_middle(adopted):
    victim = AuditEvent.objects.get(kind="decision", action="submit")
    raw("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    with pytest.raises(CommandError, match=rf"nr\. {victim.seq} mangler"):
        verify()


def test_audit_verify_notices_events_deleted_from_the_end(adopted):
    last = AuditEvent.objects.order_by("-seq").first()
    raw("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match="fjernet fra slutten"):
        verify()


def test_audit_verify_notices_a_rehashed_forgery(adopted):
    """Recomputing a forged event's own hash does not help: the next event's link breaks."""
    victim = AuditEvent.objects.get(kind="decision", action="adopt")
    victim.comment = "Forfalsket"
    forged = compute_hash(victim)
    raw("UPDATE audit_auditevent SET comment = %s, hash = %s WHERE id = %s", ["Forfalsket", forged, victim.pk])
    with pytest.raises(CommandError, match=rf"#{victim.seq + 1} .*peker ikke"):
        verify()


def test_audit_verify_fails_when_an_archived_pdf_was_altered(adopted):
    from core.models import ArchivedDocument

    adopted.refresh_from_db()
    document = adopted.archived_pdf
    ArchivedDocument.objects.filter(pk=document.pk).update(content=b"%PDF-1.7 forfalsket")
    with pytest.raises(CommandError, match="stemmer ikke med lagret SHA-256"):
        verify()


def test_the_application_cannot_change_or_delete_events(adopted):
    event = AuditEvent.objects.first()
    event.comment = "x"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(comment="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_canonical_content_is_stable_and_in_utc(adopted):
    from audit.services import canonical_content

    event = AuditEvent.objects.get(kind="decision", action="adopt")
    text = canonical_content(event)
    assert text == canonical_content(AuditEvent.objects.get(pk=event.pk))
    assert '"at":"' in text and 'Z"' in text and text.index('"action"') < text.index('"actor_id"')


def test_the_admin_is_read_only(admin_client, adopted):
    event = AuditEvent.objects.first()
    assert admin_client.get("/admin/audit/auditevent/").status_code == 200
    assert admin_client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
    assert admin_client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.postgres_only
def test_postgresql_refuses_update_and_delete_on_audit_events(adopted):
    from django.db import DatabaseError, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    event = AuditEvent.objects.first()
    for sql in (
        "UPDATE audit_auditevent SET comment = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])


def test_concurrent_appends_never_fork_the_chain(transactional_db):
    """Writers in several threads: every event gets its own number and links to the one before."""
    import threading

    from django.db import connections

    errors = []

    def write(n):
        try:
            for i in range(5):
                record_event(kind="download", action="download", data={"writer": n, "i": i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert AuditEvent.objects.count() == 20
    assert "intakt" in verify()


@pytest.mark.postgres_only
def test_postgresql_refuses_rewinding_or_deleting_the_chain_head(adopted):
    from django.db import DatabaseError, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the chain head trigger exists on PostgreSQL only")
    for sql in (
        "UPDATE audit_chainhead SET last_seq = last_seq - 1",
        "UPDATE audit_chainhead SET last_hash = 'x'",
        "DELETE FROM audit_chainhead",
    ):
        with (
            pytest.raises(DatabaseError, match="only moves forward"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    record_event(kind="download", action="download")  # appending still moves it forward
    assert "intakt" in verify()


def test_audit_verify_fails_when_the_chain_head_is_missing(adopted):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_chainhead DISABLE TRIGGER audit_chainhead_forward_only")
        cursor.execute("DELETE FROM audit_chainhead")
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_chainhead ENABLE TRIGGER audit_chainhead_forward_only")
    with pytest.raises(CommandError, match="Kjedehodet mangler"):
        verify()


def test_events_appended_during_the_walk_are_not_taken_for_damage(adopted, monkeypatch):
    """The head is read before the walk: an event written meanwhile is left for the next run."""
    import audit.verify

    appended = []

    def hash_and_meanwhile_append(event):
        if not appended:
            appended.append(record_event(kind="login", action="login"))  # someone signs in mid-walk
        return compute_hash(event)

    monkeypatch.setattr(audit.verify, "compute_hash", hash_and_meanwhile_append)
    assert "intakt" in verify()
    assert appended and appended[0].seq == AuditEvent.objects.order_by("-seq").first().seq


def test_audit_verify_notices_a_pdf_rewritten_together_with_its_stored_hash(adopted):
    import hashlib

    from core.models import ArchivedDocument

    adopted.refresh_from_db()
    document = ArchivedDocument.objects.get(pk=adopted.archived_pdf_id)
    forged = bytes(document.content) + b"\n% a page swapped in afterwards\n"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_archiveddocument SET content = %s, sha256 = %s WHERE id = %s",
            [forged, hashlib.sha256(forged).hexdigest(), document.pk],
        )
    with pytest.raises(CommandError, match="en annen enn den revisjonssporet registrerte"):
        verify()


def test_a_head_hash_kept_outside_the_database_exposes_a_recomputed_chain(adopted):
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    anchor = out.getvalue().split("hash ")[1].split()[0]
    assert len(anchor) == 64
    call_command("audit_verify", expect_head=[anchor], stdout=io.StringIO())

    # Someone with database access rewrites the last event and recomputes its hash and the head.
    last = AuditEvent.objects.order_by("-seq").first()
    last.comment = "skrevet om"
    new_hash = compute_hash(last)
    raw("UPDATE audit_auditevent SET comment = %s, hash = %s WHERE id = %s", [last.comment, new_hash, last.pk])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_chainhead DISABLE TRIGGER audit_chainhead_forward_only")
        cursor.execute("UPDATE audit_chainhead SET last_hash = %s", [new_hash])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_chainhead ENABLE TRIGGER audit_chainhead_forward_only")
    assert "intakt" in verify()  # internally consistent again …
    with pytest.raises(CommandError, match="finnes ikke i kjeden"):
        call_command("audit_verify", expect_head=[anchor], stdout=io.StringIO())  # … but not what it was


def test_pdfs_stored_before_the_trail_existed_are_anchored_by_the_migration(db):
    import hashlib
    import importlib

    from django.apps import apps

    from core.models import ArchivedDocument

    content = b"%PDF-1.7 vedtatt i 2021"
    # As stored by the release before the audit trail: no event (bulk_create sends no signal).
    ArchivedDocument.objects.bulk_create(
        [ArchivedDocument(content=content, sha256=hashlib.sha256(content).hexdigest(), filename="forskrift-1-v1.pdf")]
    )
    with pytest.raises(CommandError, match="ikke registrert i revisjonssporet"):
        verify()

    importlib.import_module("audit.migrations.0004_anchor_archived_documents").anchor(apps, None)
    output = verify()
    assert "intakt" in output and "Arkiverte dokumenter stemmer: 1 kontrollert" in output
    importlib.import_module("audit.migrations.0004_anchor_archived_documents").anchor(apps, None)
    assert AuditEvent.objects.filter(action="archived").count() == 1  # once only
