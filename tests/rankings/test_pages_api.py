"""Public pages (cached), PDF/Excel, the API, the enterprise page and the staff pages, with access rules."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.models import Enterprise
from rankings import services
from rankings.models import CorrectionRequest, JobDemand, KeyEnterpriseDesignation, Ranking
from tests.factories import UserFactory
from tests.rankings.factories import enterprise as make_enterprise
from tests.rankings.factories import months, three_enterprises
from xingtai_jobs.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(region_b):
    three_enterprises(2023, region_b)
    ranking = services.ranking_compute(year=2023)
    return services.ranking_publish(ranking=ranking, force=True, reason="测试提前发布")


def test_public_page_shows_lists_method_and_answers_from_the_cache(client, published, django_assert_num_queries):
    url = reverse("rankings:public-detail", args=[2023])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("甲公司") < html.index("丙公司") < html.index("乙公司")
    assert "62.50" in html and "测试提前发布" in html
    assert "30%" in html or "30 %" in html  # the weights shown in the method text
    assert "csrfmiddlewaretoken" in html and "RANKINGS-CSRF" not in html
    with django_assert_num_queries(0):  # the page comes from the cache
        again = client.get(url)
    assert again.content.decode().count("甲公司") == html.count("甲公司")
    region = client.get(url, {"region": "130503"}).content.decode()
    assert "乙公司" in region.split('id="by-region"')[1] and "甲公司" not in region
    large = client.get(url, {"list": "large"}).content.decode()
    assert "丙公司" in large and "甲公司" not in large
    sme = client.get(url, {"list": "sme"}).content.decode()
    assert "甲公司" in sme and "乙公司" in sme and "丙公司" not in sme


def test_withdrawn_ranking_shows_the_reason_and_no_list(client, published, django_capture_on_commit_callbacks):
    assert "甲公司" in client.get(reverse("rankings:public-detail", args=[2023])).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):  # the withdrawal bumps the public version
        services.ranking_withdraw(ranking=published, reason="数据核查中")
    html = client.get(reverse("rankings:public-detail", args=[2023])).content.decode()
    assert "数据核查中" in html and "甲公司" not in html
    assert client.get(reverse("rankings:public-pdf", args=[2023])).status_code == 404


def test_preview_is_not_public(client, region_b):
    three_enterprises(2023, region_b)
    services.ranking_compute(year=2023)
    assert client.get(reverse("rankings:public-detail", args=[2023])).status_code == 404
    assert client.get("/api/v1/rankings/2023/entries/").status_code == 404


def test_pdf_contains_the_title_and_the_first_enterprise(client, published, tmp_path):
    response = client.get(reverse("rankings:public-pdf", args=[2023]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "r.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "2023" in text and "最具就业带动力" in text
    assert "甲公司" in text
    assert "邢台市人力资源和社会保障局" in text


def test_excel_download_lists_the_published_entries(client, published):
    from openpyxl import load_workbook

    response = client.get(reverse("rankings:public-xlsx", args=[2023]))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:3] == (1, Enterprise.objects.get(name="甲公司").uscc, "甲公司") and rows[1][5] == 62.5  # a number cell, not text


def test_api_lists_published_entries_with_filters(api_client, published, django_assert_num_queries):
    listing = api_client.get("/api/v1/rankings/").json()
    assert listing["results"][0]["year"] == 2023
    with django_assert_num_queries(3):  # ranking, count, page
        body = api_client.get("/api/v1/rankings/2023/entries/").json()
    first = body["results"][0]
    assert body["count"] == 3
    assert set(first) == {"uscc", "name", "region_code", "size_class", "rank", "score", "total", "growth", "hires", "layoff_rate",
                          "dispute_rate"}
    assert (first["name"], first["rank"], first["score"], first["total"]) == ("甲公司", 1, "62.50", "100.00")
    region = api_client.get("/api/v1/rankings/2023/entries/", {"region": "130503"}).json()
    assert [r["name"] for r in region["results"]] == ["乙公司"]
    large = api_client.get("/api/v1/rankings/2023/entries/", {"size_class": "large"}).json()
    assert [r["name"] for r in large["results"]] == ["丙公司"]
    sme = api_client.get("/api/v1/rankings/2023/entries/", {"size_class": "sme"}).json()
    assert [r["name"] for r in sme["results"]] == ["甲公司", "乙公司"]


def test_api_preview_only_for_staff_and_scoped_by_region(api_client, region_b, city_officer, county_officer,
                                                          other_county_officer, enterprise_user):
    three_enterprises(2023, region_b)
    services.ranking_compute(year=2023)
    url = "/api/v1/rankings/2023/entries/?status=preview"
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(enterprise_user)
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(city_officer)
    assert api_client.get(url).json()["count"] == 3
    api_client.force_authenticate(county_officer)  # 襄都区: 甲 and 丙
    assert [r["name"] for r in api_client.get(url).json()["results"]] == ["甲公司", "丙公司"]
    api_client.force_authenticate(other_county_officer)  # 信都区: 乙 only
    assert [r["name"] for r in api_client.get(url).json()["results"]] == ["乙公司"]


def test_enterprise_sees_only_its_own_preview_row_and_files_a_correction(login, region_b, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path)}}}
    a, b, c = three_enterprises(2023, region_b)
    services.ranking_compute(year=2023)
    user = UserFactory(username="ent_b", role=User.Role.ENTERPRISE_USER, enterprise=b)
    client = login(user)
    html = client.get(reverse("rankings:enterprise-ranking")).content.decode()
    assert "3 / 3" in html and "甲公司" not in html and "丙公司" not in html
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(reverse("rankings:enterprise-ranking"), {
        "month": "2023-07", "field": "insured_count", "claimed_value": "55", "explanation": "漏报", "evidence": pdf,
    })
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    assert correction.enterprise == b and correction.recorded_value == 50
    assert (tmp_path / correction.evidence.name).exists()  # in the private default storage
    # the evidence is private: another enterprise cannot download it, the owner can
    other = UserFactory(username="ent_x", role=User.Role.ENTERPRISE_USER, enterprise=a)
    evidence_url = reverse("rankings:correction-evidence", args=[correction.pk])
    assert login(other).get(evidence_url).status_code == 404
    assert login(user).get(evidence_url).status_code == 200


def test_staff_pages_scope_and_city_only_actions(login, region_b, city_officer, county_officer, other_county_officer,
                                                 enterprise_user, django_assert_max_num_queries):
    three_enterprises(2023, region_b)
    services.ranking_compute(year=2023)
    url = reverse("rankings:staff-detail", args=[2023])
    html = login(county_officer).get(url).content.decode()
    assert "甲公司" in html and "乙公司" not in html
    assert 'action="/staff/rankings/2023/publish/"' not in html
    client = login(other_county_officer)
    html = client.get(url).content.decode()
    assert "乙公司" in html and "甲公司" not in html
    response = client.post(reverse("rankings:staff-publish", args=[2023]), {"force": "on", "reason": "x"}, follow=True)
    assert "Only city-level staff" in response.content.decode() or "只有市级" in response.content.decode()
    assert Ranking.objects.get(year=2023).status == Ranking.Status.PREVIEW
    assert login(enterprise_user).get(url).status_code == 403  # signed in but not staff: the site's 403 page
    client = login(city_officer)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200
    response = client.post(reverse("rankings:staff-publish", args=[2023]), {"force": "on", "reason": "提前"})
    assert Ranking.objects.get(year=2023).status == Ranking.Status.PUBLISHED


def test_key_enterprise_designation_list_filter_export_and_revoke(login, city_officer, county_officer, enterprise, other_enterprise):
    client = login(county_officer)
    response = client.post(reverse("rankings:staff-key-enterprises"),
                           {"uscc": other_enterprise.uscc, "reason": "稳岗", "designated_on": "2024-01-02"})
    assert response.status_code == 403 and "您无权认定该企业。" in response.content.decode()
    assert not KeyEnterpriseDesignation.objects.exists()  # other county's enterprise: refused
    client.post(reverse("rankings:staff-key-enterprises"), {"uscc": enterprise.uscc, "reason": "吸纳就业多", "designated_on": "2024-01-02"})
    enterprise.refresh_from_db()
    assert enterprise.key_enterprise
    assert AuditEvent.objects.filter(action="rankings.key_enterprise.designated").exists()
    services.key_enterprise_designate(enterprise=other_enterprise, actor=city_officer, reason="重点", designated_on=dt.date(2024, 2, 1))
    html = client.get(reverse("rankings:staff-key-enterprises")).content.decode()
    assert enterprise.name in html and other_enterprise.name not in html
    city = login(city_officer)
    html = city.get(reverse("rankings:staff-key-enterprises"), {"region": "130503"}).content.decode()
    assert other_enterprise.name in html and enterprise.name not in html
    assert city.get(reverse("rankings:staff-key-enterprises"), {"industry": "Q"}).content.decode().count("<tr>") == 2  # head + empty
    xlsx = city.get(reverse("rankings:staff-key-enterprises"), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    designation = KeyEnterpriseDesignation.objects.get(enterprise=enterprise)
    city.post(reverse("rankings:staff-key-enterprises"), {"revoke": designation.pk, "reason": "不再符合"})
    enterprise.refresh_from_db()
    assert not enterprise.key_enterprise


def test_job_demand_filing_and_aggregated_tables(login, client, enterprise, other_enterprise, enterprise_user, city_officer,
                                                 county_officer):
    year = dt.date.today().year
    c = login(enterprise_user)
    for occupation, n in (("焊工", 5), ("焊工", 3), ("电工", 2)):
        c.post(reverse("rankings:enterprise-job-demand"), {
            "year": year, "quarter": 1, "occupation": occupation, "headcount": n, "education": "high_school",
            "skill_level": "level4", "pay_min": "4000", "pay_max": "6000"})
    bad = c.post(reverse("rankings:enterprise-job-demand"), {
        "year": year, "quarter": 1, "occupation": "焊工", "headcount": 1, "education": "any", "skill_level": "none",
        "pay_min": "6000", "pay_max": "4000"})
    assert bad.status_code == 400 and JobDemand.objects.count() == 3
    services.job_demand_file(enterprise=other_enterprise, actor=city_officer, year=year, quarter=1, occupation="焊工", headcount=4,
                             education="any", skill_level="none", pay_min=3000, pay_max=5000)
    client.logout()
    public = client.get(reverse("rankings:public-job-demand")).content.decode()
    assert "14" in public and enterprise.contact_phone not in public and enterprise.name not in public
    staff = login(county_officer).get(reverse("rankings:staff-job-demand")).content.decode()
    assert "10" in staff  # own region only: 5 + 3 + 2
    xlsx = login(city_officer).get(reverse("rankings:staff-job-demand"), {"format": "xlsx"})
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[-1][3] == 14


def test_public_ranking_list_query_count(client, published, django_assert_num_queries):
    client.get(reverse("rankings:public-index"))
    with django_assert_num_queries(0):
        assert client.get(reverse("rankings:public-index")).status_code == 200


def test_population_of_one_enterprise_through_the_page(client):
    e = make_enterprise(900, "唯一企业")
    months(e, 2023, 10)
    services.ranking_publish(ranking=services.ranking_compute(year=2023), force=True, reason="x")
    assert "唯一企业" in client.get(reverse("rankings:public-detail", args=[2023])).content.decode()


def test_staff_file_job_demand_on_behalf_within_their_region(login, county_officer, enterprise, other_enterprise):
    year = dt.date.today().year
    fields = {"year": year, "quarter": 2, "occupation": "叉车司机", "headcount": 3, "education": "any", "skill_level": "none",
              "pay_min": "4000", "pay_max": "5000"}
    client = login(county_officer)
    client.post(reverse("rankings:staff-job-demand"), {**fields, "uscc": other_enterprise.uscc})
    assert not JobDemand.objects.exists()  # another county's enterprise: refused
    assert client.post(reverse("rankings:staff-job-demand"), {**fields, "uscc": enterprise.uscc}).status_code == 302
    demand = JobDemand.objects.get()
    assert demand.enterprise == enterprise and demand.filed_by == county_officer
    assert AuditEvent.objects.filter(action="rankings.job_demand.filed").exists()
