"""The ranking's state machine (rankings/workflows.py) decides the staff page's forms and the services."""

from __future__ import annotations

import datetime as dt

import pytest

from rankings import services
from rankings.models import Ranking
from rankings.workflows import RANKING
from tests.factories import InsuranceMonthFactory
from tests.workflow_matrix import assert_buttons_and_services_follow_the_table
from xingtai_jobs.core.errors import DomainError

pytestmark = pytest.mark.django_db

WEIGHTS = {"total": "0.3", "growth": "0.25", "hires": "0.25", "layoff": "0.1", "dispute": "0.1"}


@pytest.fixture
def ranking_matrix(city_officer, enterprise, login):
    client = login(city_officer)
    years = iter(range(2001, 2100))

    def make(state: str, step: str) -> Ranking:
        year = next(years)
        InsuranceMonthFactory(enterprise=enterprise, month=dt.date(year, 1, 1))
        return Ranking.objects.create(year=year, status=state, method_version=1, weights=WEIGHTS, top_n=10,
                                      correction_window_days=5, population_count=3)

    def call(step: str, r: Ranking):
        r = Ranking.objects.get(pk=r.pk)
        return {
            "parameters": lambda: services.ranking_set_parameters(ranking=r, actor=city_officer, weights=WEIGHTS,
                                                                  top_n=20, correction_window_days=5),
            "compute": lambda: services.ranking_compute_start(ranking=r, actor=city_officer, queue=False),
            "publish": lambda: services.ranking_publish(ranking=r, actor=city_officer),
            "withdraw": lambda: services.ranking_withdraw(ranking=r, actor=city_officer, reason="数据来源有误"),
            "reopen": lambda: services.ranking_reopen(ranking=r, actor=city_officer),
        }[step]()

    urls = {"parameters": "parameters", "compute": "compute", "publish": "publish", "withdraw": "withdraw", "reopen": "reopen"}
    return {
        "make": make, "call": call,
        "page": lambda step, r: client.get(f"/staff/rankings/{r.year}/").content.decode(),
        "button": lambda step, r: f'action="/staff/rankings/{r.year}/{urls[step]}/"',
        "state_of": lambda r: Ranking.objects.get(pk=r.pk).status,
    }


def test_every_form_and_every_service_follow_the_ranking_table(ranking_matrix):
    steps = [s.name for s in RANKING.steps if s.button]
    assert steps == ["parameters", "compute", "publish", "withdraw", "reopen"]
    counts = assert_buttons_and_services_follow_the_table(RANKING, steps=steps, **ranking_matrix)
    assert counts == {"shown": 7, "hidden": 18, "done": 7, "refused": 18}


def test_a_preview_on_stale_figures_offers_no_publish_form_and_the_service_refuses(city_officer, enterprise, login):
    """The page showed the publish form on a preview whose figures changed since the computation
    (the service refused): the form now follows the table."""
    InsuranceMonthFactory(enterprise=enterprise, month=dt.date(2022, 1, 1))
    r = Ranking.objects.create(year=2022, status=Ranking.Status.PREVIEW, method_version=1, weights=WEIGHTS, top_n=10,
                               correction_window_days=5, population_count=3, needs_recompute=True)
    html = login(city_officer).get("/staff/rankings/2022/").content.decode()
    assert 'action="/staff/rankings/2022/publish/"' not in html
    assert 'action="/staff/rankings/2022/compute/"' in html
    with pytest.raises(DomainError, match="重新计算") as info:
        services.ranking_publish(ranking=r, actor=city_officer)
    assert info.value.code == "conflict"


def test_county_staff_see_no_form_and_are_refused(county_officer, enterprise, login):
    InsuranceMonthFactory(enterprise=enterprise, month=dt.date(2022, 1, 1))
    r = Ranking.objects.create(year=2022, status=Ranking.Status.PREVIEW, method_version=1, weights=WEIGHTS, top_n=10,
                               correction_window_days=5, population_count=3)
    response = login(county_officer).get("/staff/rankings/2022/")  # county staff read the preview
    html = response.content.decode()
    assert response.status_code == 200 and "2022" in html
    assert "/staff/rankings/2022/publish/" not in html and "/staff/rankings/2022/compute/" not in html
    with pytest.raises(DomainError) as info:
        services.ranking_publish(ranking=r, actor=county_officer)
    assert info.value.code == "forbidden"
    assert Ranking.objects.get(pk=r.pk).status == Ranking.Status.PREVIEW
