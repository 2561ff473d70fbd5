"""Hardening mend 5 (issue 11, review): a step on another county's complaint answers not_found
(404) before any check of its input — the department, the reason, the assignee, the arrears' age —
could answer 400 and so tell that the case exists. Through the service and over HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from wage_arrears import services
from wage_arrears.models import Complaint, NotAcceptedReason, Status
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import Department, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def their_case(file_complaint, other_county_officer, region_b):
    case = file_complaint(region_code=region_b.code)  # construction in 信都区: routed to 住建 there
    services.complaint_accept(complaint_id=case.pk, actor=other_county_officer)
    return case


def _attempts(county_officer, region_a):
    mine = UserFactory(username="county_a_2", role=User.Role.COUNTY_STAFF, region=region_a)
    hrss = Department.objects.get(code="hrss")
    return {
        "another department without a reason": {"department": hrss},
        "an assignee who does not fit": {"assignee": mine},
        "another department and an unfit assignee": {"department": hrss, "assignee": mine, "reason": "x"},
        "nothing": {},
    }


def test_assigning_another_countys_case_is_not_found_whatever_the_input(their_case, county_officer, region_a):
    for what, kwargs in _attempts(county_officer, region_a).items():
        with pytest.raises(DomainError) as refused:
            services.complaint_assign(complaint_id=their_case.pk, actor=county_officer, **kwargs)
        assert refused.value.code == "not_found" and refused.value.status == 404, what
    their_case.refresh_from_db()
    assert their_case.status == Status.ACCEPTED and their_case.assignee_id is None
    assert their_case.department.code == "housing"


def test_the_same_checks_still_answer_400_on_ones_own_case(file_complaint, county_officer, region_a):
    case = file_complaint()
    services.complaint_accept(complaint_id=case.pk, actor=county_officer)
    liaison_elsewhere = UserFactory(username="liaison_b", role=User.Role.DEPARTMENT_LIAISON,
                                    region=region_a, department=Department.objects.get(code="water"))
    for kwargs, field in (({"department": Department.objects.get(code="hrss")}, "reason"),
                          ({"assignee": liaison_elsewhere}, "assignee")):
        with pytest.raises(DomainError) as refused:
            services.complaint_assign(complaint_id=case.pk, actor=county_officer, **kwargs)
        assert refused.value.code == "invalid" and refused.value.field == field
    assert Complaint.objects.get(pk=case.pk).status == Status.ACCEPTED


def test_not_accepting_another_countys_case_as_too_old_is_not_found(file_complaint, county_officer, other_county_officer,
                                                                     region_b):
    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")  # recent arrears: not "too old"
    theirs = file_complaint(region_code=region_b.code, period_start=month, period_end=month)
    with pytest.raises(DomainError) as refused:  # the one who may see it is told the reason does not apply (400)
        services.complaint_not_accept(complaint_id=theirs.pk, actor=other_county_officer, reason=NotAcceptedReason.TOO_OLD)
    assert refused.value.code == "invalid" and refused.value.field == "reason"
    with pytest.raises(DomainError) as refused:  # another county's officer learns nothing about it (404)
        services.complaint_not_accept(complaint_id=theirs.pk, actor=county_officer, reason=NotAcceptedReason.TOO_OLD)
    assert refused.value.code == "not_found"
    assert Complaint.objects.get(pk=theirs.pk).status == Status.SUBMITTED


def test_assign_page_on_another_countys_case_is_a_404(login, their_case, county_officer):
    hrss = Department.objects.get(code="hrss")
    response = login(county_officer).post(reverse("wage_arrears:staff-case-action", args=[their_case.pk, "assign"]),
                                          {"assign-department": hrss.pk, "assign-reason": ""})
    assert response.status_code == 404
    assert Complaint.objects.get(pk=their_case.pk).status == Status.ACCEPTED
