"""An audit entry of a row without a region field is filed under its owner's region (the enterprise,
the person, the complaint …), so county staff's audit views see it."""

import datetime as dt

import pytest

from enterprises.models import InsuranceMonth
from xingtai_jobs.core.audit import audit, region_of

pytestmark = pytest.mark.django_db


def test_a_row_without_a_region_takes_its_enterprises(enterprise, county_officer, other_county_officer):
    month = InsuranceMonth.objects.create(enterprise=enterprise, month=dt.date(2024, 5, 1), insured_count=4,
                                          ui_premium_due=0, ui_premium_paid=0)
    assert region_of(month) == enterprise.region_id
    entry = audit("enterprises.test", month, actor=other_county_officer)  # the actor's region is not the row's
    assert entry.region_id == enterprise.region_id


def test_an_explicit_region_wins_and_a_row_with_no_owner_has_none(enterprise, region_b, city_officer):
    assert audit("enterprises.test", enterprise, region=region_b.pk).region_id == region_b.pk
    assert audit("core.test", city_officer).region_id == city_officer.region_id
