"""The recruitment figures (measures 12-14, 17 and the 1131 package), declared for the kernel's
policy register; their values are default data in ``policy_defaults.toml`` and city staff edit them
on /staff/policy/. The yearly targets are the measures register's (policy figures ``measures.<code>``, ADR 0018)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import policy
from xingtai_jobs.core.policy import INT, Figure, Unit

FIGURES = policy.declare("recruitment", _("Recruitment and graduate services"), [
    Figure("officer_minimum", _("Recommendation officers required per above-scale enterprise"), INT, Unit.PEOPLE, min=0, max=100),
    Figure("contact_gap_days", _("Graduates not contacted for this long go to the work queue"), INT, Unit.DAYS, min=1, max=365),
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


TARGET_UNITS = {"brand_events": Unit.EVENTS, "intentions": Unit.TIMES, "graduate_events": Unit.EVENTS,
                "livestream_visits": Unit.TIMES, "internship_posts": _("posts")}


def _target_set() -> policy.FigureSet:
    from recruitment.models import Target

    return policy.declare_set("recruitment.targets", _("Recruitment yearly targets"), [
        Figure(code, label, INT, TARGET_UNITS.get(code, ""), min=0) for code, label in Target.Code.choices])


TARGETS = _target_set()


def _target_owners():
    """One owner per year: the targets of that year (edited in the admin, where edits are audited)."""
    import datetime as dt

    from recruitment.models import Target

    years: dict[int, list] = {}
    for target in Target.objects.order_by("-year", "code"):
        years.setdefault(target.year, []).append(target)
    return [
        policy.SetOwner(pk=year, label=_("Targets for %(year)s") % {"year": year}, valid_from=dt.date(year, 1, 1),
                        valid_to=dt.date(year, 12, 31), source="; ".join(dict.fromkeys(t.source for t in rows if t.source)),
                        values={t.code: t.value for t in rows}, provisional=set())
        for year, rows in years.items()
    ]


TARGETS.owners = _target_owners


def load_targets(Target) -> None:  # noqa: N803 - model class (historical in migrations)
    """Kept for migration 0002 only: the yearly targets moved to the measures register (policy
    figures ``measures.<code>``, ADR 0018); measures migration 0003 carried the stored rows there."""
