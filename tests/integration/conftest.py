"""Real servers for the integration tests: a Redis broker and a Celery worker.

Nothing here is a stand-in: Redis is Debian's `redis-server`, the worker is the same
`celery -A config worker` command a deployment runs, and it reads and writes the test
database of this test run. The worker only sees what the tests commit, so the tests use
`django_db(transaction=True)`.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT = 60


def free_port() -> int:
    """A loopback TCP port that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


@dataclass
class RedisServer:
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@dataclass
class CeleryWorker:
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 60) -> str:
        return log_tail(self.log, lines)


def _start_redis(executable: str, workdir: Path) -> tuple[subprocess.Popen, RedisServer] | None:
    import redis

    port = free_port()
    log = workdir / f"redis-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                executable,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(workdir),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None  # most likely the port was taken in the meantime
        try:
            if client.ping():
                return process, RedisServer(port=port, log=log)
        except redis.ConnectionError:
            time.sleep(0.05)
    stop_process(process)
    pytest.fail(f"redis-server did not answer within {SERVER_START_TIMEOUT} s:\n{log_tail(log)}", pytrace=False)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    """A private redis-server on a free loopback port, without persistence; stopped at the end."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail(
            "redis-server is not installed, and the integration tests need a real Redis. "
            "`make test` installs it when run as root; otherwise: sudo apt-get install redis-server",
            pytrace=False,
        )
    workdir = tmp_path_factory.mktemp("redis")
    for _attempt in range(5):
        started = _start_redis(executable, workdir)
        if started is not None:
            break
    else:
        pytest.fail(f"redis-server would not start:\n{log_tail(sorted(workdir.glob('*.log'))[-1])}", pytrace=False)
    process, server = started
    yield server
    stop_process(process)


def database_url(settings_dict: dict) -> str:
    """The URL (as dj-database-url reads it) of the database this process is connected to."""
    engine = settings_dict["ENGINE"]
    name = str(settings_dict["NAME"])
    if engine == "django.db.backends.sqlite3":
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail(
                "The Celery worker cannot share an in-memory SQLite test database: "
                "config.settings.test must name a file (DATABASES TEST NAME).",
                pytrace=False,
            )
        return f"sqlite:///{Path(name).resolve()}"
    if engine == "django.db.backends.postgresql":
        credentials = quote(settings_dict.get("USER") or "", safe="")
        if settings_dict.get("PASSWORD"):
            credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
        host = quote(settings_dict.get("HOST") or "", safe="")  # empty: the local socket, as in Django
        port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
        return f"postgres://{credentials + '@' if credentials else ''}{host}{port}/{quote(name, safe='')}"
    pytest.fail(f"No worker DATABASE_URL for database engine {engine}", pytrace=False)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, redis_server, tmp_path_factory) -> Iterator[CeleryWorker]:
    """A `celery worker` process consuming from `redis_server`, working on this run's test database.

    It depends on `django_db_setup`, so it starts after the test database exists and is
    stopped before that database is dropped (PostgreSQL refuses to drop a database in use).
    """
    from django.db import connection

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "REDIS_URL": redis_server.url,
        "DATABASE_URL": database_url(connection.settings_dict),
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=integration-{os.getpid()}@%h",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    worker = CeleryWorker(process=process, log=log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while " ready." not in log.read_text(errors="replace"):
        if process.poll() is not None:
            pytest.fail(
                f"The Celery worker exited with status {process.returncode}:\n{worker.log_tail()}", pytrace=False
            )
        if time.monotonic() > deadline:
            stop_process(process)
            pytest.fail(
                f"The Celery worker was not ready within {SERVER_START_TIMEOUT} s:\n{worker.log_tail()}", pytrace=False
            )
        time.sleep(0.1)
    yield worker
    stop_process(process)


def _drop_broker_connections(app) -> None:
    # The app keeps pools of connections to the broker it first connected to; drop them so
    # that the next message goes to the broker_url now configured.
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_broker() -> Iterator[Callable[[str], None]]:
    """Point this test process's Celery app at a real broker: `celery_broker(url)`.

    config.settings.test runs tasks in process (no REDIS_URL); this switches the app that
    is already configured to send them to `url` instead, and switches it back afterwards.
    """
    from config.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}

    def point_at(url: str) -> None:
        _drop_broker_connections(app)
        app.conf.task_always_eager = False
        app.conf.broker_url = url

    yield point_at
    _drop_broker_connections(app)
    app.conf.update(saved)


@pytest.fixture
def closed_port() -> int:
    """A loopback port where no Redis (nor anything else) listens: a broker that is down."""
    return free_port()
