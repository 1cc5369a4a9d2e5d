"""`make bench-load`: 50 signed-in users for 60 s against the production set-up on loopback.

Run inside scripts/with-postgres.sh (DATABASE_URL names a throwaway PostgreSQL server). This
script starts a private redis-server, migrates and seeds the demo, creates the load users
(case officers of Harstad), starts gunicorn (2 workers, production settings but for the cookies' Secure flag) and a Celery
worker (concurrency 2), and runs bench/locustfile.py with Locust in headless mode. It prints
requests, errors and p50/p95 per page, then checks that every draft the users created is
there with its history records and audit events, and counts them.

    BENCH_LOAD_USERS=50 BENCH_LOAD_SECONDS=60 make bench-load

Locust (pinned in requirements-bench.txt) is the load generator: maintained, made for this,
headless with CSV statistics; its users are plain Python, so the drafting steps read and send
the same forms a browser does.
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, log: Path, seconds: float = 60) -> None:
    """Until the server answers (as behind the TLS proxy: production redirects plain HTTP)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(Request(url, headers={"X-Forwarded-Proto": "https"}), timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {seconds} s:\n{log.read_text(errors='replace')[-3000:]}")


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run through scripts/with-postgres.sh: make bench-load")
    work = Path(tempfile.mkdtemp(prefix="smittevern-load-"))
    redis_port, web_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.loadtest",  # production; cookies over loopback HTTP
        "SECRET_KEY": "bench-load-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(ROOT),
    }
    processes: list[subprocess.Popen] = []

    def start(name: str, args: list[str]) -> Path:
        log = work / f"{name}.log"
        out = open(log, "wb")  # noqa: SIM115 — open while the process runs
        processes.append(subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
        return log

    try:
        start("redis", [shutil.which("redis-server") or "redis-server", "--port", str(redis_port), "--save", ""])
        manage = [PYTHON, "manage.py"]
        # The demo data refuses production settings (its passwords are «demo»): seeded with the
        # local settings into the same database, then served with the production ones.
        seeding = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=seeding, check=True, stdout=subprocess.DEVNULL)
        setup = subprocess.run(
            [*manage, "shell", "-c", _SETUP.replace("USERS", str(USERS))],
            cwd=ROOT,
            env=seeding,
            check=True,
            capture_output=True,
            text=True,
        )
        users, regulations, counts_before = setup.stdout.strip().splitlines()[-3:]
        web = start(
            "gunicorn",
            [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{web_port}", "--workers", "2"],
        )
        start("celery", [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "warning", "--concurrency", "2"])
        wait_for(f"http://127.0.0.1:{web_port}/healthz", web)
        ledger = work / "ledger.jsonl"
        stats = work / "stats"
        env_load = {
            **env,
            "BENCH_LOAD_USERS": users,
            "BENCH_LOAD_REGULATIONS": regulations,
            "BENCH_LOAD_LEDGER": str(ledger),
        }
        started = time.perf_counter()
        subprocess.run(
            [
                PYTHON,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                str(max(1, USERS // 5)),
                "--run-time",
                f"{SECONDS}s",
                "--host",
                f"http://127.0.0.1:{web_port}",
                "--csv",
                str(stats),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env_load,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        took = time.perf_counter() - started
        report(stats, took)
        check(ledger, counts_before, env)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


# Run by `manage.py shell` once the demo is there: the load users, the regulations they read,
# and the counts before the load.
_SETUP = """
from django.contrib.auth import get_user_model
from core.models import Membership, Organization, Role
from regulations.models import Regulation
from audit.models import AuditEvent
harstad = Organization.objects.get(municipality_number="5402")
User = get_user_model()
names = []
for i in range(1, USERS + 1):
    user, _ = User.objects.get_or_create(username=f"last{i:02d}", defaults={"first_name": "Last", "last_name": str(i)})
    user.set_password("demo"); user.save()
    Membership.objects.get_or_create(user=user, organization=harstad, role=Role.CASE_OFFICER)
    names.append(user.username)
print(",".join(names))
print(",".join(str(pk) for pk in Regulation.objects.filter(municipality=harstad).values_list("pk", flat=True)[:20]))
print(AuditEvent.objects.count())
"""


def report(stats: Path, took: float) -> None:
    rows = list(csv.DictReader(Path(f"{stats}_stats.csv").read_text(encoding="utf-8").splitlines()))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"Load: {USERS} signed-in users for {took:.0f} s (gunicorn 2 workers, Celery 2, PostgreSQL, Redis):")
    print(f"  requests {int(total['Request Count']):,}, errors {int(total['Failure Count'])}".replace(",", " "))
    print(f"  {'page':<22} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}")
    for r in rows:
        if r["Name"] == "Aggregated":
            continue
        print(
            f"  {r['Name']:<22} {int(r['Request Count']):8d} {int(r['Failure Count']):6d} "
            f"{float(r['50%']):7.0f} {float(r['95%']):7.0f}"
        )
    exceptions = Path(f"{stats}_exceptions.csv")
    if exceptions.exists():
        for r in csv.DictReader(exceptions.read_text(encoding="utf-8").splitlines()):
            print(f"  exception in the load script: {r['Message']} ×{r['Count']}")
    failures = Path(f"{stats}_failures.csv")
    if failures.exists():
        for r in csv.DictReader(failures.read_text(encoding="utf-8").splitlines()):
            print(f"  error: {r['Name']}: {r['Error']} ×{r['Occurrences']}")


_CHECK = """
import json, sys
from audit.models import AuditEvent
from regulations.models import RegulationVersion
ledger = [json.loads(line) for line in open(LEDGER)]
created = {e["version"]: e["title"] for e in ledger if e["saves"] == 0}
saves = {}
for e in ledger:
    saves[e["version"]] = saves.get(e["version"], 0) + e["saves"]
missing, short = [], []
histories = events = 0
for pk, title in created.items():
    version = RegulationVersion.objects.filter(pk=pk, regulation__title=title).first()
    if version is None:
        missing.append(pk); continue
    n_history = version.history.count()
    n_events = AuditEvent.objects.filter(subject_type="regulations.regulation", subject_id=str(version.regulation_id)).count()
    histories += n_history; events += n_events
    if n_history < 1 + saves[pk] or n_events < 1 + saves[pk]:
        short.append((pk, n_history, n_events, saves[pk]))
print(f"  drafts created {len(created)}, saves {sum(saves.values())}; all there: {not missing} (missing {missing})")
print(f"  their history records {histories}, audit events {events}; every save recorded: {not short} {short[:5]}")
print(f"  audit events in all: {AuditEvent.objects.count() - BEFORE} added during the load")
"""


def check(ledger: Path, counts_before: str, env: dict) -> None:
    print("Afterwards:")
    code = _CHECK.replace("LEDGER", repr(str(ledger))).replace("BEFORE", counts_before)
    subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
