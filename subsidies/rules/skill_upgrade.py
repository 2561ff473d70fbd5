"""技能提升补贴 (skills-upgrade subsidy): 邢人社办〔2024〕84号 第二条(三), policy_rules.md §2.

Pure: the facts of one certificate, a round's typed parameters and what the person was already
granted in, a Decision out. A screening processes each person's certificates in order of issue date,
then certificate number (``screen_person``), so a certificate found eligible counts as granted for
the later ones; refused certificates never count.

Parameters (declared, typed and validated by the kernel's policy sets): window_from, window_to
(date); amount_level_5, amount_level_4, amount_level_3 (money; a level without an amount is not
covered); shortage_uplift (rate); min_ui_months, claim_window_months, max_per_year (int); clause.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from dateutil.relativedelta import relativedelta

from subsidies.rules import Check, Decision
from xingtai_jobs.core.money import round_money

LEVEL_NAMES = {5: "五级/初级工", 4: "四级/中级工", 3: "三级/高级工", 2: "二级/技师", 1: "一级/高级技师"}


@dataclass(frozen=True)
class Facts:
    certificate_no: str
    issued_on: dt.date
    level: int
    occupation_code: str
    occupation_name: str
    shortage: bool
    free_training: bool
    ui_months: int  # distinct months up to the issue month with UI paid (unit or personal part > 0), not in arrears
    ui_in_issue_month: bool  # one of them is the month of issue
    benefit_periods: tuple[tuple[dt.date, dt.date | None], ...]  # unemployment-benefit periods (to None: still receiving)
    claimed_on: dt.date  # the run's date, or the application's submission date


@dataclass(frozen=True)
class Grant:
    occupation_code: str
    level: int
    year: int
    certificate_no: str = ""


@dataclass
class Granted:
    """What a person has been granted: confirmed items of earlier rounds and applications, and
    certificates found eligible earlier in the same screening."""

    grants: list[Grant] = field(default_factory=list)

    def add(self, grant: Grant) -> None:
        self.grants.append(grant)


def level_amount(level: int, params: dict) -> Decimal | None:
    value = params.get(f"amount_level_{level}")
    return None if value is None else Decimal(value)


def claim_deadline(issued_on: dt.date, params: dict) -> dt.date:
    """The last day a certificate may be claimed: issue date plus the claim window (a certificate
    issued 2024-03-31 is covered on 2025-03-31)."""
    return issued_on + relativedelta(months=int(params["claim_window_months"]))


def _benefit_on(facts: Facts) -> bool:
    return any(start <= facts.issued_on and (end is None or facts.issued_on <= end) for start, end in facts.benefit_periods)


def decide(facts: Facts, params: dict, granted: Granted) -> Decision:
    insured = facts.ui_months >= int(params["min_ui_months"]) and facts.ui_in_issue_month
    benefit = _benefit_on(facts)
    base = level_amount(facts.level, params)
    # A confirmed grant of this very certificate (an item decided again) does not count against it.
    grants = [g for g in granted.grants if not (g.certificate_no and g.certificate_no == facts.certificate_no)]
    same_occupation = [g for g in grants if g.occupation_code == facts.occupation_code]
    in_year = [g for g in grants if g.year == facts.issued_on.year]
    verdicts = {
        "insured_or_benefit": insured or benefit,
        "level_covered": base is not None,
        "not_free_training": not facts.free_training,
        "claim_window": facts.claimed_on <= claim_deadline(facts.issued_on, params),
        "same_level_once": not any(g.level == facts.level for g in same_occupation),
        "no_downgrade": not any(g.level < facts.level for g in same_occupation),  # 1 is the highest level
        "yearly_limit": len(in_year) < int(params["max_per_year"]),
    }
    failed = [code for code, ok in verdicts.items() if not ok]
    uplift = Decimal(params["shortage_uplift"]) if facts.shortage else Decimal(0)
    amount = round_money(base * (1 + uplift)) if not failed and base is not None else round_money(Decimal(0))
    return Decision(eligible=not failed, amount=amount, rate=uplift, base=round_money(base or Decimal(0)), failed_checks=failed,
                    basis="benefit" if benefit and not insured else ("insured" if insured else None),
                    explain=partial(_explain, facts, params, verdicts, insured, benefit, tuple(same_occupation), len(in_year)))


def screen_person(certificates: Iterable[Facts], params: dict, granted: Granted) -> list[tuple[Facts, Decision]]:
    """Decide a person's certificates in order of issue date, then number; each eligible one counts
    as granted for the next."""
    out = []
    for facts in sorted(certificates, key=lambda f: (f.issued_on, f.certificate_no)):
        decision = decide(facts, params, granted)
        if decision.eligible and not any(g.certificate_no == facts.certificate_no for g in granted.grants):
            granted.add(Grant(facts.occupation_code, facts.level, facts.issued_on.year, facts.certificate_no))
        out.append((facts, decision))
    return out


def _explain(facts: Facts, params: dict, verdicts: dict, insured: bool, benefit: bool, same: tuple, year_count: int) -> list[Check]:
    clause = str(params["clause"])
    months = int(params["min_ui_months"])
    deadline = claim_deadline(facts.issued_on, params)
    covered = "、".join(LEVEL_NAMES[lv] for lv in (5, 4, 3, 2, 1) if level_amount(lv, params) is not None)
    insured_text = (f"截至发证当月累计足额缴纳失业保险 {facts.ui_months} 个月"
                    f"{'（含发证当月）' if facts.ui_in_issue_month else '（发证当月未缴纳）'}，要求不少于 {months} 个月且发证时在职参保；"
                    f"发证日{'在' if benefit else '不在'}领取失业保险金期间。")
    higher = [g for g in same if g.level < facts.level]
    return [
        Check("insured_or_benefit", verdicts["insured_or_benefit"], f"{facts.ui_months} 个月", f">= {months} 个月或领取失业保险金",
              f"{clause}（申领对象）", insured_text),
        Check("level_covered", verdicts["level_covered"], LEVEL_NAMES.get(facts.level, str(facts.level)), covered,
              f"{clause}（补贴标准）", f"证书等级为{LEVEL_NAMES.get(facts.level, facts.level)}，本轮补贴等级：{covered}。"),
        Check("not_free_training", verdicts["not_free_training"], "是" if facts.free_training else "否", "否",
              f"{clause}（政府补贴免费培训取得的证书除外）",
              "证书通过政府补贴的免费培训取得，不重复补贴。" if facts.free_training else "证书不是通过政府补贴的免费培训取得。"),
        Check("claim_window", verdicts["claim_window"], facts.claimed_on.isoformat(), f"<= {deadline.isoformat()}",
              f"{clause}（申领期限）", f"证书 {facts.issued_on.isoformat()} 核发，须在 {deadline.isoformat()} 前（含）申领；"
              f"本次按 {facts.claimed_on.isoformat()} 计。"),
        Check("same_level_once", verdicts["same_level_once"], str(len([g for g in same if g.level == facts.level])), "= 0",
              f"{clause}（同一职业同一等级只能享受一次）",
              f"同一职业（{facts.occupation_name}）同一等级此前{'已' if not verdicts['same_level_once'] else '未'}享受补贴。"),
        Check("no_downgrade", verdicts["no_downgrade"], "、".join(LEVEL_NAMES[g.level] for g in higher) or "无", "无",
              f"{clause}（低于已享受等级的不予补贴）",
              f"同一职业已按更高等级享受补贴（{'、'.join(LEVEL_NAMES[g.level] for g in higher)}）。" if higher
              else "同一职业未按更高等级享受过补贴。"),
        Check("yearly_limit", verdicts["yearly_limit"], str(year_count), f"< {params['max_per_year']}",
              f"{clause}（每人每年享受次数）",
              f"{facts.issued_on.year} 年已享受 {year_count} 次，每人每年最多 {params['max_per_year']} 次。"),
    ]


def validate_parameters(raw: dict) -> dict:
    """The parameters normalised for JSON storage; ValueError naming every problem (declared in
    ``subsidies.policy.SKILL_UPGRADE``)."""
    from subsidies.policy import SKILL_UPGRADE

    return SKILL_UPGRADE.validate(raw)


def prepare(params: dict) -> dict:
    """Validated, typed parameters (dates, Decimals, ints) for ``decide``."""
    from subsidies.policy import SKILL_UPGRADE

    return SKILL_UPGRADE.typed(validate_parameters(params))
