"""Concurrent registrations never overbook (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from recruitment import services
from recruitment.models import Event, Registration
from tests.recruitment.factories import EventFactory
from xingtai_jobs.core.errors import DomainError


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_confirm_exactly_the_capacity_and_wait_list_the_rest():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers by locking the whole file)")
    event = EventFactory(capacity=10)
    start = threading.Barrier(24)
    errors: list[Exception] = []

    def worker(n: int):
        try:
            start.wait()
            services.registration_create(event_id=event.pk, name=f"并发{n}", phone=f"1360000{n:04d}", education="bachelor",
                                         wanted_occupation="普工")
        except DomainError as exc:  # pragma: no cover - would be a failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    counts = {s: Registration.objects.filter(event=event, status=s).count() for s in ("confirmed", "waitlisted")}
    assert counts == {"confirmed": 10, "waitlisted": 14}
    assert Event.objects.get(pk=event.pk).confirmed_count == 10


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_phone_racing_itself_registers_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    event = EventFactory(capacity=10)
    start = threading.Barrier(6)
    outcomes: list[str] = []

    def worker():
        try:
            start.wait()
            services.registration_create(event_id=event.pk, name="重复", phone="13600009999", education="bachelor", wanted_occupation="普工")
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 5
    assert Event.objects.get(pk=event.pk).confirmed_count == 1
