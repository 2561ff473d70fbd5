"""Settings read from the environment: production refuses to start without a secret key, while
commands that sign nothing (e.g. the migration check) run anywhere."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XT_", "DATABASE_URL", "CELERY_", "REDIS_"))}
    clean["DATABASE_URL"] = "sqlite:///:memory:"
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_migration_check_runs_without_any_environment():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "No changes detected" in result.stdout


def test_serving_and_deploy_checks_refuse_to_start_without_a_secret_key():
    for args in (("check", "--deploy"), ("runserver", "--noreload", "127.0.0.1:8999"), ("migrate",)):
        result = _manage(*args)
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY is required" in result.stderr
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XT_"))}
    wsgi = subprocess.run([sys.executable, "-c", "import xingtai_jobs.wsgi"], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=120)
    assert wsgi.returncode != 0 and "DJANGO_SECRET_KEY is required" in wsgi.stderr


def test_a_malformed_boolean_stops_start_up_with_its_name():
    result = _manage("makemigrations", "--check", "--dry-run", DJANGO_DEBUG="perhaps")
    assert result.returncode != 0 and "DJANGO_DEBUG='perhaps' is not a boolean" in result.stderr
