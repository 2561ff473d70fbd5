"""Policy figures and 2024 targets as data (staff edit them in the admin)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

SEED = "邢人社办〔2024〕84号"
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


def forward(apps, schema_editor):
    PolicyParameter = apps.get_model("recruitment", "PolicyParameter")
    Target = apps.get_model("recruitment", "Target")
    for code, value, source in PARAMETERS:
        PolicyParameter.objects.get_or_create(code=code, valid_from=dt.date(2024, 1, 1), defaults={"value": Decimal(value), "source": source})
    for code, value, source in TARGETS:
        Target.objects.get_or_create(code=code, year=2024, defaults={"value": value, "source": source})


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
