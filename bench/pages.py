"""Every page and API at national scale (`make bench-pages`): p50, p95, the ratio to a view that
renders only base.html, and SQL queries, at demo scale and at national scale, in one run.

    make bench-pages                                   # PostgreSQL, national scale
    BENCH_SCALE=0.1 .venv/bin/python bench/pages.py    # SQLite, a tenth of it
    BENCH_PAGES='^api/regulations/$' make bench-pages  # only the routes matching a regex
    BENCH_PROFILE=25 ...                               # also where the time goes (cProfile)
    BENCH_PROFILE=5 BENCH_DUMP=/tmp ...                # and each profiled page saved as HTML

The data set (bench data: bulk inserts, with a real hash chain for the audit trail): the 356
municipalities of the register, each an organization with its staff; 10,002 regulations with
about 105,000 sections, one of them edited 120 times through the services; 2,005 assessments;
2,001 letters from the directorate with about 50,000 recipients, one of them to all 356
municipalities, dispatched; a million audit events. It is first built at 1/50 of that and
measured, then filled up to the full size and measured again.

The pages are those of the URLconf that declare a GET in their access rule (core/access.py,
the same declarations the access matrix test walks), each opened by a user of the object's
own organization whom the rule lets in. Downloads (PDF, CSV, XML, Atom) are left out: their
figures are in bench/run.py, bench/letters.py and bench/rules.py.

Targets (issue "Fast at national scale"): every page p95 at most 5 × the base.html view,
none above 10 ×; SQL queries the same at both sizes.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import re
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from _setup import ROOT, setup_django
from _trail import build as build_trail

setup_django("pages")

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path  # noqa: E402

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
OSLO = ZoneInfo("Europe/Oslo")
FULL = {"regulations": 10_002, "sections_per": 10, "assessments": 2_005, "letters": 2_001, "events": 1_000_000}
RECIPIENTS_PER_LETTER = 25
SAMPLES = int(os.environ.get("BENCH_PAGE_SAMPLES", "30"))
SECONDS_PER_PAGE = float(os.environ.get("BENCH_PAGE_SECONDS", "20"))
# Only the pages whose route matches this regular expression (all when unset), e.g.
# BENCH_PAGES='^api/regulations/$|^regulations/versions/' to time one change quickly.
ONLY = re.compile(os.environ.get("BENCH_PAGES", ""))
ROLE_ORDER = [
    "case_officer",
    "medical_officer",
    "committee_secretary",
    "records_officer",
    "approver",
    "auditor",
    "admin",
    "committee_member",
]
DOWNLOAD = re.compile(r"(pdf|csv|xml|json|atom|download|preview)/?$")


class World:
    """What is built so far, and the objects the pages are opened on."""

    def __init__(self):
        self.orgs: list = []
        self.users: dict[tuple[int, str], object] = {}
        self.directorate = None
        self.counts = dict.fromkeys(FULL, 0)
        self.objects: dict[str, dict] = {}
        self.case_numbers: dict[int, int] = {}


# ---------------------------------------------------------------- building


def _people(world: World):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from core.models import Membership, Organization
    from register.services import municipalities_load

    municipalities_load()
    from register.models import Municipality

    places = list(Municipality.objects.order_by("number"))
    Organization.objects.bulk_create(
        [
            Organization(name=f"{m.name} kommune", kind="municipality", municipality_number=m.number, population=10_000)
            for m in places
        ]
    )
    world.directorate = Organization.objects.create(name="Helsedirektoratet", kind="directorate")
    world.orgs = list(Organization.objects.filter(kind="municipality").order_by("municipality_number"))
    password = make_password("bench")
    User = get_user_model()
    users = [
        User(username=f"{role}-{org.pk}", password=password, first_name="Bench", last_name=role)
        for org in [*world.orgs, world.directorate]
        for role in ROLE_ORDER
    ]
    User.objects.bulk_create(users, batch_size=2000)
    by_name = {u.username: u for u in User.objects.filter(username__contains="-")}
    memberships = []
    for org in [*world.orgs, world.directorate]:
        for role in ROLE_ORDER:
            user = by_name[f"{role}-{org.pk}"]
            world.users[(org.pk, role)] = user
            memberships.append(Membership(user=user, organization=org, role=role))
    Membership.objects.bulk_create(memberships, batch_size=5000)


def _cases(world: World, org, n: int) -> list:
    from cases.models import Case

    start = world.case_numbers.get(org.pk, 0)
    world.case_numbers[org.pk] = start + n
    return [
        Case(organization=org, year=21, number=start + i + 1, title=f"Smittevern {start + i + 1}") for i in range(n)
    ]


def _regulations(world: World, n: int):
    from cases.models import Case
    from regulations.models import Regulation, RegulationVersion, Section

    start = world.counts["regulations"]
    per_org: dict[int, int] = {}
    for i in range(start, start + n):
        org = world.orgs[i % len(world.orgs)]
        per_org[org.pk] = per_org.get(org.pk, 0) + 1
    orgs = {o.pk: o for o in world.orgs}
    cases = Case.objects.bulk_create([c for pk, k in per_org.items() for c in _cases(world, orgs[pk], k)], 5000)
    regulations = Regulation.objects.bulk_create(
        [
            Regulation(municipality_id=case.organization_id, case=case, title=f"Forskrift om smitteverntiltak {i}")
            for i, case in enumerate(cases, start)
        ],
        batch_size=5000,
    )
    base = datetime(2021, 1, 4, 12, tzinfo=OSLO)
    versions = RegulationVersion.objects.bulk_create(
        [
            RegulationVersion(
                regulation=r,
                number=1,
                valid_from=base + timedelta(days=i % 300),
                valid_until=base + timedelta(days=i % 300 + 14),
            )
            for i, r in enumerate(regulations)
        ],
        batch_size=5000,
    )
    body = "Tiltaket gjelder i hele kommunen. " * 12
    Section.objects.bulk_create(
        [
            Section(version=v, number=k + 1, heading=f"§ {k + 1} Tiltak", body=body)
            for v in versions
            for k in range(FULL["sections_per"] + (v.pk % 3) - 1)
        ],
        batch_size=10_000,
    )
    # Decided in one write while unfrozen (the PostgreSQL triggers refuse changes to frozen rows).
    adopted = [v.pk for v in versions if v.pk % 5]
    RegulationVersion.objects.filter(pk__in=adopted).update(
        status="adopted", decision_body="formannskap", meeting_date=date(2021, 1, 4), decided_at=base
    )
    world.counts["regulations"] += n


def _assessments(world: World, n: int):
    from assessments.models import Assessment
    from regulations.models import Regulation

    start = world.counts["assessments"]
    # An assessment backs at most one regulation (one-to-one): each gets one not yet taken.
    taken = set(Assessment.objects.exclude(regulation=None).values_list("regulation_id", flat=True))
    free: dict[int, list[int]] = {}
    for org_id, pk in Regulation.objects.values_list("municipality_id", "pk").order_by("-pk"):
        if pk not in taken:
            free.setdefault(org_id, []).append(pk)
    rows = []
    for i in range(start, start + n):
        org = world.orgs[i % len(world.orgs)]
        day = date(2021, 1, 4) + timedelta(days=(i // len(world.orgs)) * 7 % 300)
        iso = day.isocalendar()
        rows.append(
            Assessment(
                municipality=org,
                author=world.users[(org.pk, "medical_officer")],
                date=day,
                iso_year=iso[0],
                iso_week=iso[1],
                status="approved" if i % 4 else "draft",
                summary="Smittesituasjonen er stabil. " * 20,
                risk_level=1 + i % 4,
                regulation_id=free[org.pk].pop() if i % 2 and free.get(org.pk) else None,
                approved_at=datetime(2021, 2, 1, tzinfo=OSLO) if i % 4 else None,
            )
        )
    Assessment.objects.bulk_create(rows, batch_size=5000)
    world.counts["assessments"] += n


def _letters(world: World, n: int):
    from core.models import ArchivedDocument
    from letters.models import Letter, LetterDelivery, LetterRecipient

    start = world.counts["letters"]
    sender = world.directorate
    officer = world.users[(sender.pk, "case_officer")]
    from cases.models import Case

    cases = Case.objects.bulk_create(_cases(world, sender, n), 5000)
    letters = Letter.objects.bulk_create(
        [
            Letter(
                case=case,
                document_number=1,
                sender=sender,
                case_officer=officer,
                letter_date=datetime(2021, 1, 4, 12, tzinfo=OSLO) + timedelta(days=i % 300),
                title=f"Råd om smitteverntiltak {i}",
                body="<p>Helsedirektoratet viser til situasjonen.</p>" * 10,
                status="approved",
            )
            for i, case in enumerate(cases, start)
        ],
        batch_size=2000,
    )
    everyone = start == 0
    recipients = []
    for index, letter in enumerate(letters):
        many = len(world.orgs) if everyone and index == 0 else RECIPIENTS_PER_LETTER
        for k in range(many):
            org = world.orgs[(index + k) % len(world.orgs)] if many != len(world.orgs) else world.orgs[k]
            recipients.append(
                LetterRecipient(
                    letter=letter,
                    order=k + 1,
                    organization=org,
                    name=org.name,
                    email=f"postmottak@{org.municipality_number}.kommune.no",
                    channel="email",
                    dedupe_key=f"org:{org.pk}",
                )
            )
    recipients = LetterRecipient.objects.bulk_create(recipients, batch_size=10_000)
    # Each copy is its own archived PDF (a few bytes here: the pages must never read them).
    contents = [b"%%PDF-1.7 bench copy %d" % r.pk for r in recipients]
    documents = ArchivedDocument.objects.bulk_create(
        [
            ArchivedDocument(content=c, sha256=hashlib.sha256(c).hexdigest(), filename=f"kopi-{r.pk}.pdf")
            for c, r in zip(contents, recipients, strict=True)
        ],
        batch_size=10_000,
    )
    LetterDelivery.objects.bulk_create(
        [
            LetterDelivery(letter_id=r.letter_id, recipient=r, channel="email", status="sent", document=d)
            for r, d in zip(recipients, documents, strict=True)
        ],
        batch_size=10_000,
    )
    at = datetime(2021, 2, 1, tzinfo=OSLO)
    Letter.objects.filter(pk__in=[letter.pk for letter in letters]).update(
        status="dispatched", dispatched_at=at, dispatched_by=officer, dispatch_requested_at=at
    )
    if everyone:
        world.objects["dispatched_letter"] = {"pk": letters[0].pk}
        world.objects["case_letter"] = {"pk": letters[0].case_id}
    world.counts["letters"] += n


def _much_edited(world: World):
    """One regulation edited 120 times through the services: its history and story are long."""
    from regulations.models import RegulationVersion
    from regulations.services import regulation_create, version_update
    from regulations.services.drafting import SectionInput

    org = world.orgs[0]
    officer = world.users[(org.pk, "case_officer")]
    version = regulation_create(
        municipality=org,
        by=officer,
        title="Forskrift om smitteverntiltak, mye endret",
        valid_from=datetime(2021, 3, 1, 12, tzinfo=OSLO),
        valid_until=datetime(2021, 3, 15, 12, tzinfo=OSLO),
    )
    for k in range(120):
        version.refresh_from_db()
        existing = {s.number: s.pk for s in version.sections.all()}
        sections = [
            SectionInput(
                number=j + 1, heading=f"§ {j + 1} Tiltak", body=f"Tekst {k} for paragraf {j}.", id=existing.get(j + 1)
            )
            for j in range(6)
        ]
        version_update(
            version=version,
            by=officer,
            expected_revision=version.revision,
            sections=sections,
            valid_from=version.valid_from,
            valid_until=version.valid_until,
            reason=f"Endring {k}",
        )
    world.objects["regulation"] = {"pk": version.regulation_id}
    world.objects["draft_version"] = {"pk": version.pk}
    adopted = RegulationVersion.objects.filter(regulation__municipality=org, status="adopted").order_by("pk").first()
    world.objects["adopted_version"] = {"pk": adopted.pk}


def _trail(world: World, n: int):
    from audit.models import ChainHead

    head = ChainHead.objects.get(pk=1)
    start = datetime(2021, 1, 1, tzinfo=OSLO)
    build_trail(n, [o.pk for o in world.orgs[:50]], head.last_seq, head.last_hash, start)
    world.counts["events"] += n


def grow(world: World, fraction: float):
    """Add rows until the data set is `fraction` of the full size."""
    started = time.perf_counter()
    for name, step in (
        ("regulations", _regulations),
        ("assessments", _assessments),
        ("letters", _letters),
        ("events", _trail),
    ):
        target = max(1, round(FULL[name] * fraction))
        if target > world.counts[name]:
            with transaction.atomic():
                step(world, target - world.counts[name])
    if "assessment" not in world.objects:
        from assessments.models import Assessment

        first = Assessment.objects.filter(municipality=world.orgs[0]).order_by("pk").first()
        world.objects["assessment"] = {"pk": first.pk}
    return time.perf_counter() - started


# ---------------------------------------------------------------- measuring


def pages(world: World) -> list[tuple[str, str, object]]:
    """(label, url, user) for every GET page whose object the bench data has."""

    from core.access import OK, rule_for, url_patterns
    from letters.models import Letter
    from regulations.models import Regulation

    owners = {
        "regulation": Regulation.objects.get(pk=world.objects["regulation"]["pk"]).municipality_id,
        "draft_version": world.orgs[0].pk,
        "adopted_version": world.orgs[0].pk,
        "assessment": world.orgs[0].pk,
        "dispatched_letter": Letter.objects.get(pk=world.objects["dispatched_letter"]["pk"]).sender_id,
        "case_letter": world.directorate.pk,
    }
    found = []
    for route, pattern in url_patterns():
        rule = rule_for(pattern.callback)
        if rule is None or rule.method != "GET" or DOWNLOAD.search(route) or route.startswith(("admin/", "accounts/")):
            continue
        if rule.obj is not None and rule.obj not in world.objects:
            continue
        if not ONLY.search(route):
            continue
        kwargs = {**dict(rule.kwargs), **world.objects.get(rule.obj or "", {})}
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if any(kwargs.get(name) is None for name in names):
            continue
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, values=kwargs: str(values[m.group(1)]), route)
        org = owners.get(rule.obj or "", world.orgs[0].pk)
        role = next((r for r in ROLE_ORDER if rule.expected(role=r, own=True) == OK), None)
        if role is None:
            continue
        found.append((route or "(oversikten)", url, world.users[(org, role)]))
        if route == "audit/":
            # The free-text filter at a million events (issue: through an index on PostgreSQL):
            # a word a third of the bench events' comments hold, and one that none does.
            for word, what in (("høring", "a common word"), ("finnesikke", "no match")):
                found.append((f"audit/?q= ({what})", f"{url}?q={word}", world.users[(org, role)]))
    return found


def base_only(request):
    from django.shortcuts import render

    return render(request, "base.html")


def _p(values, q):
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else values[0] * 1000


FLOOR: list[float] = []  # every base.html sample of the last measure(), for its figures


def measure(world: World) -> dict[str, tuple[float, float, float, int, int]]:
    """label → (p50 ms, p95 ms, ratio p95 to base.html, SQL queries, size in KB)."""
    import gc

    # What the data set's building left in memory (a server worker holds none of it) is moved
    # out of the collector's generations, as config/wsgi.py does with what a worker builds at
    # start: otherwise a full collection over it lands in some requests' time.
    gc.collect()
    gc.freeze()
    FLOOR.clear()
    results = {}
    clients: dict[int, Client] = {}
    for label, url, user in pages(world):
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client()
            client.force_login(user)
        first = client.get(url)
        if first.status_code != 200 or not first.get("Content-Type", "").startswith(("text/html", "application/json")):
            print(f"  (left out: {label} answered {first.status_code} {first.get('Content-Type', '')})")
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        sql = len(queries)  # now: the captured list is a view of a log the next request empties
        page, floor = [], []
        deadline = time.perf_counter() + SECONDS_PER_PAGE
        while len(page) < SAMPLES and (len(page) < 3 or time.perf_counter() < deadline):
            t0 = time.perf_counter()
            client.get(url)
            page.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            client.get("/bench-base/")
            floor.append(time.perf_counter() - t0)
        FLOOR.extend(floor)
        results[label] = (
            _p(page, 50),
            _p(page, 95),
            _p(page, 95) / _p(floor, 95),
            sql,
            len(response.content) // 1024,
        )
    return results


def profile(world: World, top: int):
    """Where each page's time goes at the large size, over five requests (cProfile), to find
    what to make faster: the `top` functions by their own time, then the project's own
    functions by the time spent in them and what they call."""
    import cProfile
    import pstats

    for label, url, user in pages(world):
        client = Client()
        client.force_login(user)
        client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            client.get(url)
        profiler.disable()
        if os.environ.get("BENCH_DUMP"):  # the page as served, to look at what it holds
            dump = pathlib.Path(os.environ["BENCH_DUMP"]) / (re.sub(r"\W+", "_", label).strip("_") + ".html")
            dump.write_bytes(client.get(url).content)
        print(f"\nWhere the time of {label} goes (five requests):")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(re.escape(str(ROOT)) + r"/(?!\.venv)", top)
        # And its slowest queries (the database's time, seen from here; the best of three).
        best: dict[str, float] = {}
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            for query in queries.captured_queries:
                best[query["sql"]] = min(best.get(query["sql"], 1e9), float(query["time"]) * 1000)
        print(f"Its slowest queries (ms, of {len(best)}):")
        for sql, ms in sorted(best.items(), key=lambda item: -item[1])[:5]:
            print(f"  {ms:6.2f}  {sql[:600]}")


def _counts(world: World) -> str:
    return ", ".join(f"{world.counts[k]:,} {k}".replace(",", " ") for k in FULL if k != "sections_per")


def main():
    module = sys.modules[__name__]
    module.urlpatterns = [path("bench-base/", base_only), path("", include("config.urls"))]
    call_command("migrate", verbosity=0)
    world = World()
    _people(world)
    small_fraction = float(os.environ.get("BENCH_SMALL", "0.02"))
    with override_settings(ROOT_URLCONF=__name__):
        took = grow(world, small_fraction * SCALE)
        _much_edited(world)
        print(f"Database: {connection.vendor}; built {_counts(world)} in {took:.0f} s")
        small = measure(world)
        took = grow(world, SCALE)
        print(f"Built up to {_counts(world)} in {took:.0f} s")
        large = measure(world)
        if os.environ.get("BENCH_PROFILE"):
            profile(world, int(os.environ["BENCH_PROFILE"]))
    if not large:
        print(f"\nNo page's route matches BENCH_PAGES={ONLY.pattern!r}.")
        return
    print(f"\nEvery page at two sizes (p50/p95 in ms; × = p95 ÷ p95 of a view rendering base.html; {SAMPLES} samples):")
    print(f"  {'page':<58} {'p50':>7} {'p95':>7} {'×':>6} {'SQL small→large':>16} {'KB':>6}")
    worst = 0.0
    for label, (p50, p95, ratio, queries, size) in large.items():
        before = small.get(label, (0, 0, 0, "?", 0))[3]
        worst = max(worst, ratio)
        mark = "  !" if ratio > 5 or before != queries else ""
        print(f"  {label:<58} {p50:7.1f} {p95:7.1f} {ratio:6.1f} {before!s:>7} → {queries:<6} {size:6d}{mark}")
    over = [label for label, values in large.items() if values[2] > 5]
    grew = [label for label in large if label in small and small[label][3] != large[label][3]]
    print(
        f"\n  the base.html view, all its samples interleaved with the pages': p50 {_p(FLOOR, 50):.1f} ms, p95 {_p(FLOOR, 95):.1f} ms"
    )
    print(f"\n  pages above 5 × base.html: {len(over)} of {len(large)}; worst {worst:.1f} × (target: none above 5 ×)")
    print(f"  pages whose SQL queries grow with the data: {len(grew)} of {len(large)} (target: none)")


if __name__ == "__main__":
    main()
