"""The register through HTTP: the API contract, ?year= and ?as_of=, bad input, the cache and its
invalidation, query counts, the staff export read back, the weekly snapshot task."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from measures import services
from measures.models import Craftsman, Indicator, Snapshot
from recruitment.models import InternshipPost
from tests.factories import EnterpriseFactory
from tests.measures.helpers import at

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/v1/measures/"


def posts(region, *pairs):
    host = EnterpriseFactory(region=region)
    for positions, when in pairs:
        InternshipPost.objects.create(host=host, title="见习", positions=positions, duration_months=6, stipend=Decimal("1900"),
                                      region=region, status=InternshipPost.Status.APPROVED, approved_at=when)


def indicator(body, code):
    return next(i for m in body for i in m["indicators"] if i["code"] == code)


def test_api_lists_all_23_measures_with_the_contract_fields(client, region_a):
    posts(region_a, (3900, at(2024, 9, 1)))
    body = client.get(API, {"year": 2024, "as_of": "2024-09-30"}).json()
    assert [m["number"] for m in body] == list(range(1, 24))
    assert all(m["title"] and m["indicators"] for m in body)
    row = indicator(body, "internship_posts")
    assert {k: row[k] for k in ("code", "unit", "year", "target", "value", "deadline", "schedule", "expected_share", "status",
                                "source", "as_of")} == {
        "code": "internship_posts", "unit": "个", "year": 2024, "target": 5200, "value": 3900, "deadline": "2024-12-31",
        "schedule": "pro_rata", "expected_share": "0.749", "status": "on_track", "source": "computed", "as_of": "2024-09-30"}
    loan = indicator(body, "loan_publicity_weeks")
    assert (loan["schedule"], loan["expected_share"], loan["status"], loan["source"]) == ("fixed_months", "0.800", "no_data", "reported")
    assert indicator(body, "si_subsidy_paid")["target"] == "10000000.00"  # yuan as a string
    assert indicator(body, "craftsmen")["source"] == "registry"
    assert indicator(body, "reception_fridays")["target_confirmed"] is False  # provisional, shown as such
    assert sum(len(m["indicators"]) for m in body) == Indicator.objects.count() == 39


def test_as_of_reads_the_figure_as_it_stood_from_the_datas_dates(client, region_a):
    posts(region_a, (100, at(2024, 3, 1)), (200, at(2024, 8, 1)))
    assert indicator(client.get(API, {"as_of": "2024-05-01"}).json(), "internship_posts")["value"] == 100
    later = indicator(client.get(API, {"as_of": "2024-08-01"}).json(), "internship_posts")
    assert later["value"] == 300 and later["year"] == 2024 and later["data_date"] == "2024-08-01"
    after = indicator(client.get(API, {"year": 2024, "as_of": "2025-01-05"}).json(), "internship_posts")
    assert after["status"] == "missed" and after["expected_share"] == "1.000"


@pytest.mark.parametrize("params, field", [
    ({"as_of": "2024-13-01"}, "as_of"), ({"as_of": "yesterday"}, "as_of"), ({"as_of": "1999-01-01"}, "as_of"),
    ({"year": "abc"}, "year"), ({"year": "99999"}, "year"), ({"year": "-1"}, "year"),
])
def test_bad_query_parameters_are_a_400_with_a_message(client, params, field):
    response = client.get(API, params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400 and field in response.json()
    # the page ignores them and shows the default
    assert client.get("/measures/", params).status_code == 200


def test_public_page_and_api_come_from_the_cache_until_data_changes(client, region_a, city_officer, second_city_officer,
                                                                    django_assert_max_num_queries,
                                                                    django_capture_on_commit_callbacks):
    assert "no_data" in str(client.get(API, {"year": 2024, "as_of": "2024-09-30"}).json())
    with django_assert_max_num_queries(60):
        page = client.get("/measures/", {"year": 2024, "as_of": "2024-09-30"})
    assert page.status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/measures/", {"year": 2024, "as_of": "2024-09-30"}).status_code == 200
        client.get(API, {"year": 2024, "as_of": "2024-09-30"})
    star = Craftsman(region=region_a, name="王建国", employer="德龙钢铁", occupation="焊工", achievements="技术革新3项",
                     publicity_date=D(2024, 5, 20))
    with django_capture_on_commit_callbacks(execute=True):
        services.registry_save(obj=star, actor=city_officer)
    assert indicator(client.get(API, {"year": 2024, "as_of": "2024-09-30"}).json(), "craftsmen")["value"] is None  # not approved
    assert indicator(client.get(API, {"year": 2024, "as_of": "2024-09-30"}).json(), "craftsmen")["value"] is None
    with django_capture_on_commit_callbacks(execute=True):
        services.registry_approve(obj=star, actor=second_city_officer)
    assert indicator(client.get(API, {"year": 2024, "as_of": "2024-09-30"}).json(), "craftsmen")["value"] == 1
    assert "王建国" in client.get("/measures/10/", {"year": 2024}).content.decode()


def test_the_page_works_without_javascript_and_has_no_inline_script(client):
    html = client.get("/measures/", {"year": 2024, "as_of": "2024-09-30"}).content.decode()
    assert html.count('class="measure"') == 23
    assert "<table class=\"data trend-table\">" in html and "vendor/echarts.min.js" in html
    import re

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # every script is a file ('self')
    detail = client.get("/measures/12/", {"year": 2024}).content.decode()
    assert 'id="counties-internship_posts"' in detail and "襄都区" in detail and "第12条" in detail


def test_staff_export_is_exactly_what_is_shown_and_county_staff_see_their_county(login, city_officer, county_officer, region_a):
    posts(region_a, (40, at(2024, 2, 1)))
    response = login(city_officer).get(reverse("measures:staff-index"), {"year": 2024, "as_of": "2024-09-30", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 39 and len(rows[0]) == 12 + 20
    internship = next(r for r in rows if r[1] == "募集就业见习岗位")
    assert internship[4] == 5200 and internship[6] == 40 and internship[9] == "at_risk" and internship[12] == 40
    page = login(county_officer).get(reverse("measures:staff-index"), {"year": 2024}).content.decode()
    assert "襄都区" in page and "信都区" not in page
    sheet = load_workbook(io.BytesIO(login(county_officer).get(reverse("measures:staff-index"), {"year": 2024, "format": "xlsx"}).content),
                          read_only=True).active
    assert len(next(sheet.iter_rows(values_only=True))) == 13


def test_staff_pages_are_for_bureau_staff(client, login, enterprise_user):
    assert client.get(reverse("measures:staff-index")).status_code == 302
    assert login(enterprise_user).get(reverse("measures:staff-index")).status_code in (302, 403)


def test_the_weekly_snapshot_task_copies_every_indicator(region_a):
    from measures.tasks import snapshot_weekly

    posts(region_a, (7, at(2024, 1, 3)))
    assert snapshot_weekly.delay().get() == 39
    assert Snapshot.objects.filter(year=dt.date.today().year).count() == 39
    snapshot_weekly.delay()  # same day again: updated, not duplicated
    assert Snapshot.objects.count() == 39
