"""The payout periods a round may pay by are written once (``entitlements.policy.PAYOUT_PERIODS``):
the figure's choices refuse any other value wherever a round's parameters are validated (the three
schemes' rules, the policy page), and the grouping of lines reads the same table (issue 10)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from entitlements.policy import PAYOUT_PERIODS, SETS, round_defaults
from subsidies.models import SchemeRound
from subsidies.rules import rule_for
from tests.entitlements.conftest import ensure_round
from xingtai_jobs.core import policy
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_payout_periods_are_monthly_and_quarterly_grouping_one_and_three_months():
    assert PAYOUT_PERIODS == {"monthly": 1, "quarterly": 3}
    for figure_set in SETS.values():
        assert figure_set.spec("payout_period").choices == tuple(PAYOUT_PERIODS)


@pytest.mark.parametrize("code", sorted(SETS))
def test_every_scheme_takes_each_period_and_refuses_any_other(code):
    rule = rule_for(code)
    for period in PAYOUT_PERIODS:
        assert rule.prepare({**round_defaults(code), "payout_period": period})["payout_period"] == period
    for bad in ("weekly", "Monthly", "", "quarterlyx"):
        with pytest.raises(ValueError, match="payout_period"):
            rule.prepare({**round_defaults(code), "payout_period": bad})


def test_a_text_figure_with_choices_says_which_values_it_takes():
    figure = policy.Figure("period", "发放周期", policy.TEXT, choices=("monthly", "quarterly"))
    assert figure.parse(" quarterly ") == "quarterly"
    with pytest.raises(ValueError, match="monthly, quarterly"):
        figure.parse("yearly")
    with pytest.raises(Exception, match="only a text figure"):
        policy.Figure("n", "n", policy.INT, choices=("1",))


def test_the_policy_page_refuses_another_period_and_saves_nothing(login, city_officer):
    round_ = ensure_round("si_hardship")
    url = reverse("policy-set-edit", args=["entitlements.si_hardship", round_.pk, "payout_period"])
    client = login(city_officer)
    bad = client.post(url, {"value": "weekly", "confirmed": "on"})
    assert bad.status_code == 400
    round_ = SchemeRound.objects.get(pk=round_.pk)
    assert round_.parameters["payout_period"] == round_defaults("si_hardship")["payout_period"]
    assert not AuditEvent.objects.filter(action__endswith="parameter_changed").exists()
    assert client.post(url, {"value": "monthly", "confirmed": "on"}).status_code == 302
    assert SchemeRound.objects.get(pk=round_.pk).parameters["payout_period"] == "monthly"
