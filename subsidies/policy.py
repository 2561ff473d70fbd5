"""The parameters of each subsidy scheme's rounds, declared for the kernel's policy register.

A round stays the unit of a scheme's parameters (``SchemeRound.parameters``, JSON); the kernel
validates it against the set declared here, lists every round's parameters on /staff/policy/ and
edits them through ``subsidies.services.round_set_parameter`` (city staff, audited). The values a
new round starts from are default data (``[set.<scheme>]`` in ``policy_defaults.toml``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import policy
from xingtai_jobs.core.policy import DATE, INT, MONEY, RATE, TEXT, Figure, Unit

STABLE_JOB_REFUND = policy.declare_set("subsidies.stable_job_refund", _("Stable-job refund (失业保险稳岗返还) rounds"), [
    Figure("min_full_payment_months", _("Months of unemployment-insurance premiums paid in full, at least"), INT, Unit.MONTHS, min=1, max=120),
    Figure("months_in_year", _("Months of the assessment year (for the monthly average insured)"), INT, Unit.MONTHS, min=1, max=12),
    Figure("small_unit_max_avg_insured", _("Small unit: monthly average insured, at most"), INT, Unit.PEOPLE, min=0, max=100000),
    Figure("small_unit_max_layoff_ratio", _("Small unit: layoffs as a share of the average insured, at most"), RATE, Unit.SHARE),
    Figure("layoff_ratio_limit", _("Layoff rate, at most (the surveyed-unemployment control target)"), RATE, Unit.SHARE),
    Figure("non_enterprise_large_min_avg_insured", _("Non-enterprise unit refunded at the large rate from this average insured"), INT, Unit.PEOPLE, min=0, max=1000000),
    Figure("rate_large", _("Refund rate for large enterprises"), RATE, Unit.SHARE),
    Figure("rate_sme", _("Refund rate for small, medium and micro enterprises"), RATE, Unit.SHARE),
    Figure("notice_working_days", _("Public notice period"), INT, Unit.WORKING_DAYS, min=0, max=60),
    Figure("max_payment_attempts", _("Payment attempts before manual handling"), INT, Unit.TIMES, min=1, max=20),
    Figure("batch_max_items", _("Items per payout batch, at most"), INT, Unit.ITEMS, min=1, max=1000000),
    Figure("clause", _("Policy clause"), TEXT),
])

# The money path's own figures (notice period, payment attempts, batch cap): every scheme's rounds
# carry them, declared once.
ENGINE_FIGURES = ("notice_working_days", "max_payment_attempts", "batch_max_items")

JOB_EXPANSION = policy.declare_set("subsidies.job_expansion", _("One-off job-expansion subsidy (一次性扩岗补助) rounds"), [
    Figure("hire_from", _("Labour contracts starting from"), DATE),
    Figure("hire_to", _("Labour contracts starting up to"), DATE),
    Figure("unit_types", _("Unit types covered (codes, comma separated)"), TEXT),
    Figure("amount", _("Subsidy per person hired"), MONEY, Unit.YUAN, max=100000),
    Figure("min_paid_months", _("Months of social insurance paid by the employer, at least"), INT, Unit.MONTHS, min=1, max=36),
    Figure("graduate_window_years", _("Graduates within this many years of leaving school"), INT, Unit.YEARS, min=0, max=5),
    Figure("youth_min_age", _("Registered unemployed youth: age from"), INT, Unit.YEARS_OF_AGE, min=16, max=60),
    Figure("youth_max_age", _("Registered unemployed youth: age up to"), INT, Unit.YEARS_OF_AGE, min=16, max=60),
    *(f for f in STABLE_JOB_REFUND.figures if f.name in ENGINE_FIGURES),
    Figure("clause", _("Policy clause"), TEXT),
])

SKILL_UPGRADE = policy.declare_set("subsidies.skill_upgrade", _("Skills-upgrade subsidy (技能提升补贴) rounds"), [
    Figure("window_from", _("Certificates issued from"), DATE),
    Figure("window_to", _("Certificates issued up to"), DATE),
    Figure("amount_level_5", _("Amount for level 5 (elementary)"), MONEY, Unit.YUAN, max=100000),
    Figure("amount_level_4", _("Amount for level 4 (intermediate)"), MONEY, Unit.YUAN, max=100000),
    Figure("amount_level_3", _("Amount for level 3 (advanced)"), MONEY, Unit.YUAN, max=100000),
    Figure("shortage_uplift", _("Uplift for shortage occupations"), RATE, Unit.SHARE),
    Figure("min_ui_months", _("Months of unemployment insurance, at least"), INT, Unit.MONTHS, min=1, max=120),
    Figure("claim_window_months", _("Months after issue within which a certificate is claimed"), INT, Unit.MONTHS, min=1, max=60),
    Figure("max_per_year", _("Certificates subsidised per person per calendar year, at most"), INT, Unit.TIMES, min=1, max=12),
    *(f for f in STABLE_JOB_REFUND.figures if f.name in ENGINE_FIGURES),
    Figure("clause", _("Policy clause"), TEXT),
])


def _rounds_by_scheme() -> dict[str, list[policy.SetOwner]]:
    """The rounds of every scheme in one query, as the policy page lists them."""
    from subsidies.models import SchemeRound

    out: dict[str, list[policy.SetOwner]] = {}
    for r in (SchemeRound.objects.select_related("scheme", "parameters_changed_by")
              .order_by("scheme__code", "-assessment_year", "pk")):
        out.setdefault(r.scheme.code, []).append(policy.SetOwner(
            pk=r.pk, label=r.name, valid_from=r.opens_on, valid_to=r.closes_on, source=r.source,
            values=r.parameters if isinstance(r.parameters, dict) else {},
            provisional=set(r.provisional or ()), changed_by=r.parameters_changed_by,
            changed_at=r.parameters_changed_at))
    return out


def _owners(scheme_code: str):
    """The rounds of one scheme (the entitlement schemes' sets use it too): read with every other
    scheme's in one query while the policy page lists the sets (``policy.shared``)."""
    return policy.shared("subsidies.rounds", _rounds_by_scheme).get(scheme_code, [])


def _change(**kwargs):
    from subsidies.services import round_set_parameter

    return round_set_parameter(round_id=kwargs.pop("owner_id"), **kwargs)


STABLE_JOB_REFUND.owners = lambda: _owners("stable_job_refund")
STABLE_JOB_REFUND.change = _change
JOB_EXPANSION.owners = lambda: _owners("job_expansion")
JOB_EXPANSION.change = _change
SKILL_UPGRADE.owners = lambda: _owners("skill_upgrade")
SKILL_UPGRADE.change = _change

SETS = {"stable_job_refund": STABLE_JOB_REFUND, "job_expansion": JOB_EXPANSION, "skill_upgrade": SKILL_UPGRADE}


def round_defaults(scheme_code: str) -> dict:
    """The parameters a new round of ``scheme_code`` starts from (validated default data)."""
    return policy.set_defaults(f"subsidies.{scheme_code}")


def round_provisional(scheme_code: str) -> list[str]:
    """The parameters of a new round that no source confirms yet."""
    return policy.set_provisional(f"subsidies.{scheme_code}")
