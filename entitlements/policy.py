"""Policy data of the entitlements: the Hebei minimum wage per tier and the tier of each of
Xingtai's county units (effective-dated policy figures), and the parameter sets of the rounds of
社保补贴 (hard-to-employ people, graduates) and 就业见习补贴, kept on ``subsidies.SchemeRound``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import policy
from xingtai_jobs.core.policy import DATE, INT, MONEY, RATE, TEXT, Figure, Unit

# The 20 county-level units of Xingtai (xingtai_jobs/core/data/xingtai_regions.csv).
REGION_CODES = ("130502", "130503", "130505", "130506", "130522", "130523", "130524", "130525", "130528", "130529",
                "130530", "130531", "130532", "130533", "130534", "130535", "130581", "130582", "130571", "130572")

MIN_WAGE = policy.declare("entitlements.min_wage", _("Hebei minimum wage (monthly, per tier)"), [
    Figure("tier_1", _("Minimum monthly wage, tier 1"), MONEY, Unit.YUAN, min=1, max=100000),
    Figure("tier_2", _("Minimum monthly wage, tier 2"), MONEY, Unit.YUAN, min=1, max=100000),
    Figure("tier_3", _("Minimum monthly wage, tier 3"), MONEY, Unit.YUAN, min=1, max=100000),
], order=60)

MIN_WAGE_TIER = policy.declare("entitlements.min_wage_tier", _("Minimum-wage tier of each county unit"), [
    Figure(f"r{code}", format_lazy("{} {}", _("Minimum-wage tier of county unit"), code), INT, Unit.NONE, min=1, max=3)
    for code in REGION_CODES
], order=61)


def min_wage_tier(region_code: str, on: dt.date) -> int:
    return int(policy.value(f"entitlements.min_wage_tier.r{region_code}", on=on))


def min_wage(tier: int, on: dt.date) -> Decimal:
    return Decimal(policy.value(f"entitlements.min_wage.tier_{tier}", on=on))


def min_wage_for_region(region_code: str, on: dt.date) -> tuple[int, Decimal]:
    tier = min_wage_tier(region_code, on)
    return tier, min_wage(tier, on)


# The payout periods a round may pay by, and how many months each groups into one item: the one
# source (the figure's choices, the rounds' validation, the grouping of lines in services_payouts).
PAYOUT_PERIODS = {"monthly": 1, "quarterly": 3}

_SI_COMMON = [
    Figure("contract_from", _("Labour contracts starting from"), DATE),
    Figure("contract_to", _("Labour contracts starting up to"), DATE),
    Figure("min_contract_months", _("Shortest contract term"), INT, Unit.MONTHS, min=1, max=120),
    Figure("no_contribution_months", _("Ends after this many consecutive months without contributions"), INT, Unit.MONTHS,
           min=1, max=36, help=_("Months with no row of the employer, in arrears or with nothing paid, one after the other, "
                                 "since the last paid month (or the start month).")),
    Figure("insurances", _("Insurances covered, employer part (codes, comma separated)"), TEXT),
    Figure("payout_period", _("Payout period (monthly or quarterly)"), TEXT, choices=tuple(PAYOUT_PERIODS)),
    Figure("notice_working_days", _("Public notice period"), INT, Unit.WORKING_DAYS, min=0, max=60),
    Figure("max_payment_attempts", _("Payment attempts before manual handling"), INT, Unit.TIMES, min=1, max=20),
    Figure("batch_max_items", _("Items per payout batch, at most"), INT, Unit.ITEMS, min=1, max=1000000),
    Figure("clause", _("Policy clause"), TEXT),
]

SI_HARDSHIP = policy.declare_set("entitlements.si_hardship", _("Social-insurance subsidy for hard-to-employ people (社保补贴) rounds"), [
    *_SI_COMMON[:4],
    Figure("standard_months", _("Standard duration"), INT, Unit.MONTHS, min=1, max=120),
    Figure("until_retirement_months", _("Paid until retirement when retirement is fewer months away than"), INT, Unit.MONTHS, min=1, max=240),
    *_SI_COMMON[4:],
])

SI_GRADUATE = policy.declare_set("entitlements.si_graduate", _("Social-insurance subsidy for graduates (社保补贴) rounds"), [
    *_SI_COMMON[:4],
    Figure("max_months", _("Duration"), INT, Unit.MONTHS, min=1, max=60),
    Figure("graduate_window_years", _("Graduates within this many years of leaving school"), INT, Unit.YEARS, min=0, max=5),
    Figure("unit_types", _("Unit types covered (codes, comma separated)"), TEXT),
    Figure("size_classes", _("Enterprise sizes covered (codes, comma separated)"), TEXT),
    *_SI_COMMON[4:],
])

INTERNSHIP = policy.declare_set("entitlements.internship", _("Internship subsidy (就业见习补贴) rounds"), [
    Figure("placement_from", _("Placements starting from"), DATE),
    Figure("placement_to", _("Placements starting up to"), DATE),
    Figure("min_planned_months", _("Shortest internship agreement"), INT, Unit.MONTHS, min=1, max=36),
    Figure("max_planned_months", _("Longest internship agreement"), INT, Unit.MONTHS, min=1, max=36),
    Figure("max_months", _("Months subsidised, at most"), INT, Unit.MONTHS, min=1, max=36),
    Figure("rate", _("Monthly subsidy as a share of the minimum wage"), RATE, Unit.SHARE),
    Figure("retained_rate", _("Share of the minimum wage for hosts that retain enough interns"), RATE, Unit.SHARE),
    Figure("retention_share", _("Interns retained, at least (share of the host's interns)"), RATE, Unit.SHARE),
    *_SI_COMMON[5:],
])

SETS = {"si_hardship": SI_HARDSHIP, "si_graduate": SI_GRADUATE, "internship": INTERNSHIP}
SCHEMES = tuple(SETS)


def _owners(scheme_code: str):
    from subsidies.policy import _owners as subsidy_owners

    return subsidy_owners(scheme_code)


def _change(**kwargs):
    from subsidies.services import round_set_parameter

    return round_set_parameter(round_id=kwargs.pop("owner_id"), **kwargs)


for _code, _set in SETS.items():
    _set.owners = (lambda code: (lambda: _owners(code)))(_code)
    _set.change = _change


def round_defaults(scheme_code: str) -> dict:
    return policy.set_defaults(f"entitlements.{scheme_code}")


def round_provisional(scheme_code: str) -> list[str]:
    return policy.set_provisional(f"entitlements.{scheme_code}")
