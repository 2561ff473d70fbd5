import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from xingtai_jobs.core.models import AuditEvent
from xingtai_jobs.core.services import ping_enqueue


def test_healthz_answers_without_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_the_database_and_redis_when_configured(client, settings):
    response = client.get("/readyz")
    body = response.json()
    assert body["checks"]["database"] == "ok"
    if settings.REDIS_URL:
        assert body["checks"]["redis"] == "ok"
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_reports_unavailable_redis(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("error")


@pytest.mark.django_db
def test_task_runs_eagerly_without_a_broker():
    result = ping_enqueue(tag="eager")
    assert result.get() == "pong:eager"
    assert AuditEvent.objects.filter(action="core.ping", message="eager").exists()


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_task_queued_through_the_app_is_executed_by_a_real_worker():
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        pytest.skip("no CELERY_BROKER_URL configured: tasks run eagerly")
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can share with the test (PostgreSQL)")
    from xingtai_jobs.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    tag = uuid.uuid4().hex
    env = {**os.environ, "DATABASE_URL": _database_url(), "XT_TESTING": "true"}
    celery = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [str(celery), "-A", "xingtai_jobs", "worker", "-P", "solo", "-Q", queue, "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-l", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    app.conf.task_always_eager = False
    try:
        ping_enqueue(tag=tag, queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if AuditEvent.objects.filter(action="core.ping", message=tag).exists():
                break
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.3)
        else:
            pytest.fail("the worker did not run the task within 60 s")
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
