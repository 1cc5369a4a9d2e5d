"""Frozen PDFs stored before the audit trail existed get their "archived" event now.

`audit_verify` checks every archived document against the SHA-256 the chain recorded when
it was stored; documents from before this release (adopted regulations, approved
assessments) are recorded here once, at their own storing time, as appended links of the
chain (appending is what the append-only triggers allow).
"""

from django.db import migrations

REASON = "Registrert i revisjonssporet ved innføringen av det (dokumentet var lagret fra før)"


def anchor(apps, schema_editor):
    from audit.services import compute_hash

    ArchivedDocument = apps.get_model("core", "ArchivedDocument")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    anchored = set(AuditEvent.objects.filter(object_type="core.archiveddocument", action="archived")
                   .values_list("object_id", flat=True))
    missing = ArchivedDocument.objects.exclude(pk__in=[int(pk) for pk in anchored if pk.isdigit()]).defer("content")
    if not missing.exists():
        return
    head, _created = ChainHead.objects.get_or_create(pk=1)
    for document in missing.order_by("pk").iterator(chunk_size=500):
        label = f"{document.filename} ({document.sha256[:12]})"[:300]
        event = AuditEvent(
            seq=head.last_seq + 1, at=document.created_at, kind="change",
            action="archived", actor_id=None, actor_label="", organization_id=None,
            object_type="core.archiveddocument", object_id=str(document.pk), object_repr=label,
            subject_type="core.archiveddocument", subject_id=str(document.pk), subject_repr=label,
            changes=[], comment=REASON,
            data={"sha256": document.sha256, "filename": document.filename, "pdf_variant": document.pdf_variant},
            previous_hash=head.last_hash,
        )
        event.hash = compute_hash(event)
        event.save()
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_type_indexes_chain_head_trigger"), ("core", "0001_initial")]

    operations = [migrations.RunPython(anchor, migrations.RunPython.noop)]
