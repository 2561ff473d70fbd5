"""The default method (version 1) on small hand-computed cases, on PostgreSQL and SQLite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rankings.models import Ranking, RankingExclusion
from rankings.services import ranking_compute
from tests.rankings.factories import disputes, enterprise, months, three_enterprises

pytestmark = pytest.mark.django_db


def rows(ranking):
    return {e.enterprise.name: e for e in ranking.entries.select_related("enterprise")}


def test_three_enterprises_match_the_hand_computation(region_b):
    three_enterprises(2023, region_b)
    ranking = ranking_compute(year=2023)
    assert ranking.status == Ranking.Status.PREVIEW and ranking.population_count == 3
    r = rows(ranking)
    a, b, c = r["甲公司"], r["乙公司"], r["丙公司"]
    # metrics
    assert (a.insured_sum, a.growth, a.growth_base, a.hires, a.claims, a.disputes) == (1200, 10, "prev_dec", 120, 0, 0)
    assert (b.insured_sum, b.growth, b.growth_base, b.hires, b.claims) == (590, 10, "jan", 12, 12)
    assert (c.growth, c.disputes) == (-10, 2)
    # percentiles: ties share a percent rank (growth: A and B; layoff: A and C; disputes: A and B)
    assert (a.p_total, a.p_growth, a.p_hires, a.p_layoff, a.p_dispute) == tuple(Decimal(x) for x in ("0.5", "0.5", "1", "0.5", "0.5"))
    assert (b.p_total, b.p_growth, b.p_hires, b.p_layoff, b.p_dispute) == tuple(Decimal(x) for x in ("0", "0.5", "0.5", "0", "0.5"))
    assert (c.p_total, c.p_growth, c.p_hires, c.p_layoff, c.p_dispute) == tuple(Decimal(x) for x in ("1", "0", "0", "0.5", "0"))
    assert (a.score, b.score, c.score) == (Decimal("62.50"), Decimal("30.00"), Decimal("35.00"))
    assert (a.rank, c.rank, b.rank) == (1, 2, 3)


def test_score_is_rounded_half_up():
    # nine enterprises alike except growth; the second-lowest growth scores 100 × 0.25 × 1/8 = 3.125 → 3.13
    for i in range(9):
        e = enterprise(200 + i, f"企业{i}")
        months(e, 2023, 50, prev_dec=50 - (i - 1))  # growth = i - 1
    ranking = ranking_compute(year=2023)
    second = rows(ranking)["企业1"]
    assert second.p_growth == Decimal("0.125")
    assert second.score == Decimal("3.13")


def test_equal_scores_and_totals_are_ordered_by_credit_code():
    low = enterprise(301, "代码小")
    high = enterprise(302, "代码大")
    for e in (high, low):
        months(e, 2023, 30, new_insured=1, prev_dec=30)
    r = rows(ranking_compute(year=2023))
    assert r["代码小"].score == r["代码大"].score
    assert r["代码小"].uscc < r["代码大"].uscc
    assert (r["代码小"].rank, r["代码大"].rank) == (1, 2)


def test_a_population_of_one_has_every_percentile_zero():
    e = enterprise(401, "独家公司")
    months(e, 2023, 80, new_insured=5, prev_dec=70)
    entry = ranking_compute(year=2023).entries.get()
    assert (entry.p_total, entry.p_growth, entry.p_hires, entry.p_layoff, entry.p_dispute) == (0, 0, 0, 0, 0)
    assert entry.score == Decimal("0.00") and entry.rank == 1


def test_exclusions_are_listed_with_their_reason(monkeypatch):
    ok = enterprise(501, "合格公司")
    months(ok, 2023, 20)
    dishonest = enterprise(502, "失信公司", dishonest=True)
    months(dishonest, 2023, 20)
    closing = enterprise(503, "注销中公司", deregistering=True)
    months(closing, 2023, 20)
    short = enterprise(504, "缺月公司")
    months(short, 2023, 20, skip=(7,))
    zero = enterprise(505, "零参保月公司")
    months(zero, 2023, [20] * 11 + [0])
    arrears = enterprise(506, "欠薪公司")
    months(arrears, 2023, 20)
    disputes(arrears, 2023, 1)
    from tests.wage_arrears.cases import substantiated_case

    substantiated_case(monkeypatch, arrears, on=dt.date(2023, 9, 15))  # a real case, verified in 2023
    ranking = ranking_compute(year=2023)
    assert list(ranking.entries.values_list("enterprise__name", flat=True)) == ["合格公司"]
    reasons = dict(RankingExclusion.objects.filter(ranking=ranking).values_list("enterprise__name", "reason"))
    assert reasons == {"失信公司": "dishonest", "注销中公司": "deregistering", "缺月公司": "incomplete",
                       "零参保月公司": "incomplete", "欠薪公司": "wage_arrears"}
    assert ranking.excluded_count == 5


def test_disputes_and_months_outside_the_year_do_not_count():
    e = enterprise(601, "跨年公司")
    months(e, 2023, 10)
    months(e, 2024, 99)
    disputes(e, 2022, 3)
    entry = ranking_compute(year=2023).entries.get()
    assert (entry.insured_sum, entry.disputes) == (120, 0)
