"""Audit trail benchmark: the timeline's first and a far page at 1,000 and 1,000,000 events.

Builds the table in a throwaway SQLite database (bulk inserts with a real hash chain; bench
data only, the application itself always appends through `audit.services.record_event`),
then times the auditor's filtered timeline (keyset pagination by (at, id)) and `audit_verify`.

    .venv/bin/python bench/audit.py            # 1,000,000 events
    BENCH_AUDIT_EVENTS=200000 .venv/bin/python bench/audit.py
    BENCH_AUDIT_VERIFY=0 ...     # skip timing audit_verify (about 2 minutes per million events)
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="smittevern-bench-audit-")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite3"
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

TOTAL = int(os.environ.get("BENCH_AUDIT_EVENTS", "1000000"))
BATCH = 10_000
REPEAT = 5


def build(n_total: int, orgs: list[int], start_seq: int, previous_hash: str, start_at) -> tuple[int, str]:
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
                seq=seq, at=start_at + timedelta(seconds=seq * 3), kind=kinds[seq % len(kinds)], action="changed",
                actor_id=1 + seq % 40, actor_label=f"Bruker {seq % 40}", organization_id=org,
                object_type="regulations.section", object_id=str(seq % 5000), object_repr=f"§ {seq % 12 + 1}",
                subject_type="regulations.regulation", subject_id=str(seq % 500), subject_repr=f"Forskrift {seq % 500}",
                changes=[{"field": "body", "label": "tekst", "old": "gammel tekst", "new": f"ny tekst {seq}"}],
                comment="Utkastet er lagret." if seq % 3 else "Skjenketid endret etter høring", data={},
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


def timed(fn) -> float:
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(label: str, orgs: list[int]) -> dict:
    from audit.selectors import Filters, filter_events, keyset_page
    from audit.models import AuditEvent

    org = orgs[0]
    scoped = filter_events(AuditEvent.objects.filter(organization_id__in=orgs[:2]), Filters(organization=org))
    first = keyset_page(scoped, size=50)
    # A far page: the cursor of an event 90 % of the way back in the organization's trail.
    far_event = scoped.order_by("at", "id")[max(scoped.count() // 10, 1)]
    from audit.selectors import encode_cursor

    cursor = encode_cursor(far_event)
    results = {
        "first page, org filter": timed(lambda: keyset_page(scoped, size=50)),
        "far page, org filter": timed(lambda: keyset_page(scoped, after=cursor, size=50)),
        "first page, org + kind=decision": timed(
            lambda: keyset_page(filter_events(scoped, Filters(kind="decision")), size=50)),
        "first page, one regulation's story": timed(
            lambda: keyset_page(AuditEvent.objects.filter(subject_type="regulations.regulation", subject_id="7"), size=50)),
        "next page after first": timed(lambda: keyset_page(scoped, after=first.next_cursor, size=50)),
    }
    print(f"\n{label}:")
    for name, ms in results.items():
        print(f"  {name:<38} {ms:8.2f} ms")
    return results


def main():
    call_command("migrate", verbosity=0)
    from core.models import Organization

    orgs = [Organization.objects.create(name=f"Kommune {i}", kind="other").pk for i in range(10)]
    start_at = timezone.now() - timedelta(days=400)
    print(f"Database: {connection.vendor}; {TOTAL:,} events; median of {REPEAT} runs".replace(",", " "))
    from audit.models import AuditEvent, ChainHead

    head = ChainHead.objects.get(pk=1)  # migrations and the organizations above already appended
    seq, prev = build(1000 - AuditEvent.objects.count(), orgs, head.last_seq, head.last_hash, start_at)
    small = measure("1 000 events", orgs)
    started = time.perf_counter()
    build(TOTAL - 1000, orgs, seq, prev, start_at)
    print(f"\nBuilt {TOTAL:,} events in {time.perf_counter() - started:.0f} s".replace(",", " ") + " (bulk insert, bench data only)")
    large = measure(f"{TOTAL:,} events".replace(",", " "), orgs)
    print("\nRatio large/small (same order of magnitude expected):")
    for name in small:
        print(f"  {name:<38} ×{large[name] / max(small[name], 0.001):.1f}")
    if os.environ.get("BENCH_AUDIT_VERIFY", "1") == "0":
        return
    from audit.verify import verify_chain

    started = time.perf_counter()
    result = verify_chain()
    print(f"\naudit_verify over {result.checked:,} events: ".replace(",", " ")
          + f"{time.perf_counter() - started:.1f} s, {'intact' if result.ok else result.problem}")


if __name__ == "__main__":
    main()
