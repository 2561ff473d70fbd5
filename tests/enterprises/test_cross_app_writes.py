"""Other apps change enterprise data only through enterprises' services: the ranking's accepted
corrections (InsuranceMonth) and the key-enterprise flag are written, scoped and audited there."""

import datetime as dt
import re
from pathlib import Path

import pytest

from enterprises import services
from enterprises.models import Enterprise, InsuranceMonth
from rankings import services as ranking_services
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _month(enterprise, count=40):
    return InsuranceMonth.objects.create(enterprise=enterprise, month=dt.date(2024, 5, 1), insured_count=count,
                                         ui_premium_due=0, ui_premium_paid=0)


def test_a_correction_is_written_scoped_and_audited_by_the_enterprises_service(county_officer, enterprise):
    record = _month(enterprise)
    services.insurance_month_correct(enterprise=enterprise, month=record.month, field="insured_count", value=44,
                                     actor=county_officer, audit_action="rankings.insurance_month.corrected", message="x")
    assert InsuranceMonth.objects.get(pk=record.pk).insured_count == 44
    entry = AuditEvent.objects.get(action="rankings.insurance_month.corrected")
    assert entry.before == {"insured_count": 40} and entry.after == {"insured_count": 44}
    assert entry.region_id == enterprise.region_id and entry.actor == county_officer


@pytest.mark.parametrize(("field", "value", "code"), [("ui_premium_due", 1, "invalid"), ("insured_count", -1, "invalid"),
                                                       ("insured_count", 2**31, "invalid")])
def test_a_bad_correction_changes_nothing(county_officer, enterprise, field, value, code):
    record = _month(enterprise)
    with pytest.raises(DomainError) as info:
        services.insurance_month_correct(enterprise=enterprise, month=record.month, field=field, value=value,
                                         actor=county_officer, audit_action="rankings.insurance_month.corrected")
    assert info.value.code == code
    assert InsuranceMonth.objects.get(pk=record.pk).insured_count == 40 and not AuditEvent.objects.exists()


def test_staff_of_another_county_may_not_correct_or_flag_an_enterprise(other_county_officer, enterprise):
    record = _month(enterprise)
    with pytest.raises(DomainError) as info:
        services.insurance_month_correct(enterprise=enterprise, month=record.month, field="insured_count", value=1,
                                         actor=other_county_officer, audit_action="rankings.insurance_month.corrected")
    assert info.value.code == "forbidden"
    with pytest.raises(DomainError) as info:
        services.enterprise_set_key(enterprise=enterprise, actor=other_county_officer, key=True,
                                    audit_action="rankings.key_enterprise.designated")
    assert info.value.code == "forbidden"
    assert InsuranceMonth.objects.get(pk=record.pk).insured_count == 40
    assert not Enterprise.objects.get(pk=enterprise.pk).key_enterprise and not AuditEvent.objects.exists()


def test_designation_and_revocation_set_the_flag_through_the_enterprises_service(city_officer, enterprise):
    designation = ranking_services.key_enterprise_designate(enterprise=enterprise, actor=city_officer, reason="带动就业突出",
                                                            designated_on=dt.date(2024, 3, 1))
    assert Enterprise.objects.get(pk=enterprise.pk).key_enterprise
    entry = AuditEvent.objects.get(action="rankings.key_enterprise.designated")
    assert entry.before == {"key_enterprise": False} and entry.after["key_enterprise"] is True
    ranking_services.key_enterprise_revoke(designation=designation, actor=city_officer, reason="不再符合条件")
    assert not Enterprise.objects.get(pk=enterprise.pk).key_enterprise
    assert AuditEvent.objects.get(action="rankings.key_enterprise.revoked").before == {"key_enterprise": True}


def test_no_other_app_writes_insurance_months_or_the_key_flag_itself():
    pattern = re.compile(r"InsuranceMonth\.objects[^\n]*\.(update|create|bulk_update|delete)\(|key_enterprise\s*=\s*(True|False)")
    offenders = []
    for app in ["persons", "subsidies", "recruitment", "wage_arrears", "rankings", "measures"]:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
