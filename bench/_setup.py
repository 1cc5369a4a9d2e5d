"""The shared start of the benchmark scripts: test settings, a throwaway database, Django set up.

    from _setup import rss_mb, setup_django
    setup_django("letters")

The database is a new SQLite file unless BENCH_DATABASE_URL names another (PostgreSQL);
Celery tasks run in process.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(name: str) -> None:
    # The project's apps come before this folder (bench/letters.py is not the letters app).
    sys.path.insert(0, str(ROOT))
    workdir = tempfile.mkdtemp(prefix=f"smittevern-bench-{name}-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()


def rss_mb() -> float:
    """This process's resident memory in MB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
