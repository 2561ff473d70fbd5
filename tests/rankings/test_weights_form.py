"""The ranking weights are edited on /staff/policy/ as one set (they must add up to 1): one form for
the five, validated together, audited before/after; county staff read only; bad input changes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from rankings.models import RankingMethod
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db
NAMES = ["weight_total", "weight_growth", "weight_hires", "weight_layoff", "weight_dispute"]


def _url(method):
    return reverse("policy-set-together-edit", args=["rankings.method", method.pk])


def test_city_staff_change_the_five_weights_in_one_form(login, city_officer):
    method = RankingMethod.objects.get(version=1)
    client = login(city_officer)
    assert _url(method) in client.get(reverse("policy-list")).content.decode()
    page = client.get(_url(method))
    assert page.status_code == 200 and all(f'name="{n}"' in page.content.decode() for n in NAMES)
    data = dict(zip(NAMES, ["0.4", "0.2", "0.2", "0.1", "0.1"], strict=True)) | {"confirmed": "on"}
    assert client.post(_url(method), data).status_code == 302
    method.refresh_from_db()
    assert {k: Decimal(v) for k, v in method.weights.items()} == {
        "total": Decimal("0.4"), "growth": Decimal("0.2"), "hires": Decimal("0.2"), "layoff": Decimal("0.1"), "dispute": Decimal("0.1")}
    assert not set(NAMES) & set(method.provisional or ())
    entry = AuditEvent.objects.get(action="rankings.method.weights_changed")
    assert Decimal(entry.after["weights"]["weight_total"]) == Decimal("0.4")
    assert Decimal(entry.before["weights"]["weight_total"]) == Decimal("0.3")


@pytest.mark.parametrize("values", [["0.5", "0.2", "0.2", "0.1", "0.1"], ["-0.1", "0.5", "0.4", "0.1", "0.1"],
                                    ["x", "0.2", "0.2", "0.1", "0.1"], ["NaN", "0.2", "0.2", "0.3", "0.3"]])
def test_weights_that_do_not_add_up_or_are_not_numbers_are_a_400_and_change_nothing(login, city_officer, values):
    method = RankingMethod.objects.get(version=1)
    before = dict(method.weights)
    response = login(city_officer).post(_url(method), dict(zip(NAMES, values, strict=True)))
    assert response.status_code == 400
    method.refresh_from_db()
    assert method.weights == before and not AuditEvent.objects.filter(action="rankings.method.weights_changed").exists()


def test_county_staff_may_not_open_the_form(login, county_officer):
    method = RankingMethod.objects.get(version=1)
    assert login(county_officer).get(_url(method)).status_code == 403
