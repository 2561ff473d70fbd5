"""失业保险稳岗返还 (job-stabilisation refund): 邢人社办〔2024〕84号 第二条, policy_rules.md §1.

Pure: plain facts and a round's parameters in, a Decision out. No database, no clock. Every
number comes from the parameters (declared in subsidies/policy.py, defaults in
subsidies/policy_defaults.toml); comparisons are exact (the average headcount is never divided
out: ``avg <= 30`` is tested as ``total <= 30 * months``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache, partial

from subsidies.rules import Check, Decision
from xingtai_jobs.core.money import round_money

ENTERPRISE = "enterprise"
LARGE = "large"


def validate_parameters(raw: dict) -> dict:
    """Return the parameters normalised for JSON storage; ValueError naming every problem. The
    parameters and their bounds are declared in ``subsidies.policy.STABLE_JOB_REFUND``."""
    from subsidies.policy import STABLE_JOB_REFUND

    return STABLE_JOB_REFUND.validate(raw)


@dataclass(frozen=True)
class Facts:
    """One enterprise's figures for one assessment year (from InsuranceMonth and the registry)."""

    full_payment_months: int  # months up to December of the assessment year paid in full (due > 0)
    underpaid_months_in_year: int  # months of the assessment year with paid < due
    months_in_year: int  # months of the assessment year with figures
    insured_total: int  # sum of month-end insured headcounts over the assessment year
    layoffs: int  # sum of new unemployment-benefit claimants over the assessment year
    premium_paid: Decimal  # sum of UI premiums paid over the assessment year
    unit_type: str
    size_class: str
    dishonest: bool
    wage_arrears_blacklisted: bool
    deregistering: bool


def _fmt(value: Decimal, places: int = 2) -> str:
    return str(round_money(value) if places == 2 else value)


def _pct(value: Decimal) -> str:
    return f"{(value * 100).normalize():f}%"


class Prepared(tuple):
    """Validated parameters as numbers (``prepare(params)``): screening prepares once and calls
    ``decide`` 50,000 times with it."""


def prepare(params: dict) -> Prepared:
    return _prepared(tuple(sorted(validate_parameters(params).items())))


@lru_cache(maxsize=32)
def _prepared(items: tuple) -> Prepared:
    p = dict(items)
    return Prepared((p["clause"], p["months_in_year"], p["min_full_payment_months"], Decimal(p["small_unit_max_avg_insured"]),
            Decimal(p["small_unit_max_layoff_ratio"]), Decimal(p["layoff_ratio_limit"]),
            Decimal(p["non_enterprise_large_min_avg_insured"]), Decimal(p["rate_large"]), Decimal(p["rate_sme"])))


def decide(facts: Facts, params: dict | Prepared) -> Decision:
    """``params``: a round's parameters, or ``prepare(params)`` when deciding for many enterprises.

    The verdict is computed here; the check-by-check explanation is built when first read
    (``decision.checks``), so a dry run over the whole city does not format 400,000 sentences."""
    prepared = params if isinstance(params, Prepared) else prepare(params)
    _clause, months, min_full, small_max, small_ratio, ratio_limit, big_min, rate_large, rate_sme = prepared
    total = Decimal(facts.insured_total)
    layoffs = Decimal(facts.layoffs)
    complete = facts.months_in_year >= months
    small = total <= small_max * months
    if small:
        layoff_ok = complete and layoffs * months <= small_ratio * total
    else:
        layoff_ok = complete and (layoffs == 0 or layoffs * months <= ratio_limit * total)
    verdicts = {
        "full_payment_months": facts.full_payment_months >= min_full,
        "no_underpaid_month": facts.underpaid_months_in_year == 0,
        "complete_year": complete,
        "layoff_rate": layoff_ok,
        "not_dishonest": not facts.dishonest,
        "not_wage_arrears_blacklisted": not facts.wage_arrears_blacklisted,
        "not_deregistering": not facts.deregistering,
    }
    large = facts.size_class == LARGE if facts.unit_type == ENTERPRISE else total >= big_min * months
    rate = rate_large if large else rate_sme
    base = round_money(facts.premium_paid)
    failed = [code for code, ok in verdicts.items() if not ok]
    eligible = not failed
    amount = round_money(base * rate) if eligible else round_money(Decimal(0))
    return Decision(eligible=eligible, amount=amount, rate=rate, base=base, failed_checks=failed,
                    explain=partial(_explain, facts, prepared, verdicts, small, large, rate, base))


