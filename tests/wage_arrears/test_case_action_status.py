"""The case page answers a refused step with its error code's status: 409 for a wrong state, 403 for
a step the officer may not take, 400 for bad input; nothing changes in any of them."""

import datetime as dt

import pytest

from wage_arrears.models import Complaint, Status
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _post(client, complaint, step, **data):
    return client.post(f"/staff/wage-arrears/cases/{complaint.pk}/{step}/", {f"{step}-{k}": v for k, v in data.items()})


def test_a_step_in_the_wrong_state_is_409_and_changes_nothing(file_complaint, county_officer, login):
    complaint = file_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.CLOSED)
    client = login(county_officer)
    changes = AuditEvent.objects.exclude(action="core.personal_data.viewed")  # the page re-rendered shows the identity
    audits = changes.count()
    response = _post(client, complaint, "accept")
    assert response.status_code == 409
    assert Complaint.objects.get(pk=complaint.pk).status == Status.CLOSED and changes.count() == audits


def test_a_step_the_officer_may_not_take_is_403(file_complaint, county_officer, login):
    complaint = file_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.ACCEPTED, accepted_on=dt.date(2024, 12, 2),
                                                     resolve_due=dt.date(2025, 2, 1))
    response = _post(login(county_officer), complaint, "extend", reason="案情复杂")  # city staff only
    assert response.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).resolve_due == dt.date(2025, 2, 1)


def test_bad_input_is_400_and_a_good_step_redirects(file_complaint, county_officer, login):
    complaint = file_complaint()
    client = login(county_officer)
    assert _post(client, complaint, "not_accept", reason="no-such-reason").status_code == 400
    assert Complaint.objects.get(pk=complaint.pk).status == Status.SUBMITTED
    assert _post(client, complaint, "accept").status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).status == Status.ACCEPTED
