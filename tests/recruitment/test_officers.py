"""岗位推荐官: registration and the compliance list of above-scale enterprises with fewer than 2."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from recruitment import selectors, services
from recruitment.models import RecommendationOfficer
from tests.factories import EnterpriseFactory
from xingtai_jobs.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(region_a, region_b):
    none = EnterpriseFactory(name="零名推荐官规上企业", above_scale=True, region=region_a)
    one = EnterpriseFactory(name="一名推荐官规上企业", above_scale=True, region=region_a)
    two = EnterpriseFactory(name="两名推荐官规上企业", above_scale=True, region=region_a)
    small = EnterpriseFactory(name="规下小企业", above_scale=False, region=region_a)
    far = EnterpriseFactory(name="信都区规上企业", above_scale=True, region=region_b)
    services.officer_register(enterprise=one, actor=None, name="甲", phone="13800000001", position="人事")
    for n in (2, 3):
        services.officer_register(enterprise=two, actor=None, name=f"乙{n}", phone=f"1380000000{n}", position="人事")
    return {"none": none, "one": one, "two": two, "small": small, "far": far}


def test_the_compliance_list_shows_above_scale_enterprises_with_fewer_than_two(city_officer, cast):
    rows = selectors.officer_compliance(city_officer, minimum=services.param_int("officer_minimum"))
    assert {e.name: e.officer_count for e in rows} == {"零名推荐官规上企业": 0, "一名推荐官规上企业": 1, "信都区规上企业": 0}


def test_county_staff_see_their_region_only_and_can_filter_and_export(login, county_officer, cast):
    client = login(county_officer)
    page = client.get(reverse("recruitment:staff-officer-compliance")).content.decode()
    assert "零名推荐官规上企业" in page and "信都区规上企业" not in page
    response = client.get(reverse("recruitment:staff-officer-compliance"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert {r[2] for r in rows[1:]} == {"零名推荐官规上企业", "一名推荐官规上企业"}


def test_compliance_list_query_count_is_fixed(login, city_officer, cast, django_assert_num_queries):
    client = login(city_officer)
    client.get(reverse("recruitment:staff-officer-compliance"))
    with django_assert_num_queries(5):  # session, user, count, page, regions for the filter (the figure: policy memo)
        client.get(reverse("recruitment:staff-officer-compliance"))


def test_an_enterprise_registers_officers_with_a_valid_phone_once(login, enterprise_user, enterprise):
    client = login(enterprise_user)
    response = client.post(reverse("recruitment:enterprise-officer-new"), {"name": "王芳", "phone": "13912345678", "position": "HR"})
    assert response.status_code == 302
    with pytest.raises(DomainError):
        services.officer_register(enterprise=enterprise, actor=enterprise_user, name="王芳", phone="13912345678", position="HR")
    with pytest.raises(DomainError):
        services.officer_register(enterprise=enterprise, actor=enterprise_user, name="李", phone="12345", position="HR")
    assert RecommendationOfficer.objects.count() == 1


def test_staff_only(login, enterprise_user, client):
    assert login(enterprise_user).get(reverse("recruitment:staff-officer-compliance")).status_code in (302, 403)
