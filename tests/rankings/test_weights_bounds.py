"""Hardening mend 9 (issue 11, review): a ranking's weights and bounds are validated as the method's
policy figures (the kernel policy set ``rankings.method``): each weight a plain share 0..1, the
top list and correction window within their declared bounds, and the weights add up to 1. A bad
value is a 400 on the page with its message (not a redirect), and nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rankings import services
from rankings.models import METRICS, Ranking
from rankings.policy import METHOD
from tests.rankings.test_flow import three_enterprises
from xingtai_jobs.core.errors import DomainError

pytestmark = pytest.mark.django_db

GOOD = {"total": "0.3", "growth": "0.25", "hires": "0.25", "layoff": "0.1", "dispute": "0.1"}


@pytest.fixture
def ranking(region_b, city_officer):
    three_enterprises(2023, region_b)
    return services.ranking_compute(year=2023, actor=city_officer)


def _post(weights: dict, top_n="100", window="5") -> dict:
    return {**{f"w_{m}": weights[m] for m in METRICS}, "top_n": top_n, "correction_window_days": window}


@pytest.mark.parametrize(("field", "value"), [
    ("total", "NaN"), ("total", "inf"), ("total", "1e-1"), ("layoff", "-0"), ("total", "1.5"), ("dispute", "-0.1"),
    ("total", "0.30001"), ("total", "²"), ("total", "٠.٣"),
])
def test_a_bad_weight_on_the_page_is_a_400_with_its_message(login, ranking, city_officer, field, value):
    before = Ranking.objects.get(pk=ranking.pk).weights
    response = login(city_officer).post(reverse("rankings:staff-parameters", args=[2023]), _post({**GOOD, field: value}))
    assert response.status_code == 400, (field, value)
    assert response.context["params_form"].errors[f"w_{field}"]
    assert "errorlist" in response.content.decode()
    assert Ranking.objects.get(pk=ranking.pk).weights == before


def test_weights_that_do_not_add_up_to_one_are_a_400_with_the_sum(login, ranking, city_officer):
    response = login(city_officer).post(reverse("rankings:staff-parameters", args=[2023]), _post({**GOOD, "total": "0.4"}))
    assert response.status_code == 400
    assert "1.1" in " ".join(response.context["params_form"].non_field_errors())
    assert Ranking.objects.get(pk=ranking.pk).weights == services.rules.weights_as_json(
        services.rules.parse_weights(Ranking.objects.get(pk=ranking.pk).weights))  # unchanged and still valid


def test_good_weights_are_saved(login, ranking, city_officer):
    response = login(city_officer).post(reverse("rankings:staff-parameters", args=[2023]), _post(GOOD, top_n="50"))
    assert response.status_code == 302
    ranking.refresh_from_db()
    assert ranking.weights == GOOD and ranking.top_n == 50


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"weights": {**GOOD, "total": "NaN"}}, "weights"),
    ({"weights": {**GOOD, "total": "1e-1", "growth": "0.45"}}, "weights"),
    ({"weights": {**GOOD, "total": 2, "growth": -1.05}}, "weights"),
    ({"weights": {**GOOD, "total": True}}, "weights"),
    ({"weights": {**GOOD, "extra": "0"}}, "weights"),
    ({"top_n": int(METHOD.spec("top_n").bounds()[1]) + 1}, "top_n"),  # beyond the declared bound of the policy figure
    ({"top_n": 0}, "top_n"),
    ({"top_n": True}, "top_n"),
    ({"correction_window_days": int(METHOD.spec("correction_window_days").bounds()[1]) + 1}, "correction_window_days"),
])
def test_the_service_validates_through_the_policy_set(ranking, city_officer, kwargs, field):
    args = {"weights": GOOD, "top_n": 100, "correction_window_days": 5, **kwargs}
    before = Ranking.objects.filter(pk=ranking.pk).values("weights", "top_n", "correction_window_days").get()
    with pytest.raises(DomainError) as refused:
        services.ranking_set_parameters(ranking=ranking, actor=city_officer, **args)
    assert refused.value.code == "invalid" and refused.value.field == field
    assert str(refused.value.message)
    assert Ranking.objects.filter(pk=ranking.pk).values("weights", "top_n", "correction_window_days").get() == before


def test_county_staff_may_not_set_parameters(login, ranking, county_officer):
    before = Ranking.objects.get(pk=ranking.pk).weights
    response = login(county_officer).post(reverse("rankings:staff-parameters", args=[2023]), _post({**GOOD, "total": "NaN"}))
    assert response.status_code in (400, 403)  # never saved, whatever the input
    response = login(county_officer).post(reverse("rankings:staff-parameters", args=[2023]), _post(GOOD))
    assert response.status_code in (302, 403)
    assert Ranking.objects.get(pk=ranking.pk).weights == before
