"""One error vocabulary: DomainError codes are a closed list mapped once to 400/403/404/409/429 for
the API and the pages; the site's own 403/404/500 pages in its layout, Chinese unless English is
chosen; one set of access decorators (anonymous → login, another role → 403 with the reason)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path
from django_ratelimit.exceptions import Ratelimited
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from tests.factories import UserFactory
from xingtai_jobs.core.access import (
    bureau_staff_required,
    city_staff_required,
    enterprise_required,
    staff_required,
)
from xingtai_jobs.core.errors import HTTP_STATUS, Code, DomainError
from xingtai_jobs.core.models import Department, User

pytestmark = pytest.mark.django_db

EXPECTED = {"invalid": 400, "forbidden": 403, "not_found": 404, "conflict": 409, "rate_limited": 429}


# A URL map for these tests only: the site's URLs plus views that raise what a service raises.
def _page_raising(request, code):
    raise DomainError(f"page says {code}", code=code)


def _page_crashing(request):
    raise RuntimeError("a bug")


def _page_rate_limited(request):
    raise Ratelimited()


@api_view(["GET"])
@permission_classes([AllowAny])
def _api_raising(request, code):
    raise DomainError(f"api says {code}", code=code, field="name")


@api_view(["GET"])
@permission_classes([AllowAny])
def _api_rate_limited(request):
    raise Ratelimited()


@bureau_staff_required
def _bureau_page(request):
    return HttpResponse("bureau page")


@city_staff_required
def _city_page(request):
    return HttpResponse("city page")


@staff_required
def _staff_page(request):
    return HttpResponse("staff page")


@enterprise_required
def _enterprise_page(request):
    return HttpResponse("enterprise page")


urlpatterns = [
    path("test-errors/page/<str:code>/", _page_raising),
    path("test-errors/crash/", _page_crashing),
    path("test-errors/limited/", _page_rate_limited),
    path("test-errors/api/limited/", _api_rate_limited),
    path("test-errors/api/<str:code>/", _api_raising),
    path("test-access/bureau/", _bureau_page),
    path("test-access/city/", _city_page),
    path("test-access/staff/", _staff_page),
    path("test-access/enterprise/", _enterprise_page),
    path("", include("xingtai_jobs.urls")),
]
handler400 = "xingtai_jobs.core.pages.bad_request"
handler403 = "xingtai_jobs.core.pages.permission_denied"
handler404 = "xingtai_jobs.core.pages.page_not_found"
handler500 = "xingtai_jobs.core.pages.server_error"


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_the_codes_are_a_closed_list_with_one_status_each():
    assert {str(c): s for c, s in HTTP_STATUS.items()} == EXPECTED
    assert {c.value for c in Code} == set(EXPECTED)
    for code, status in EXPECTED.items():
        assert DomainError("x", code=code).status == status
    assert DomainError("x").code == "invalid"
    for old in ("bad_state", "state", "duplicate", "locked", ""):
        with pytest.raises(ValueError):
            DomainError("x", code=old)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_the_api_answers_each_code_with_its_status(test_urls, client, code):
    response = client.get(f"/test-errors/api/{code}/")
    assert response.status_code == EXPECTED[code]
    body = response.json()
    assert body["code"] == code and body["detail"] == f"api says {code}" and body["name"] == [f"api says {code}"]


def test_the_api_answers_a_rate_limit_refusal_with_429(test_urls, client):
    response = client.get("/test-errors/api/limited/")
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_pages_answer_each_code_with_its_status_on_the_site_layout(test_urls, client, code):
    response = client.get(f"/test-errors/page/{code}/")
    assert response.status_code == EXPECTED[code]
    html = response.content.decode()
    assert f"page says {code}" in html and "邢台市人力资源和社会保障局" in html and '<html lang="zh-Hans">' in html


def test_a_page_rate_limit_refusal_is_429(test_urls, client):
    response = client.get("/test-errors/limited/")
    assert response.status_code == 429 and "尝试次数过多" in response.content.decode()


def test_a_county_officer_opening_the_city_batches_gets_the_chinese_403_page(login, county_officer):
    response = login(county_officer).get("/staff/subsidies/batches/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in html and "只有市级工作人员可以打开此页面。" in html and "邢台市人力资源和社会保障局" in html
    assert "403 Forbidden" not in html


def test_the_403_page_is_english_when_english_is_chosen(login, county_officer, settings):
    client = login(county_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/staff/subsidies/batches/")
    html = response.content.decode()
    assert response.status_code == 403 and "Access denied" in html and "Only city-level staff may open this page." in html
    assert '<html lang="en">' in html


def test_an_unknown_address_gets_the_chinese_404_page(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html and "邢台市人力资源和社会保障局" in html
    assert "Resolver404" not in html and "tried" not in html


def test_a_crash_gets_the_chinese_500_page(test_urls, db):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/crash/")
    html = response.content.decode()
    assert response.status_code == 500 and "服务器错误" in html and "12333" in html and "a bug" not in html


def test_access_decorators_send_visitors_to_login_and_refuse_other_roles(test_urls, client, login, city_officer,
                                                                        county_officer, enterprise_user, region_a):
    liaison = UserFactory(username="liaison_a", role=User.Role.DEPARTMENT_LIAISON, region=region_a,
                          department=Department.objects.get(code="hrss"))
    citizen = UserFactory(username="citizen_a", role=User.Role.CITIZEN)
    for url in ("/test-access/bureau/", "/test-access/city/", "/test-access/staff/", "/test-access/enterprise/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={url}"
    allowed = {
        "/test-access/staff/": {city_officer, county_officer, liaison},
        "/test-access/bureau/": {city_officer, county_officer},
        "/test-access/city/": {city_officer},
        "/test-access/enterprise/": {enterprise_user},
    }
    for url, who in allowed.items():
        for user in (city_officer, county_officer, liaison, enterprise_user, citizen):
            response = login(user).get(url)
            if user in who:
                assert response.status_code == 200, (url, user)
            else:
                assert response.status_code == 403, (url, user)
                assert "无权访问" in response.content.decode()


def test_an_inactive_account_is_refused(test_urls, login, city_officer):
    client = login(city_officer)
    User.objects.filter(pk=city_officer.pk).update(is_active=False)
    assert client.get("/test-access/city/").status_code == 302  # the session no longer counts: to the login page


def test_a_forbidden_step_answers_403_instead_of_a_flash(login, county_officer, enterprise):
    """A POST that redirects back flashes wrong-state errors, but a refusal of the person is the 403 page."""
    from rankings.models import Ranking

    Ranking.objects.create(year=2023, status=Ranking.Status.PREVIEW, weights={}, top_n=10, correction_window_days=5,
                           method_version=1)
    response = login(county_officer).post("/staff/rankings/2023/publish/", {"force": "on", "reason": "x"})
    assert response.status_code == 403 and "只有市级" in response.content.decode()
    assert Ranking.objects.get(year=2023).status == Ranking.Status.PREVIEW
