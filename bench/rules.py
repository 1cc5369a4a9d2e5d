"""Benchmark: the rules in force in all 356 municipalities at one instant (`python bench/rules.py`,
part of `make bench`).

Builds a national layer, the three regional levels (level B on 12 municipalities, A and C on
a few more) and local regulations in 60 municipalities, typed measures throughout, then
prints, measured in the same run: `effective_rules_all` for every municipality of the
register, and `effective_rules` for one, with the SQL queries each makes (they must not grow
with the number of municipalities). Target: all 356 in at most 1 s. Then the open data's bulk
exports (CSV and JSON) of all of them through their views. Target: each in at most 2 s.
"""

import random
import statistics
import time

from _setup import setup_django

setup_django("rules")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = 5
AT = (2021, 5, 15, 18, 0)

NATIONAL = [
    ("cap", {"settings": ["private_homes"], "max_people": 10, "not_counted": ["household"]}),
    ("cap", {"settings": ["events"], "where": "indoors", "max_people": 10}),
    ("cap", {"settings": ["events"], "where": "indoors", "fixed_seats": True, "max_people": 100}),
    ("cap", {"settings": ["events"], "where": "outdoors", "max_people": 200}),
    ("distance", {"metres": 1}),
    ("registration", {"settings": ["restaurants"], "retention_days": 14}),
    ("traffic_light", {"stages": ["kindergarten", "primary", "lower_secondary", "upper_secondary"], "level": "yellow"}),
    ("quarantine", {"kind": "entry", "days": 10, "test_required": True}),
]
LEVEL = [
    (
        "closure",
        {"settings": ["gyms"], "exceptions": [{"code": "rehabilitation"}, {"code": "individual_by_appointment"}]},
    ),
    ("closure", {"settings": ["pools"], "exceptions": [{"code": "school_swimming"}, {"code": "rehabilitation"}]}),
    ("closure", {"settings": ["amusement", "museums", "culture_venues"]}),
    ("closure", {"settings": ["leisure_venues"], "where": "indoors"}),
    (
        "closure",
        {
            "settings": ["events"],
            "exceptions": [
                {"code": "funerals", "max_people": 50},
                {"code": "religious_ceremonies", "max_people": 20},
                {"code": "digital_events", "max_people": 5},
            ],
        },
    ),
    ("alcohol_ban", {"licence_chapters": [4, 5]}),
    ("home_office", {"scope": "where_practicable"}),
    ("closure", {"settings": ["higher_education"], "exceptions": [{"code": "small_group_teaching", "max_people": 10}]}),
    (
        "face_mask",
        {
            "settings": ["shops", "restaurants", "religious_venues", "public_transport", "taxis"],
            "only_below_distance_m": 1,
            "includes_staff": True,
            "exempt_under_age": 12,
        },
    ),
]
LOCAL = [
    ("cap", {"settings": ["private_homes"], "max_people": 5, "not_counted": ["household"]}),
    ("cap", {"settings": ["events"], "max_people": 20, "exceptions": [{"code": "funerals", "max_people": 50}]}),
    ("cap", {"settings": ["gyms"], "max_people": 30}),
    ("alcohol_ban", {"from_time": "22:00"}),
    ("face_mask", {"settings": ["shops", "public_transport"], "only_below_distance_m": 1, "exempt_under_age": 12}),
    ("closing_time", {"settings": ["restaurants"], "closes_at": "23:00"}),
    ("traffic_light", {"stages": ["upper_secondary"], "level": "red"}),
    ("distance", {"metres": 2}),
]


def build():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from cases.models import Case
    from core.models import Organization, OrganizationKind
    from measures import schema
    from measures.models import MeasureType
    from register.models import Municipality
    from regulations.models import Layer, LevelPlacement, Measure, Regulation, RegulationVersion, Section

    oslo = ZoneInfo("Europe/Oslo")
    types = {t.code: t for t in MeasureType.objects.all()}
    numbers = list(Municipality.objects.order_by("number").values_list("number", flat=True))
    random.seed(7)
    ministry = Organization.objects.create(name="Helse- og omsorgsdepartementet", kind=OrganizationKind.MINISTRY)
    case_numbers = iter(range(1, 100_000))

    def regulation(issuer, measures, *, layer=Layer.LOCAL, level="", placements=()):
        case = Case.objects.create(organization=issuer, year=2021, number=next(case_numbers), title="Sak")
        reg = Regulation.objects.create(
            municipality=issuer, case=case, title=f"Forskrift {issuer.name} {level}", layer=layer, level=level
        )
        version = RegulationVersion.objects.create(
            regulation=reg, number=1, valid_from=datetime(2021, 1, 1, tzinfo=oslo), valid_until=None
        )
        for n, (code, params) in enumerate(measures, start=1):
            section = Section.objects.create(version=version, number=n, heading=f"§ {n}", body="Tekst.")
            Measure.objects.create(
                section=section, measure_type=types[code], parameters=schema.dump(schema.validate(code, params))
            )
        for number in placements:
            LevelPlacement.objects.create(
                version=version,
                municipality_number=number,
                valid_from=datetime(2021, 5, 6, tzinfo=oslo),
                valid_until=datetime(2021, 5, 21, 23, 59, tzinfo=oslo),
            )
        RegulationVersion.objects.filter(pk=version.pk).update(status="adopted")

    regulation(ministry, NATIONAL, layer=Layer.NATIONAL)
    placed = random.sample(numbers, 30)
    regulation(ministry, LEVEL, layer=Layer.REGIONAL, level="A", placements=placed[:6])
    regulation(ministry, LEVEL, layer=Layer.REGIONAL, level="B", placements=placed[6:18])
    regulation(ministry, LEVEL[:6], layer=Layer.REGIONAL, level="C", placements=placed[18:])
    for municipality in Municipality.objects.filter(number__in=random.sample(numbers, 60)):
        org = Organization.objects.create(
            name=f"{municipality.name} kommune",
            kind=OrganizationKind.MUNICIPALITY,
            municipality_number=municipality.number,
        )
        regulation(org, random.sample(LOCAL, 5))


