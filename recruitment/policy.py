"""The policy figures and 2024 targets shipped with the portal (staff edit them in the admin).
Loaded by migration 0002 and re-ensured after every migrate/flush, never overwriting edits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

SEED = "邢人社办〔2024〕84号"
FROM = dt.date(2024, 1, 1)
PARAMETERS = [
    ("officer_minimum", "2", SEED + " 第十四条: 规上企业至少有2名岗位推荐官"),
    ("contact_gap_days", "30", "Graduates not contacted for this many days go to the work queue"),
    ("internship_min_months", "3", "policy_rules.md §5: internship 3–12 months"),
    ("internship_max_months", "12", "policy_rules.md §5: internship 3–12 months"),
    ("intern_graduate_window_years", "2", "policy_rules.md §5: graduates within 2 years of leaving school"),
    ("intern_youth_min_age", "16", "policy_rules.md §5: unemployed youth aged 16–24"),
    ("intern_youth_max_age", "24", "policy_rules.md §5: unemployed youth aged 16–24"),
    ("1131_briefings", "1", "policy_rules.md §10: 1 policy briefing"),
    ("1131_guidance", "1", "policy_rules.md §10: 1 career guidance"),
    ("1131_referrals", "3", "policy_rules.md §10: 3 job referrals"),
    ("1131_training_or_internship", "1", "policy_rules.md §10: 1 training or internship"),
]
TARGETS = [
    ("brand_events", 200, SEED + " 第十七条: 品牌招聘活动200场以上"),
    ("intentions", 50000, SEED + " 第十七条: 达成就业意向5万人次以上"),
    ("graduate_events", 100, SEED + " 第十三条: 离校未就业高校毕业生招聘活动100场"),
    ("livestream_visits", 50, SEED + " 第十四条: 直播带岗企业行50次"),
    ("internship_posts", 5200, SEED + " 第十二条: 募集就业见习岗位不少于5200个"),
]


def load_policy_figures(PolicyParameter, Target) -> None:  # noqa: N803 - model classes (historical in migrations)
    for code, value, source in PARAMETERS:
        if not PolicyParameter.objects.filter(code=code).exists():
            PolicyParameter.objects.create(code=code, valid_from=FROM, value=Decimal(value), source=source)
    for code, value, source in TARGETS:
        Target.objects.get_or_create(code=code, year=2024, defaults={"value": value, "source": source})


def ensure_policy_figures(sender=None, **kwargs) -> None:
    from recruitment.models import PolicyParameter, Target

    load_policy_figures(PolicyParameter, Target)
