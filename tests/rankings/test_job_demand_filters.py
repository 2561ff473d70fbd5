"""Hardening mend 4 (issue 11, review): the job-demand pages answer an explicit bad filter with 400
and its message (as the portal's other filters do), never a silent 200 of the unfiltered table; an
unknown parameter is ignored; the staff export is not produced for a bad filter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rankings.models import JobDemand

pytestmark = pytest.mark.django_db

BAD = [{"year": "abc"}, {"year": "1999"}, {"year": "2101"}, {"year": "²⁰²⁴"}, {"year": "٢٠٢٤"}, {"year": "1e3"},
       {"year": "99999999999999999999"}, {"quarter": "9"}, {"quarter": "x"}]


@pytest.mark.parametrize("params", BAD)
def test_public_job_demand_refuses_a_bad_filter_with_its_message(client, params, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    response = client.get(reverse("rankings:public-job-demand"), params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400, params
    name = next(iter(params))
    assert response.context["form"].errors[name], params
    assert "errorlist" in response.content.decode()


def test_public_job_demand_takes_a_good_filter_and_ignores_unknown_parameters(client):
    url = reverse("rankings:public-job-demand")
    assert client.get(url, {"year": dt.date.today().year, "quarter": "2"}).status_code == 200
    assert client.get(url, {"utm_source": "poster"}).status_code == 200
    assert client.get(url, {"year": "２０２４"}).status_code == 200  # full-width digits are read deliberately


@pytest.mark.parametrize("params", BAD[:4])
def test_staff_job_demand_refuses_a_bad_filter_and_exports_nothing(login, city_officer, params):
    client = login(city_officer)
    url = reverse("rankings:staff-job-demand")
    response = client.get(url, params)
    assert response.status_code == 400 and response.context["form"].errors
    export = client.get(url, {**params, "format": "xlsx"})
    assert export.status_code == 400 and "spreadsheet" not in export.get("Content-Type", "")
    assert client.get(url, {"format": "xlsx"}).status_code == 200


def test_staff_filing_with_bad_fields_is_a_400_and_stores_nothing(login, county_officer, enterprise):
    fields = {"year": dt.date.today().year, "quarter": 2, "occupation": "叉车司机", "headcount": "3000000000", "education": "any",
              "skill_level": "none", "pay_min": "NaN", "pay_max": "5000", "uscc": enterprise.uscc}
    response = login(county_officer).post(reverse("rankings:staff-job-demand"), fields)
    assert response.status_code == 400
    assert not JobDemand.objects.exists()
