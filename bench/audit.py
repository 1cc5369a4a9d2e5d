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
import time

from _setup import setup_django
from _trail import build

setup_django("audit")

from datetime import timedelta  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

TOTAL = int(os.environ.get("BENCH_AUDIT_EVENTS", "1000000"))
REPEAT = 5


def timed(fn) -> float:
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(label: str, auditor, latest_at) -> dict:
    """The auditor's timeline as the page builds it: `events_for_user` (their organizations)
    plus each filter the form offers, first page and later pages (keyset, 50 per page)."""
    from audit.selectors import Filters, encode_cursor, events_for_user, filter_events, keyset_page

    scoped = events_for_user(auditor)
    first = keyset_page(scoped, size=50)
    # A far page: the cursor of an event 90 % of the way back in the auditor's trail.
    far_event = scoped.order_by("at", "id")[max(scoped.count() // 10, 1)]
    cursor = encode_cursor(far_event.at, far_event.pk)

    def page(**filters):
        return lambda: keyset_page(filter_events(scoped, Filters(**filters)), size=50)

    results = {
        "first page, no filter": timed(lambda: keyset_page(scoped, size=50)),
        "next page after first": timed(lambda: keyset_page(scoped, after=first.next_cursor, size=50)),
        "far page (90 % back)": timed(lambda: keyset_page(scoped, after=cursor, size=50)),
        "kind of event = decision": timed(page(kind="decision")),
        "person": timed(page(actor=11)),
        "kind of object = regulation": timed(page(object_type="regulations.regulation")),
        # Bench data: regulation 10 (seq % 500 == 10) lies in the auditor's organization (seq % 10 == 0).
        "one regulation (its story)": timed(page(object=("regulations.regulation", "10"))),
        "period: one month, a year back": timed(
            page(since=latest_at - timedelta(days=365), until=latest_at - timedelta(days=335))
        ),
        "free text, a common word": timed(page(text="høring")),
        "free text, no match (full scan)": timed(page(text="finnes ikke")),
    }
    print(f"\n{label}:")
    for name, ms in results.items():
        print(f"  {name:<38} {ms:8.2f} ms")
    return results


def main():
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from core.models import Membership, Organization, Role

    orgs = [Organization.objects.create(name=f"Kommune {i}", kind="other").pk for i in range(10)]
    auditor = get_user_model().objects.create(username="bench-revisor")
    Membership.objects.create(user=auditor, organization_id=orgs[0], role=Role.AUDITOR)
    start_at = timezone.now() - timedelta(days=400)
    print(f"Database: {connection.vendor}; {TOTAL:,} events; median of {REPEAT} runs".replace(",", " "))
    from audit.models import AuditEvent, ChainHead

    head = ChainHead.objects.get(pk=1)  # migrations and the organizations above already appended
    seq, prev = build(1000 - AuditEvent.objects.count(), orgs, head.last_seq, head.last_hash, start_at)
    small = measure("1 000 events", auditor, start_at + timedelta(seconds=1000 * 3))
    started = time.perf_counter()
    build(TOTAL - 1000, orgs, seq, prev, start_at)
    print(
        f"\nBuilt {TOTAL:,} events in {time.perf_counter() - started:.0f} s".replace(",", " ")
        + " (bulk insert, bench data only)"
    )
    large = measure(f"{TOTAL:,} events".replace(",", " "), auditor, start_at + timedelta(seconds=TOTAL * 3))
    print("\nRatio large/small (same order of magnitude expected):")
    for name in small:
        print(f"  {name:<38} ×{large[name] / max(small[name], 0.001):.1f}")
    if os.environ.get("BENCH_AUDIT_VERIFY", "1") == "0":
        return
    from audit.verify import verify_chain

    started = time.perf_counter()
    result = verify_chain()
    print(
        f"\naudit_verify over {result.checked:,} events: ".replace(",", " ")
        + f"{time.perf_counter() - started:.1f} s, {'intact' if result.ok else result.problem}"
    )


if __name__ == "__main__":
    main()
