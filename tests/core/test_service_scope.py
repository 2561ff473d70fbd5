"""Every service that writes refuses an actor outside the scope of an object it is handed (issue 11):
staff of another county, an enterprise user of another enterprise. Each call is refused with
``forbidden`` or ``not_found`` and changes nothing (no row, no audit entry)."""

import datetime as dt
from decimal import Decimal

import pytest

from enterprises import services as enterprise_services
from enterprises.models import EmploymentReport, InsuranceMonth
from measures import services as measure_services
from measures.models import Indicator, Report, ZeroEmploymentCount
from rankings import services as ranking_services
from tests.factories import EnterpriseFactory, UserFactory
from tests.wage_arrears.conftest import form_data
from wage_arrears import services as wage_services
from xingtai_jobs.core import clock
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent, Department, User

pytestmark = pytest.mark.django_db
D = dt.date
FIGURES = {"headcount": 10, "new_hires": 1, "separations": 0, "layoffs": 0, "vacancies": 0}


@pytest.fixture
def world(region_a, region_b, enterprise, city_officer):
    """Rows of region A (and the enterprise's own), for actors of region B or another enterprise."""
    report = EmploymentReport.objects.create(enterprise=enterprise, month=D(2024, 4, 1), **FIGURES)
    month = InsuranceMonth.objects.create(enterprise=enterprise, month=D(2024, 5, 1), insured_count=40,
                                          ui_premium_due=0, ui_premium_paid=0)
    indicator = Indicator.objects.get(code="hr_agencies_engaged")
    submitted = Report.objects.create(indicator=indicator, region=region_a, period_start=D(2024, 1, 1),
                                      period_end=D(2024, 3, 31), value=Decimal(3), evidence_link="https://example.org/a.pdf",
                                      submitted_by=city_officer)
    row = ZeroEmploymentCount.objects.create(region=region_a, month=D(2024, 5, 1), families=0)
    from wage_arrears.forms import ComplaintForm

    form = ComplaintForm(form_data())
    assert form.is_valid(), form.errors
    complaint, _created = wage_services.complaint_submit(data=form.to_input())
    other_staff = UserFactory(username="b_staff_2", role=User.Role.COUNTY_STAFF, region=region_b)
    return {"report": report, "month": month, "indicator": indicator, "submitted": submitted, "row": row,
            "complaint": complaint, "other_staff": other_staff}


def calls(w, enterprise, region_a, region_b):
    return {
        "enterprises.employment_report_submit": lambda a: enterprise_services.employment_report_submit(
            enterprise=enterprise, month=D(2024, 5, 1), actor=a, **FIGURES),
        "enterprises.employment_report_review": lambda a: enterprise_services.employment_report_review(
            report_id=w["report"].pk, actor=a),
        "enterprises.insurance_month_correct": lambda a: enterprise_services.insurance_month_correct(
            enterprise=enterprise, month=w["month"].month, field="insured_count", value=1, actor=a,
            audit_action="rankings.insurance_month.corrected"),
        "enterprises.enterprise_set_key": lambda a: enterprise_services.enterprise_set_key(
            enterprise=enterprise, actor=a, key=True, audit_action="rankings.key_enterprise.designated"),
        "rankings.key_enterprise_designate": lambda a: ranking_services.key_enterprise_designate(
            enterprise=enterprise, actor=a, reason="带动就业", designated_on=D(2024, 3, 1)),
        "rankings.job_demand_file": lambda a: ranking_services.job_demand_file(
            enterprise=enterprise, actor=a, year=clock.today().year, quarter=1, occupation="焊工", headcount=3,
            education="any", skill_level="none", pay_min=Decimal(4000), pay_max=Decimal(6000)),
        "measures.report_submit": lambda a: measure_services.report_submit(
            indicator=w["indicator"], region=region_a, actor=a, period_start=D(2024, 4, 1), period_end=D(2024, 6, 30),
            value=Decimal(5), evidence_link="https://example.org/b.pdf"),
        "measures.registry_save": lambda a: measure_services.registry_save(obj=w["row"], actor=a),
        "measures.registry_delete": lambda a: measure_services.registry_delete(obj=w["row"], actor=a),
        "wage_arrears.complaint_accept": lambda a: wage_services.complaint_accept(complaint_id=w["complaint"].pk, actor=a),
        "wage_arrears.complaint_reroute": lambda a: wage_services.complaint_reroute(
            complaint_id=w["complaint"].pk, actor=a, department=Department.objects.get(code="hrss"), reason="改派"),
        "wage_arrears.complaint_record_contact": lambda a: wage_services.complaint_record_contact(
            complaint_id=w["complaint"].pk, actor=a, note="已联系"),
    }


def test_staff_of_another_county_are_refused_by_every_writing_service(world, enterprise, region_a, region_b,
                                                                       other_county_officer):
    walked = 0
    for name, call in calls(world, enterprise, region_a, region_b).items():
        audits, rows = AuditEvent.objects.count(), (EmploymentReport.objects.count(), Report.objects.count(),
                                                    ZeroEmploymentCount.objects.count())
        with pytest.raises(DomainError) as info:
            call(other_county_officer)
        assert info.value.code in ("forbidden", "not_found"), (name, info.value.code, str(info.value))
        assert AuditEvent.objects.count() == audits, name
        assert rows == (EmploymentReport.objects.count(), Report.objects.count(), ZeroEmploymentCount.objects.count()), name
        walked += 1
    assert walked == 12
    assert InsuranceMonth.objects.get(pk=world["month"].pk).insured_count == 40
    assert not type(enterprise).objects.get(pk=enterprise.pk).key_enterprise


def test_an_enterprise_user_of_another_enterprise_is_refused(world, enterprise, region_a, region_b):
    other = EnterpriseFactory(region=region_a)
    user = UserFactory(username="other_ent_user", role=User.Role.ENTERPRISE_USER, enterprise=other)
    for name in ["enterprises.employment_report_submit", "rankings.job_demand_file", "enterprises.enterprise_set_key",
                 "enterprises.insurance_month_correct"]:
        with pytest.raises(DomainError) as info:
            calls(world, enterprise, region_a, region_b)[name](user)
        assert info.value.code in ("forbidden", "not_found"), name


def test_a_county_officer_may_not_hand_a_service_an_assignee_of_another_county(world, county_officer, region_a, world_b=None):
    from wage_arrears.models import Complaint, Status

    Complaint.objects.filter(pk=world["complaint"].pk).update(status=Status.ACCEPTED, accepted_on=D(2024, 12, 2))
    with pytest.raises(DomainError):
        wage_services.complaint_assign(complaint_id=world["complaint"].pk, actor=county_officer,
                                       assignee=world["other_staff"])
    assert Complaint.objects.get(pk=world["complaint"].pk).assignee_id is None
