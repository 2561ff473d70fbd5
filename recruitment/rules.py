"""Pure rules (no database): the 1131 service package and internship eligibility.
Every threshold arrives as an argument (kernel policy figures, read by the caller)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Package1131:
    """The 1131 package in force (policy figures ``recruitment.1131_*``)."""

    briefings: int
    guidance: int
    referrals: int
    training_or_internship: int


@dataclass
class ServiceStatus:
    complete: bool
    missing: list[str] = field(default_factory=list)


def service_1131_status(*, briefings: int, guidance: int, referrals: int, trainings: int, internships: int,
                        package: Package1131) -> ServiceStatus:
    """1131 = 1 policy briefing + 1 career guidance + 3 job referrals + 1 training or internship
    (policy_rules.md §10). Returns what is still missing, in words."""
    missing: list[str] = []
    if briefings < package.briefings:
        missing.append(str(_("policy briefing ×%(n)s") % {"n": package.briefings - briefings}))
    if guidance < package.guidance:
        missing.append(str(_("career guidance ×%(n)s") % {"n": package.guidance - guidance}))
    if referrals < package.referrals:
        missing.append(str(_("job referral ×%(n)s") % {"n": package.referrals - referrals}))
    if trainings + internships < package.training_or_internship:
        missing.append(str(_("training or internship ×%(n)s") % {"n": package.training_or_internship - trainings - internships}))
    return ServiceStatus(complete=not missing, missing=missing)


@dataclass(frozen=True)
class InternRules:
    """Who may be an intern (policy figures ``recruitment.intern_*``)."""

    graduate_window_years: int
    youth_min_age: int
    youth_max_age: int


@dataclass
class Eligibility:
    eligible: bool
    basis: str


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def intern_eligibility(*, birth_date: dt.date, start: dt.date, graduation_date: dt.date | None, ledger_status: str | None,
                       unemployment_registered: bool, rules: InternRules) -> Eligibility:
    """Eligible interns (policy_rules.md §5): graduates within N years of leaving school who have
    not found work, or unemployed youth aged 16–24 on the start date."""
    not_working = ledger_status in (None, "unemployed", "no_intention", "unreachable")
    if graduation_date is not None and not_working and graduation_date <= start <= _add_years(graduation_date, rules.graduate_window_years):
        return Eligibility(True, str(_("Graduate of %(date)s, within %(n)s years of leaving school") % {
            "date": graduation_date.isoformat(), "n": rules.graduate_window_years}))
    age = age_on(birth_date, start)
    unemployed = unemployment_registered or ledger_status == "unemployed"
    if rules.youth_min_age <= age <= rules.youth_max_age and unemployed:
        return Eligibility(True, str(_("Unemployed youth aged %(age)s") % {"age": age}))
    if graduation_date is not None and not not_working:
        return Eligibility(False, str(_("The ledger shows this graduate is no longer looking for work.")))
    return Eligibility(False, str(_(
        "Not eligible: neither a graduate within %(n)s years of leaving school nor unemployed youth aged %(lo)s to %(hi)s "
        "(age on the start date: %(age)s).") % {"n": rules.graduate_window_years, "lo": rules.youth_min_age,
                                               "hi": rules.youth_max_age, "age": age}))


def application_kept_from(today: dt.date, months: int) -> dt.date:
    """The first day whose job applications are still kept, ``months`` months (policy figure
    ``recruitment.application_retention_months``) before ``today``: an application left on
    31 August and kept 6 months is kept until the end of 28/29 February, the month's last day."""
    from dateutil.relativedelta import relativedelta

    if months < 1:
        raise ValueError("applications are kept at least one month")
    return today - relativedelta(months=months)