def timed(fn):
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    with CaptureQueriesContext(connection) as queries:
        fn()
    return statistics.median(times), len(queries), result


def main():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from register.selectors import municipality_get
    from register.services import municipalities_load
    from rules.selectors import effective_rules, effective_rules_all

    call_command("migrate", verbosity=0)
    municipalities_load()
    build()
    at = datetime(*AT, tzinfo=ZoneInfo("Europe/Oslo"))
    baerum = municipality_get("3024")
    all_time, all_queries, answers = timed(lambda: effective_rules_all(at=at))
    one_time, one_queries, _ = timed(lambda: effective_rules(municipality=baerum, at=at))
    rules = sum(a.rules_count for a in answers.values())
    print(f"Rules in force at 15 May 2021 18:00, median of {RUNS} runs:")
    print(f"  all {len(answers)} municipalities : {all_time * 1000:7.1f} ms, {all_queries} SQL queries, {rules} rules")
    print(f"  one municipality (3024) : {one_time * 1000:7.1f} ms, {one_queries} SQL queries")
    print(f"  ratio all / one         : {all_time / one_time:7.1f}×  (target: all in at most 1000 ms)")
    bulk_export(at, all_time)
    public_page()


def bulk_export(at, resolve_time):
    """The open data's bulk exports of every municipality (GET /api/rules/export.csv|json),
    through the whole view, beside the resolve time. Target: each in at most 2 s."""
    import warnings

    from django.test import Client

    warnings.filterwarnings("ignore", "No directory at")  # WhiteNoise: no collectstatic here
    client = Client()
    when = at.isoformat()
    print(
        f"Bulk export (open data) at the same instant, median of {RUNS} runs, resolving: {resolve_time * 1000:.1f} ms"
    )
    for name in ("csv", "json"):
        took, queries, response = timed(lambda n=name: client.get(f"/api/rules/export.{n}", {"at": when}))
        assert response.status_code == 200, response.content[:200]
        size = len(response.content) / 1e6
        print(
            f"  export.{name:<4}             : {took * 1000:7.1f} ms, {queries} SQL queries, {size:.1f} MB (target: 2000 ms)"
        )


def bare(request):
    """The floor: a Django view that does nothing, through the same middleware."""
    from django.http import HttpResponse

    return HttpResponse("ok")


def public_page(requests: int = 200):
    """The public page for one municipality (/regler/3024/?at=…) beside a bare view, both through
    the whole middleware stack with django.test.Client, interleaved so that noise hits both.
    Target: the page's p95 at most 3 × the bare view's. The page is kept in the cache while
    nothing is decided (core.page_cache); the first request after a decision makes it anew, and
    that figure is printed too (the cache emptied before each such request)."""
    import sys
    import warnings

    from django.core.cache import cache
    from django.test import Client, override_settings
    from django.urls import include, path

    warnings.filterwarnings("ignore", "No directory at")
    module = sys.modules[__name__]
    module.urlpatterns = [path("bench-bare/", bare), path("", include("config.urls"))]
    client = Client()
    page_url = "/regler/3024/?at=2021-05-15T18:00"
    with override_settings(ROOT_URLCONF=__name__):
        for _ in range(10):
            assert client.get(page_url).status_code == 200 and client.get("/bench-bare/").status_code == 200
        page, floor, anew = [], [], []
        for _ in range(requests):
            t0 = time.perf_counter()
            client.get(page_url)
            page.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            client.get("/bench-bare/")
            floor.append(time.perf_counter() - t0)
        for _ in range(max(20, requests // 10)):
            cache.clear()
            t0 = time.perf_counter()
            client.get(page_url)
            anew.append(time.perf_counter() - t0)

    def p(values, q):
        return statistics.quantiles(values, n=100)[q - 1] * 1000

    print(f"Public page /regler/3024/ at 15 May 2021 18:00, {requests} requests each, interleaved:")
    print(f"  public page             : p50 {p(page, 50):6.1f} ms, p95 {p(page, 95):6.1f} ms")
    print(f"  bare Django view        : p50 {p(floor, 50):6.1f} ms, p95 {p(floor, 95):6.1f} ms")
    print(f"  made anew (not kept)    : p50 {p(anew, 50):6.1f} ms, p95 {p(anew, 95):6.1f} ms")
    print(f"  ratio p95 page / bare   : {p(page, 95) / p(floor, 95):6.1f}×  (target: at most 3×)")


if __name__ == "__main__":
    main()
