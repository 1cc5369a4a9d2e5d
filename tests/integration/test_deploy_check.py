"""The production settings pass Django's deployment checks without a warning, and refuse
to load without what production needs."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **overrides) -> dict[str, str]:
    """The environment of a production process: every required variable set, then `overrides`
    (a value of None removes that variable)."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")},
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "smittevern.example.no",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


@pytest.mark.integration
def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=config.settings.production",
        ],
        cwd=REPO_ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


@pytest.mark.integration
@pytest.mark.parametrize("redis_url", [None, ""])
def test_production_settings_refuse_to_load_without_a_broker(tmp_path, redis_url):
    """Without REDIS_URL tasks would run inside web requests: production does not start."""
    env = production_env(tmp_path, REDIS_URL=redis_url, DJANGO_SETTINGS_MODULE="config.settings.production")

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ImproperlyConfigured: REDIS_URL must be set in the environment" in output, output


def _database_settings(tmp_path, **overrides) -> str:
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.production", **overrides)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; d = settings.DATABASES['default']; "
            "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


@pytest.mark.integration
def test_production_keeps_database_connections_and_checks_them_before_reuse(tmp_path):
    """A new connection per request costs several milliseconds: production keeps them by default."""
    assert _database_settings(tmp_path, CONN_MAX_AGE=None, CONN_HEALTH_CHECKS=None) == "60 True"


@pytest.mark.integration
def test_production_connection_reuse_follows_the_environment(tmp_path):
    assert _database_settings(tmp_path, CONN_MAX_AGE="0", CONN_HEALTH_CHECKS="false") == "0 False"
