"""screen_subsidy for the person schemes: --dry-run --json prints exactly the contract's objects."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from persons.models import Certificate
from tests.subsidies.test_person_screening import month, pay, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("screen_subsidy", *args, stdout=out)
    return out.getvalue()


def test_job_expansion_json(world):  # noqa: F811
    rows = json.loads(run("job_expansion", "--year", "2024", "--as-of", "2024-10", "--dry-run", "--json"))
    assert len(rows) == 4
    assert all(list(r) == ["resident_id", "uscc", "eligible", "basis", "amount", "failed_checks"] for r in rows)
    youth = next(r for r in rows if r["resident_id"] == world["youth"].resident_id)
    assert youth == {"resident_id": world["youth"].resident_id, "uscc": world["ent"].uscc, "eligible": True,
                     "basis": "youth_16_24", "amount": "1500.00", "failed_checks": []}
    refused = next(r for r in rows if r["resident_id"] == world["old_grad"].resident_id)
    assert refused["basis"] is None and refused["amount"] == "0.00" and refused["failed_checks"] == ["basis"]
    # the as-of month decides "still insured": as of 2024-09 the graduate's July contract is the eligible one
    rows = json.loads(run("job_expansion", "--year", "2024", "--as-of", "2024-09-15", "--dry-run", "--json"))
    grad = [r for r in rows if r["resident_id"] == world["grad"].resident_id]
    assert [(r["uscc"], r["eligible"]) for r in grad] == [(world["ent"].uscc, True), (world["ent2"].uscc, False)]
    # without --as-of: the latest month with contributions (2024-10)
    assert json.loads(run("job_expansion", "--year", "2024", "--dry-run", "--json")) == json.loads(
        run("job_expansion", "--year", "2024", "--as-of", "2024-10", "--dry-run", "--json"))


def test_the_2025_round_sees_no_2024_contracts(world):  # noqa: F811
    assert json.loads(run("job_expansion", "--year", "2025", "--dry-run", "--json")) == []


def test_skill_upgrade_json_and_the_claim_window(world):  # noqa: F811
    worker = world["old_grad"]
    pay(worker, world["ent2"], *[month(2023, m) for m in range(1, 11)])
    Certificate.objects.create(certificate_no="C-A", person=worker, kind="skill_level", occupation_code="X", occupation_name="焊工",
                               level=3, issued_on=dt.date(2024, 9, 20))
    rows = json.loads(run("skill_upgrade", "--year", "2024", "--as-of", "2025-09-20", "--dry-run", "--json"))
    assert rows == [{"resident_id": worker.resident_id, "certificate_no": "C-A", "eligible": True, "amount": "2000.00",
                     "failed_checks": []}]
    rows = json.loads(run("skill_upgrade", "--year", "2024", "--as-of", "2025-09-21", "--dry-run", "--json"))
    assert rows[0]["failed_checks"] == ["claim_window"] and rows[0]["amount"] == "0.00"


def test_bad_calls_are_refused(world):  # noqa: F811
    with pytest.raises(CommandError):
        run("job_expansion", "--year", "2024")  # items of person schemes are not stored yet
    with pytest.raises(CommandError):
        run("job_expansion", "--year", "2024", "--as-of", "2024-13", "--dry-run")
    with pytest.raises(CommandError):
        run("job_expansion", "--year", "2031", "--dry-run")
    with pytest.raises(CommandError):
        run("stable_job_refund", "--year", "2023", "--as-of", "2024-01", "--dry-run")


def test_text_output_masks_the_id(world):  # noqa: F811
    text = run("job_expansion", "--year", "2024", "--dry-run")
    assert world["youth"].resident_id not in text and "dry run: 4 evaluated" in text
