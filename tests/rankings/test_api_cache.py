"""The public rankings API lists come from the same page cache as the pages (ADR 0013): a
withdrawal shows at once; a preview request is never answered from the public cache."""

import pytest

from rankings import services
from tests.rankings.factories import three_enterprises

pytestmark = pytest.mark.django_db


def test_entries_are_cached_and_a_withdrawal_shows_at_once(api_client, region_b, django_assert_num_queries,
                                                           django_capture_on_commit_callbacks):
    three_enterprises(2023, region_b)
    with django_capture_on_commit_callbacks(execute=True):
        ranking = services.ranking_publish(ranking=services.ranking_compute(year=2023), force=True, reason="测试提前发布")
    assert api_client.get("/api/v1/rankings/2023/entries/").json()["count"] == 3
    with django_assert_num_queries(0):
        assert api_client.get("/api/v1/rankings/2023/entries/").json()["count"] == 3
    assert api_client.get("/api/v1/rankings/2023/entries/", {"status": "preview"}).status_code == 403
    assert api_client.get("/api/v1/rankings/").json()["results"][0]["status"] == "published"
    with django_capture_on_commit_callbacks(execute=True):
        services.ranking_withdraw(ranking=ranking, reason="数据有误")
    assert api_client.get("/api/v1/rankings/").json()["results"][0]["status"] == "withdrawn"
