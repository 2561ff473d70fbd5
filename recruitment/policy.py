"""The recruitment figures (measures 12-14, 17 and the 1131 package), declared for the kernel's
policy register; their values are default data in ``policy_defaults.toml`` and city staff edit them
on /staff/policy/. The yearly targets are the measures register's (policy figures ``measures.<code>``, ADR 0015)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import policy
from xingtai_jobs.core.policy import INT, Figure, Unit

FIGURES = policy.declare("recruitment", _("Recruitment and graduate services"), [
    Figure("officer_minimum", _("Recommendation officers required per above-scale enterprise"), INT, Unit.PEOPLE, min=0, max=100),
    Figure("contact_gap_days", _("Graduates not contacted for this long go to the work queue"), INT, Unit.DAYS, min=1, max=365),
    Figure("application_retention_months", _("Contacts job seekers left for employers are kept this long"), INT, Unit.MONTHS,
           min=1, max=60),
    Figure("internship_min_months", _("Shortest internship"), INT, Unit.MONTHS, min=1, max=36),
    Figure("internship_max_months", _("Longest internship"), INT, Unit.MONTHS, min=1, max=36),
    Figure("intern_graduate_window_years", _("Interns: graduates within this many years of leaving school"), INT, Unit.YEARS, min=0, max=10),
    Figure("intern_youth_min_age", _("Interns: youngest unemployed youth"), INT, Unit.YEARS_OF_AGE, min=14, max=70),
    Figure("intern_youth_max_age", _("Interns: oldest unemployed youth"), INT, Unit.YEARS_OF_AGE, min=14, max=70),
    Figure("1131_briefings", _("1131 package: policy briefings"), INT, Unit.TIMES, min=0, max=20),
    Figure("1131_guidance", _("1131 package: career guidance sessions"), INT, Unit.TIMES, min=0, max=20),
    Figure("1131_referrals", _("1131 package: job referrals"), INT, Unit.TIMES, min=0, max=20),
    Figure("1131_training_or_internship", _("1131 package: training or internship"), INT, Unit.TIMES, min=0, max=20),
], order=30)


def load_targets(Target) -> None:  # noqa: N803 - model class (historical in migrations)
    """Kept for migration 0002 only: the yearly targets moved to the measures register (policy
    figures ``measures.<code>``, ADR 0015); measures migration 0003 carried the stored rows there."""