def _explain(facts: Facts, prepared: tuple, verdicts: dict, small: bool, large: bool, rate: Decimal, base: Decimal) -> list[Check]:
    clause, months, min_full, small_max, small_ratio, ratio_limit, big_min, _rl, _rs = prepared
    total = Decimal(facts.insured_total)
    layoffs = Decimal(facts.layoffs)
    avg_text = _fmt(total / Decimal(months))
    checks = [
        Check("full_payment_months", verdicts["full_payment_months"], str(facts.full_payment_months), f">= {min_full}",
              f"{clause}（足额缴纳失业保险费）",
              f"截至考核年度12月足额缴纳失业保险费 {facts.full_payment_months} 个月，要求不少于 {min_full} 个月。"),
        Check("no_underpaid_month", verdicts["no_underpaid_month"], str(facts.underpaid_months_in_year), "= 0",
              f"{clause}（足额缴纳失业保险费）",
              f"考核年度内欠缴或未足额缴费的月份 {facts.underpaid_months_in_year} 个，要求为 0 个。"),
        Check("complete_year", verdicts["complete_year"], str(facts.months_in_year), f">= {months}",
              f"{clause}（上年度月均参保人数）",
              f"考核年度有参保数据的月份 {facts.months_in_year} 个，计算月均参保人数需要全部 {months} 个月。"),
    ]
    if small:
        threshold = f"<= {_pct(small_ratio)} × {avg_text}"
        explanation = f"月均参保 {avg_text} 人（不超过 {small_max} 人），裁员 {facts.layoffs} 人，要求不超过月均参保人数的 {_pct(small_ratio)}。"
    else:
        threshold = f"= 0 或 <= {_pct(ratio_limit)}"
        ratio = _pct(round_money(layoffs * months * 100 / total) / 100) if total else "0%"
        explanation = (f"月均参保 {avg_text} 人（超过 {small_max} 人），裁员 {facts.layoffs} 人，裁员率 {ratio}，"
                       f"要求零裁员或裁员率不高于 {_pct(ratio_limit)}。")
    checks.append(Check("layoff_rate", verdicts["layoff_rate"], f"{facts.layoffs} / {avg_text}", threshold, f"{clause}（裁员率）", explanation))
    checks.append(Check(
        "not_dishonest", verdicts["not_dishonest"], "是" if facts.dishonest else "否", "否", f"{clause}（严重失信主体除外）",
        "单位被列入严重失信主体名单。" if facts.dishonest else "单位未被列入严重失信主体名单。"))
    checks.append(Check(
        "not_wage_arrears_blacklisted", verdicts["not_wage_arrears_blacklisted"], "是" if facts.wage_arrears_blacklisted else "否", "否",
        f"{clause}（拖欠农民工工资失信联合惩戒名单）",
        "单位在拖欠农民工工资失信联合惩戒名单上。" if facts.wage_arrears_blacklisted else "单位不在拖欠农民工工资失信联合惩戒名单上。"))
    checks.append(Check(
        "not_deregistering", verdicts["not_deregistering"], "是" if facts.deregistering else "否", "否", f"{clause}（注销、破产清算单位除外）",
        "单位处于注销或破产清算中。" if facts.deregistering else "单位未处于注销或破产清算中。"))
    if facts.unit_type == ENTERPRISE:
        basis = "企业划型为大型" if large else "企业划型为中小微型"
    else:
        basis = f"非企业单位月均参保 {avg_text} 人，{'不少于' if large else '少于'} {big_min} 人"
    checks.append(Check("refund_rate", True, _pct(rate), "", f"{clause}（返还比例）",
                        f"{basis}，返还比例 {_pct(rate)}；返还基数为考核年度实际缴纳失业保险费 {base} 元。"))
    return checks
