import datetime as dt

import pytest

from enterprises.models import EmploymentReport
from enterprises.services import employment_report_submit
from tests.factories import UserFactory
from xingtai_jobs.core.models import User

pytestmark = pytest.mark.django_db


def test_portal_requires_login(client):
    response = client.get("/enterprise/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["city_officer", "county_officer"])
def test_staff_and_citizens_get_a_clear_403(request, login, who):
    response = login(request.getfixturevalue(who)).get("/enterprise/")
    assert response.status_code == 403
    assert "企业" in response.content.decode()
    citizen = UserFactory(username="citizen1", role=User.Role.CITIZEN)
    assert login(citizen).get("/enterprise/reports/submit/").status_code == 403


def test_enterprise_user_sees_own_profile_with_masked_phone_and_nothing_of_others(login, enterprise_user, enterprise, other_enterprise):
    employment_report_submit(enterprise=other_enterprise, month=dt.date(2024, 1, 1), headcount=77, new_hires=0, separations=0,
                             layoffs=0, vacancies=0)
    body = login(enterprise_user).get("/enterprise/").content.decode()
    assert enterprise.name in body and enterprise.uscc in body
    assert "138****1111" in body and "13800001111" not in body
    assert other_enterprise.name not in body and other_enterprise.uscc not in body


def test_submitting_a_report_through_the_form_and_seeing_the_warning(login, enterprise_user, enterprise):
    client = login(enterprise_user)
    data = {"month": "2024-01", "headcount": 100, "new_hires": 0, "separations": 0, "layoffs": 0, "vacancies": 2, "explanation": ""}
    assert client.post("/enterprise/reports/submit/", data).status_code == 302
    data = data | {"month": "2024-02", "headcount": 130, "new_hires": 5}
    response = client.post("/enterprise/reports/submit/", data, follow=True)
    body = response.content.decode()
    assert "consistency-warning" in body
    report = EmploymentReport.objects.get(enterprise=enterprise, month=dt.date(2024, 2, 1))
    assert report.consistency == "inconsistent" and report.submitted_by == enterprise_user
    client.post("/enterprise/reports/submit/", data | {"explanation": "并入分公司25人"})
    report.refresh_from_db()
    assert report.explanation == "并入分公司25人"
    assert EmploymentReport.objects.filter(enterprise=enterprise).count() == 2


def test_bad_form_input_changes_nothing(login, enterprise_user):
    client = login(enterprise_user)
    response = client.post("/enterprise/reports/submit/", {"month": "2999-01", "headcount": -1, "new_hires": 0, "separations": 1,
                                                            "layoffs": 2, "vacancies": 0})
    # was 200: bad input is a 400 on every page now (issue 10, the stricter rule of the house standard)
    assert response.status_code == 400
    assert "headcount" in response.context["form"].errors
    assert not EmploymentReport.objects.exists()


def test_portal_home_query_count_is_fixed(login, enterprise_user, enterprise, django_assert_max_num_queries):
    for m in range(1, 7):
        employment_report_submit(enterprise=enterprise, month=dt.date(2024, m, 1), headcount=10, new_hires=0, separations=0,
                                 layoffs=0, vacancies=0)
    client = login(enterprise_user)
    client.get("/enterprise/")
    with django_assert_max_num_queries(8):
        assert client.get("/enterprise/").status_code == 200


def test_staff_report_status_page_is_scoped(login, county_officer, enterprise, other_enterprise):
    body = login(county_officer).get("/staff/enterprises/reports/?month=2024-01").content.decode()
    assert enterprise.name in body and other_enterprise.name not in body
