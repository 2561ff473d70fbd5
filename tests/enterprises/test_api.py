import datetime as dt

import pytest
from rest_framework.authtoken.models import Token

from enterprises.models import EmploymentReport
from tests.factories import EnterpriseFactory, InsuranceMonthFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/enterprises/"


def test_token_auth_works_and_anonymous_is_refused(api_client, city_officer, enterprise):
    assert api_client.get(BASE).status_code in (401, 403)
    token = Token.objects.create(user=city_officer)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api_client.get(BASE)
    assert response.status_code == 200
    assert response.json()["results"][0]["uscc"] == enterprise.uscc


def test_county_officer_lists_only_own_region_and_cannot_read_another(api_client, county_officer, enterprise, other_enterprise):
    api_client.force_authenticate(county_officer)
    usccs = [r["uscc"] for r in api_client.get(BASE).json()["results"]]
    assert usccs == [enterprise.uscc]
    assert api_client.get(f"{BASE}{other_enterprise.pk}/").status_code == 404
    InsuranceMonthFactory(enterprise=other_enterprise)
    assert api_client.get(f"{BASE}insurance-months/").json()["count"] == 0


def test_filters_search_and_masked_phone(api_client, city_officer, enterprise, other_enterprise):
    api_client.force_authenticate(city_officer)
    rows = api_client.get(BASE, {"region": "130503"}).json()["results"]
    assert [r["uscc"] for r in rows] == [other_enterprise.uscc]
    rows = api_client.get(BASE, {"search": "钢铁"}).json()["results"]
    assert [r["uscc"] for r in rows] == [enterprise.uscc]
    assert rows[0]["contact_phone"] == "138****1111"
    assert api_client.get(BASE, {"size_class": "large"}).json()["count"] == 0


def test_enterprise_list_and_insurance_list_query_counts_are_pinned(api_client, city_officer, region_a, django_assert_num_queries):
    for _ in range(5):
        ent = EnterpriseFactory(region=region_a)
        InsuranceMonthFactory(enterprise=ent)
        EmploymentReport.objects.create(enterprise=ent, month=dt.date(2024, 1, 1), headcount=1, new_hires=0, separations=0,
                                        layoffs=0, vacancies=0)
    api_client.force_authenticate(city_officer)
    with django_assert_num_queries(2):  # count + page (region joined)
        assert api_client.get(BASE).status_code == 200
    with django_assert_num_queries(2):
        assert api_client.get(f"{BASE}insurance-months/").json()["count"] == 5
    with django_assert_num_queries(2):
        assert api_client.get(f"{BASE}employment-reports/").status_code == 200


def test_enterprise_user_posts_own_report_through_the_service(api_client, enterprise_user, enterprise, other_enterprise):
    api_client.force_authenticate(enterprise_user)
    data = {"month": "2024-01", "headcount": 50, "new_hires": 2, "separations": 1, "layoffs": 0, "vacancies": 3}
    response = api_client.post(f"{BASE}employment-reports/", data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["consistency"] == "no_previous"
    response = api_client.post(f"{BASE}employment-reports/", data | {"month": "2024-02", "headcount": 60}, format="json")
    assert response.json()["consistency"] == "inconsistent"
    again = api_client.post(f"{BASE}employment-reports/", data | {"month": "2024-02", "headcount": 51}, format="json")
    assert again.status_code == 200 and again.json()["consistency"] == "ok"
    bad = api_client.post(f"{BASE}employment-reports/", data | {"month": "2024-03", "layoffs": 5}, format="json")
    assert bad.status_code == 400 and "layoffs" in bad.json()
    assert EmploymentReport.objects.filter(enterprise=enterprise).count() == 2
    # the enterprise field is read-only: a report cannot be planted on another enterprise
    api_client.post(f"{BASE}employment-reports/", data | {"month": "2024-03", "enterprise": other_enterprise.pk}, format="json")
    assert not EmploymentReport.objects.filter(enterprise=other_enterprise).exists()
    assert [r["uscc"] for r in api_client.get(BASE).json()["results"]] == [enterprise.uscc]


def test_staff_cannot_post_reports_and_other_county_cannot_read_them(api_client, county_officer, other_county_officer, enterprise):
    EmploymentReport.objects.create(enterprise=enterprise, month=dt.date(2024, 1, 1), headcount=1, new_hires=0, separations=0,
                                    layoffs=0, vacancies=0)
    api_client.force_authenticate(county_officer)
    assert api_client.post(f"{BASE}employment-reports/", {"month": "2024-02", "headcount": 1, "new_hires": 0, "separations": 0,
                                                          "layoffs": 0, "vacancies": 0}, format="json").status_code == 403
    assert api_client.get(f"{BASE}employment-reports/").json()["count"] == 1
    api_client.force_authenticate(other_county_officer)
    assert api_client.get(f"{BASE}employment-reports/").json()["count"] == 0
