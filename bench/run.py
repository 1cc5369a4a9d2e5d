"""Benchmarks (`make bench`): prints figures; ratios are measured within one run.

1. Archival PDF of the Harstad regulation (3 pages): warm render time, and memory growth
   per render with one shared FontConfiguration (what core/pdf.py does) versus a new one
   per render.
2. The regulation list page with 50 and with 500 regulations: SQL queries and time.
"""

import os
import statistics
import time

from _setup import rss_mb, setup_django

setup_django("regulations")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RENDERS = int(os.environ.get("BENCH_RENDERS", "40"))


def bench_pdf():
    from weasyprint.text.fonts import FontConfiguration

    import core.pdf
    from regulations.models import RegulationVersion
    from regulations.pdf import render_version_pdf

    version = RegulationVersion.objects.get(regulation__title="Forskrift om smitteverntiltak i Harstad kommune")
    render_version_pdf(version)  # warm-up: templates, fonts, caches

    def run(fresh_font_config: bool):
        shared = core.pdf._FONT_CONFIG
        times = []
        start_rss = rss_mb()
        try:
            for _ in range(RENDERS):
                if fresh_font_config:
                    core.pdf._FONT_CONFIG = FontConfiguration()
                t0 = time.perf_counter()
                render_version_pdf(version)
                times.append(time.perf_counter() - t0)
        finally:
            core.pdf._FONT_CONFIG = shared
        return statistics.median(times), (rss_mb() - start_rss) / RENDERS

    fresh_time, fresh_growth = run(True)
    shared_time, shared_growth = run(False)
    print(f"PDF (Harstad regulation, 3 pages), {RENDERS} warm renders each:")
    print(
        f"  shared FontConfiguration : median {shared_time * 1000:6.1f} ms/render, RSS growth {shared_growth:5.2f} MB/render"
    )
    print(
        f"  new FontConfiguration    : median {fresh_time * 1000:6.1f} ms/render, RSS growth {fresh_growth:5.2f} MB/render"
    )


def bench_list():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model

    from core.models import Organization
    from regulations.services import SectionInput, regulation_create, version_adopt, version_submit

    oslo = ZoneInfo("Europe/Oslo")
    harstad = Organization.objects.get(municipality_number="5402")
    officer = get_user_model().objects.get(username="saksbehandler")
    secretary = get_user_model().objects.get(username="sekretar")
    client = Client()
    client.force_login(officer)

    def add(n):
        for i in range(n):
            v = regulation_create(
                municipality=harstad,
                title=f"Bench-forskrift {i}",
                by=officer,
                valid_from=datetime(2021, 3, 3, 14, tzinfo=oslo),
                valid_until=datetime(2021, 3, 17, 14, tzinfo=oslo),
                sections=[
                    SectionInput(number=1, heading="Formål", body="Tekst."),
                    SectionInput(number=2, heading="Tiltak", body="Tekst."),
                ],
            )
            if i % 2 == 0:
                version_submit(version=v, by=officer)
                version_adopt(version=v, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3))

    def measure(url):
        client.get(url)
        times = []
        for _ in range(10):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                assert client.get(url).status_code == 200
                times.append(time.perf_counter() - t0)
        return len(ctx.captured_queries), statistics.median(times)

    print("Regulation list page (first page of 25):")
    urls = {"list": "/regulations/", "in force on 2021-03-05": "/regulations/?in_force_on=2021-03-05"}
    add(48)
    small = {name: measure(url) for name, url in urls.items()}
    add(450)
    large = {name: measure(url) for name, url in urls.items()}
    for name in urls:
        (q1, t1), (q2, t2) = small[name], large[name]
        print(
            f"  {name:24s}: 50 regs {q1:3d} queries {t1 * 1000:6.1f} ms | 500 regs {q2:3d} queries {t2 * 1000:6.1f} ms | time ratio {t2 / t1:4.2f}"
        )


def main():
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", verbosity=0, stdout=quiet)
    bench_pdf()
    bench_list()


if __name__ == "__main__":
    main()
