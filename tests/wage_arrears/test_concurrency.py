"""Races on PostgreSQL: two officers accepting the same case, two retries of the same submit."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection

from tests.wage_arrears.conftest import form_data
from wage_arrears import services
from wage_arrears.forms import ComplaintForm
from wage_arrears.models import Complaint, StatusStep
from xingtai_jobs.core.errors import DomainError


def _run_together(n, fn):
    barrier = threading.Barrier(n)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(("ok", fn()))
        except DomainError as exc:
            results.append(("error", exc))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results.append(("crash", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_officers_accepting_at_once_accept_once(county_officer):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")
    form = ComplaintForm(form_data())
    assert form.is_valid()
    complaint, _ = services.complaint_submit(data=form.to_input())
    results = _run_together(2, lambda: services.complaint_accept(complaint_id=complaint.pk, actor=county_officer))
    assert sorted(r[0] for r in results) == ["error", "ok"]
    assert StatusStep.objects.filter(complaint=complaint, status="accepted").count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_retries_of_one_submit_store_one_complaint(region_a):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    key = uuid.uuid4()

    def submit():
        form = ComplaintForm(form_data())
        assert form.is_valid()
        return services.complaint_submit(data=form.to_input(), submission_key=key)[0].tracking_code

    results = _run_together(4, submit)
    codes = {r[1] for r in results if r[0] == "ok"}
    assert len(codes) == 1 and Complaint.objects.count() == 1, results
