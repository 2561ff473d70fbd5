"""Back office scoping, the progress bar in the admin, and pinned query counts of the list pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rankings import services
from tests.rankings.factories import three_enterprises

pytestmark = pytest.mark.django_db


@pytest.fixture
def preview(region_b):
    three_enterprises(2023, region_b)
    return services.ranking_compute(year=2023)


def test_admin_entries_are_scoped_by_region(login, preview, county_officer, other_county_officer, city_officer):
    url = reverse("admin:rankings_rankingentry_changelist")
    html = login(county_officer).get(url).content.decode()
    assert "甲公司" in html and "乙公司" not in html
    html = login(other_county_officer).get(url).content.decode()
    assert "乙公司" in html and "甲公司" not in html
    html = login(city_officer).get(url).content.decode()
    assert "甲公司" in html and "乙公司" in html


def test_admin_ranking_page_shows_the_progress_bar_and_audit(login, preview, city_officer):
    html = login(city_officer).get(reverse("admin:rankings_ranking_change", args=[preview.pk])).content.decode()
    assert "<progress" in html and "100%" in html
    assert "rankings.ranking.computed" in html or "rankings.ranking.compute_started" in html


def test_admin_compute_action_starts_a_run(login, preview, city_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(city_officer).post(reverse("admin:rankings_ranking_changelist"),
                                 {"action": "compute", "_selected_action": [preview.pk]})
    preview.refresh_from_db()
    assert preview.status == "preview" and preview.compute_run.status == "done"


def test_staff_preview_page_query_count(login, preview, city_officer, django_assert_num_queries):
    client = login(city_officer)
    client.get(reverse("rankings:staff-detail", args=[2023]))
    with django_assert_num_queries(10):
        client.get(reverse("rankings:staff-detail", args=[2023]))


def test_staff_key_enterprise_and_job_demand_list_query_counts(login, city_officer, enterprise, other_enterprise,
                                                                django_assert_num_queries):
    import datetime as dt

    for e in (enterprise, other_enterprise):
        services.key_enterprise_designate(enterprise=e, actor=city_officer, reason="稳岗", designated_on=dt.date(2024, 1, 2))
        services.job_demand_file(enterprise=e, actor=city_officer, year=dt.date.today().year, quarter=1, occupation="焊工",
                                 headcount=2, education="any", skill_level="none", pay_min=3000, pay_max=4000)
    client = login(city_officer)
    client.get(reverse("rankings:staff-key-enterprises"))
    with django_assert_num_queries(7):
        client.get(reverse("rankings:staff-key-enterprises"))
    with django_assert_num_queries(5):
        client.get(reverse("rankings:staff-job-demand"))


def test_api_ranking_list_query_count(api_client, preview, django_assert_num_queries):
    services.ranking_publish(ranking=preview, force=True, reason="x")
    with django_assert_num_queries(2):  # count, page
        assert api_client.get("/api/v1/rankings/").json()["count"] == 1


def test_admin_refuses_a_method_whose_weights_do_not_add_up(login, city_officer):
    from rankings.models import RankingMethod

    client = login(city_officer)
    response = client.post(reverse("admin:rankings_rankingmethod_add"), {
        "version": 2, "effective_from": "2026-01-01", "weights": '{"total": "0.5", "growth": "0.5", "hires": "0.5", '
        '"layoff": "0", "dispute": "0"}', "top_n": 100, "correction_window_days": 5, "description": "v2"})
    assert response.status_code == 200 and not RankingMethod.objects.filter(version=2).exists()
    assert "1" in response.content.decode()
