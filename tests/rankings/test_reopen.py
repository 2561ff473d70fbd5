"""A withdrawn ranking has a way forward: reopen, recompute, preview, publish again (ADR 0021).
Through the services and the staff pages, with the public side saying "withdrawn" meanwhile."""

from __future__ import annotations

import datetime as dt

import pytest

from rankings import services
from rankings.models import PublishedEntry, Ranking
from tests.rankings.factories import three_enterprises
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(region_b, city_officer):
    a, b, c = three_enterprises(2023, region_b)
    ranking = services.ranking_compute(year=2023, actor=city_officer)
    Ranking.objects.filter(pk=ranking.pk).update(correction_deadline=dt.date(2020, 1, 1))
    ranking = services.ranking_publish(ranking=Ranking.objects.get(pk=ranking.pk), actor=city_officer)
    ranking = services.ranking_withdraw(ranking=ranking, actor=city_officer, reason="发现数据错误，重新核实")
    return ranking, a


def test_reopen_recompute_and_publish_again_through_the_services(withdrawn, city_officer, client,
                                                                 django_capture_on_commit_callbacks):
    ranking, a = withdrawn
    with pytest.raises(DomainError, match="重新启动测算") as exc:  # not a dead end: the message names the way
        services.ranking_compute_start(ranking=ranking, actor=city_officer, queue=False)
    assert exc.value.code == "conflict"
    with django_capture_on_commit_callbacks(execute=True):
        ranking = services.ranking_reopen(ranking=ranking, actor=city_officer)
    assert ranking.status == Ranking.Status.DRAFT and ranking.needs_recompute
    assert not PublishedEntry.objects.filter(ranking=ranking).exists()
    entry = AuditEvent.objects.get(action="rankings.ranking.reopened")
    assert entry.before["withdrawn_list"][0][2] == "甲公司" and entry.after["published_rows_removed"] == 3
    # meanwhile the public still reads "withdrawn", with the reason
    html = client.get("/rankings/2023/").content.decode()
    assert "发现数据错误，重新核实" in html
    assert client.get("/api/v1/rankings/").json()["results"][0]["status"] == "withdrawn"
    services.ranking_compute(year=2023, actor=city_officer)
    ranking = Ranking.objects.get(pk=ranking.pk)
    assert ranking.status == Ranking.Status.PREVIEW and not ranking.needs_recompute
    Ranking.objects.filter(pk=ranking.pk).update(correction_deadline=dt.date(2020, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        ranking = services.ranking_publish(ranking=Ranking.objects.get(pk=ranking.pk), actor=city_officer)
    assert ranking.status == Ranking.Status.PUBLISHED and ranking.published_entries.count() == 3
    html = client.get("/rankings/2023/").content.decode()
    assert "重新测算后再次发布" in html and "甲公司" in html
    assert client.get("/api/v1/rankings/").json()["results"][0]["status"] == "published"


def test_only_city_staff_reopen_and_only_a_withdrawn_ranking(withdrawn, county_officer, city_officer):
    ranking, _a = withdrawn
    with pytest.raises(DomainError) as exc:
        services.ranking_reopen(ranking=ranking, actor=county_officer)
    assert exc.value.code == "forbidden"
    assert Ranking.objects.get(pk=ranking.pk).status == Ranking.Status.WITHDRAWN
    services.ranking_reopen(ranking=ranking, actor=city_officer)
    with pytest.raises(DomainError) as exc:
        services.ranking_reopen(ranking=Ranking.objects.get(pk=ranking.pk), actor=city_officer)
    assert exc.value.code == "conflict"


def test_the_staff_page_offers_reopen_and_creating_the_year_again_opens_it(withdrawn, city_officer, county_officer, login):
    client = login(city_officer)
    html = client.get("/staff/rankings/2023/").content.decode()
    assert 'action="/staff/rankings/2023/reopen/"' in html
    response = client.post("/staff/rankings/", {"year": "2023"})  # was the dead end "2023年的排行榜已存在"
    assert response.status_code == 302 and response["Location"] == "/staff/rankings/2023/"
    response = client.post("/staff/rankings/2023/reopen/")
    assert response.status_code == 302
    assert Ranking.objects.get(year=2023).status == Ranking.Status.DRAFT
    assert 'action="/staff/rankings/2023/compute/"' in client.get("/staff/rankings/2023/").content.decode()
    # county staff see no reopen form and the POST changes nothing
    Ranking.objects.filter(year=2023).update(status=Ranking.Status.WITHDRAWN)
    county = login(county_officer)
    assert "/reopen/" not in county.get("/staff/rankings/2023/").content.decode()
    county.post("/staff/rankings/2023/reopen/")
    assert Ranking.objects.get(year=2023).status == Ranking.Status.WITHDRAWN


def test_the_enterprise_sees_its_published_row_outside_the_preview(region_b, city_officer, login):
    from tests.factories import UserFactory
    from xingtai_jobs.core.models import User

    a, b, c = three_enterprises(2023, region_b)
    ranking = services.ranking_compute(year=2023, actor=city_officer)
    Ranking.objects.filter(pk=ranking.pk).update(correction_deadline=dt.date(2020, 1, 1))
    services.ranking_publish(ranking=Ranking.objects.get(pk=ranking.pk), actor=city_officer)
    user = UserFactory(username="ent_jia", role=User.Role.ENTERPRISE_USER, enterprise=a)
    other = UserFactory(username="ent_yi", role=User.Role.ENTERPRISE_USER, enterprise=b)
    html = login(user).get("/enterprise/ranking/").content.decode()
    assert 'id="published-rank">1 / 3<' in html and "甲公司" not in html.split('id="published"')[0].split("<main")[1]
    html = login(other).get("/enterprise/ranking/").content.decode()
    assert 'id="published-rank">3 / 3<' in html
