"""Real wage-arrears cases for other apps' tests (the ranking's exclusion, the subsidy blacklist):
filed, accepted, assigned, contacted and verified through the wage-arrears services."""

from __future__ import annotations

import datetime as dt

from tests.factories import UserFactory
from tests.wage_arrears.conftest import form_data
from wage_arrears import services
from wage_arrears.forms import ComplaintForm
from wage_arrears.models import Complaint, Outcome
from xingtai_jobs.core.models import User


def substantiated_case(monkeypatch, enterprise, *, on: dt.date) -> Complaint:
    """A complaint against ``enterprise`` found substantiated on ``on`` (the services' clock is set)."""
    monkeypatch.setattr(services.common, "today", lambda: on)
    officer = UserFactory(username=f"wage_city_{enterprise.pk}", role=User.Role.CITY_STAFF)
    month = on.replace(day=1) - dt.timedelta(days=1)
    form = ComplaintForm(form_data(employer_name=enterprise.name, employer_uscc=enterprise.uscc,
                                   region_code=enterprise.region.code, period_start=f"{month:%Y-%m}",
                                   period_end=f"{month:%Y-%m}", complainant_phone=f"139{enterprise.pk:08d}"))
    assert form.is_valid(), form.errors
    complaint, _created = services.complaint_submit(data=form.to_input())
    assert complaint.enterprise_id == enterprise.pk
    services.complaint_accept(complaint_id=complaint.pk, actor=officer)
    services.complaint_assign(complaint_id=complaint.pk, actor=officer)
    services.complaint_record_contact(complaint_id=complaint.pk, actor=officer, note="已联系")
    services.complaint_verify(complaint_id=complaint.pk, actor=officer, findings="工资表核实欠薪", substantiated=True)
    complaint.refresh_from_db()
    complaint.officer = officer
    return complaint


def blacklisted(monkeypatch, enterprise, *, on: dt.date) -> None:
    """Put ``enterprise`` on the wage-arrears blacklist from ``on`` (after a substantiated case has been
    handled: listing starts from the handling)."""
    complaint = substantiated_case(monkeypatch, enterprise, on=on)
    services.complaint_handle(complaint_id=complaint.pk, actor=complaint.officer, outcome=Outcome.ORDERED_TO_PAY)
    services.blacklist_add(complaint_id=complaint.pk, actor=complaint.officer, reason="拒不支付", listed_on=on)
