"""Screening of the person schemes stores items (免申即享) through the same chunked path as 稳岗返还:
re-running creates nothing twice, confirmed items are never overwritten and count as history (once
per person; certificates granted), the command and the staff button with progress both work."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from persons.models import Certificate, LabourContract
from subsidies import services
from subsidies.models import Application
from tests.subsidies.test_person_screening import month, pay, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
S = Application.State


def run(*args):
    out = io.StringIO()
    call_command("screen_subsidy", *args, stdout=out)
    return out.getvalue()


def items(code):
    return Application.objects.filter(round__scheme__code=code).order_by("subject_id", "basis_key")


def test_job_expansion_screening_stores_enterprise_paid_items_once(world):  # noqa: F811
    text = run("job_expansion", "--year", "2024", "--as-of", "2024-10")
    assert "screened 4, candidates 2" in text
    grad, youth, ent, ent2 = world["grad"], world["youth"], world["ent"], world["ent2"]
    stored = {(a.subject_id, a.enterprise_id): a for a in items("job_expansion")}
    assert set(stored) == {(grad.pk, ent2.pk), (youth.pk, ent.pk)}
    a = stored[(grad.pk, ent2.pk)]
    contract = LabourContract.objects.get(person=grad, enterprise=ent2)
    assert (a.beneficiary_key, a.basis_key, a.person_id, a.region_id, a.state, str(a.amount)) == (
        f"E{ent2.pk}", f"contract:{contract.pk}", None, ent2.region_id, S.CANDIDATE, "1500.00")
    assert a.facts["as_of_month"] == "2024-10-01" and {c["code"] for c in a.checks} >= {"basis", "paid_months", "once_per_person"}
    assert "screened 4, candidates 2, replaced 2" in run("job_expansion", "--year", "2024", "--as-of", "2024-10")
    assert items("job_expansion").count() == 2


def test_confirmed_items_are_kept_and_count_once_per_person_ever(world):  # noqa: F811
    run("job_expansion", "--year", "2024", "--as-of", "2024-10")
    youth_item = items("job_expansion").get(subject=world["youth"])
    Application.objects.filter(pk=youth_item.pk).update(state=S.APPROVED, checks=[{"code": "kept"}])
    run("job_expansion", "--year", "2024", "--as-of", "2024-10")
    youth_item.refresh_from_db()
    assert youth_item.state == S.APPROVED and youth_item.checks == [{"code": "kept"}]  # never overwritten
    assert items("job_expansion").count() == 2
    rows = json.loads(run("job_expansion", "--year", "2024", "--as-of", "2024-10", "--dry-run", "--json"))
    youth = next(r for r in rows if r["resident_id"] == world["youth"].resident_id)
    assert youth["eligible"]  # its own confirmed item does not refuse the same contract
    # another contract of a person confirmed once: refused, in this round and the next
    LabourContract.objects.create(person=world["youth"], enterprise=world["ent2"], starts_on=dt.date(2024, 8, 1), kind="fixed")
    pay(world["youth"], world["ent2"], month(2024, 8), month(2024, 9), month(2024, 10))
    rows = json.loads(run("job_expansion", "--year", "2024", "--as-of", "2024-10", "--dry-run", "--json"))
    other = next(r for r in rows if r["resident_id"] == world["youth"].resident_id and r["uscc"] == world["ent2"].uscc)
    assert other["failed_checks"] == ["once_per_person"] and other["amount"] == "0.00"
    run("job_expansion", "--year", "2024", "--as-of", "2024-10")
    assert items("job_expansion").filter(subject=world["youth"]).count() == 1


@pytest.fixture
def certified(world):  # noqa: F811
    worker = world["old_grad"]
    pay(worker, world["ent2"], *[month(2023, m) for m in range(1, 11)])
    for no, level, issued in (("C-A", 4, dt.date(2024, 9, 20)), ("C-B", 4, dt.date(2024, 10, 2))):
        Certificate.objects.create(certificate_no=no, person=worker, kind="skill_level", occupation_code="X",
                                   occupation_name="焊工", level=level, issued_on=issued)
    return worker


def test_skill_upgrade_screening_stores_person_paid_items(certified):
    assert "screened 2, candidates 1" in run("skill_upgrade", "--year", "2024", "--as-of", "2025-03-01")
    a = items("skill_upgrade").get()
    assert (a.person_id, a.subject_id, a.enterprise_id, a.beneficiary_key, a.basis_key, a.region_id, str(a.amount)) == (
        certified.pk, certified.pk, None, f"P{certified.pk}", "certificate:C-A", certified.region_id, "1500.00")
    assert a.facts["claimed_on"] == "2025-03-01"


def test_confirmed_certificates_are_granted_history(certified):
    run("skill_upgrade", "--year", "2024", "--as-of", "2025-03-01")
    Application.objects.filter(basis_key="certificate:C-A").update(state=S.PAID)
    rows = json.loads(run("skill_upgrade", "--year", "2024", "--as-of", "2025-03-01", "--dry-run", "--json"))
    assert [(r["certificate_no"], r["eligible"], r["failed_checks"]) for r in rows] == [
        ("C-A", True, []), ("C-B", False, ["same_level_once"])]
    # a confirmed grant counts against the yearly limit once, not twice
    Certificate.objects.filter(certificate_no="C-B").update(occupation_code="Y")
    for no, day in (("C-C", dt.date(2024, 10, 5)), ("C-D", dt.date(2024, 10, 6))):
        Certificate.objects.create(certificate_no=no, person=certified, kind="skill_level", occupation_code=no,
                                   occupation_name="电工", level=5, issued_on=day)
    rows = json.loads(run("skill_upgrade", "--year", "2024", "--as-of", "2025-03-01", "--dry-run", "--json"))
    assert [(r["certificate_no"], r["failed_checks"]) for r in rows] == [
        ("C-A", []), ("C-B", []), ("C-C", []), ("C-D", ["yearly_limit"])]


def test_closed_round_writes_nothing(world):  # noqa: F811
    with pytest.raises(CommandError):
        run("job_expansion", "--year", "2024", "--as-of", "2025-07-01")  # after the round's window closed (2025-06-30)
    assert not items("job_expansion").exists()


def test_staff_button_screens_a_person_scheme_in_chunks_with_progress(world, login, city_officer, county_officer,  # noqa: F811
                                                                      django_capture_on_commit_callbacks):
    from subsidies.models import SchemeRound
    from xingtai_jobs.core.models import TaskRun

    round_ = SchemeRound.objects.get(scheme__code="job_expansion", assessment_year=2024)
    url = reverse("subsidies:staff_round_screen", args=[round_.pk])
    assert login(county_officer).post(url, {"as_of": "2024-10"}).status_code == 403
    page = login(city_officer).get(reverse("subsidies:staff_round", args=[round_.pk]))
    assert 'name="as_of"' in page.content.decode()
    login(city_officer).post(url, {"as_of": "2024-1x"})
    assert not TaskRun.objects.filter(kind="subsidies.screening").exists()  # bad as-of: nothing started
    with django_capture_on_commit_callbacks(execute=True):
        login(city_officer).post(url, {"as_of": "2024-10"})
    run_ = TaskRun.objects.get(kind="subsidies.screening")
    assert run_.status == TaskRun.Status.DONE and run_.done == run_.total == 1
    assert items("job_expansion").count() == 2


def test_chunks_give_the_same_items_as_one_run(world):  # noqa: F811
    from subsidies.models import SchemeRound

    round_ = SchemeRound.objects.select_related("scheme").get(scheme__code="job_expansion", assessment_year=2024)
    bounds = services.screening_chunk_bounds(round_=round_, chunk_size=1)
    assert len(bounds) == 3  # one person per chunk: a person's contracts are decided together
    for lo, hi in bounds:
        services.screening_write_chunk(round_id=round_.pk, id_range=(lo, hi), as_of=dt.date(2024, 10, 31))
    by_chunks = sorted(items("job_expansion").values_list("subject_id", "basis_key", "amount"))
    run("job_expansion", "--year", "2024", "--as-of", "2024-10")
    assert sorted(items("job_expansion").values_list("subject_id", "basis_key", "amount")) == by_chunks
