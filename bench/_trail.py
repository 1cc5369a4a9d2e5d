"""Bench data for the audit trail: events bulk-inserted with a real hash chain (bench data only;
the application itself always appends through `audit.services.record_event`).

Used by bench/audit.py and bench/pages.py; needs Django set up (bench/_setup.py) first.
"""

from datetime import timedelta

from django.db import transaction

BATCH = 10_000


def build(n_total: int, orgs: list[int], start_seq: int, previous_hash: str, start_at) -> tuple[int, str]:
    """Append `n_total` events after (`start_seq`, `previous_hash`), spread over `orgs`, three
    seconds apart from `start_at`; the chain head is moved to the last one."""
    from audit.models import AuditEvent, ChainHead
    from audit.services import compute_hash

    kinds = ["change"] * 7 + ["decision", "login", "download"]
    seq, prev = start_seq, previous_hash
    remaining = n_total
    while remaining > 0:
        rows = []
        for _ in range(min(BATCH, remaining)):
            seq += 1
            org = orgs[seq % len(orgs)]
            event = AuditEvent(
                seq=seq,
                at=start_at + timedelta(seconds=seq * 3),
                kind=kinds[(seq // len(orgs)) % len(kinds)],
                action="changed",
                actor_id=1 + seq % 40,
                actor_label=f"Bruker {seq % 40}",
                organization_id=org,
                object_type="regulations.section",
                object_id=str(seq % 5000),
                object_repr=f"§ {seq % 12 + 1}",
                subject_type="regulations.regulation",
                subject_id=str(seq % 500),
                subject_repr=f"Forskrift {seq % 500}",
                changes=[{"field": "body", "label": "tekst", "old": "gammel tekst", "new": f"ny tekst {seq}"}],
                comment="Utkastet er lagret." if seq % 3 else "Skjenketid endret etter høring",
                data={},
                previous_hash=prev,
            )
            event.hash = compute_hash(event)
            prev = event.hash
            rows.append(event)
        with transaction.atomic():
            AuditEvent.objects.bulk_create(rows)
        remaining -= len(rows)
    ChainHead.objects.update_or_create(pk=1, defaults={"last_seq": seq, "last_hash": prev})
    return seq, prev
