"""Initial data: the person schemes 一次性扩岗补助 (rounds 2024 and 2025) and 技能提升补贴 (round 2024).
Their parameters are the sets' default data (subsidies/policy_defaults.toml), written nowhere else;
a round overrides only what differs (the 2025 hire window and unit types). Not reversible by
design: a shipped round may already carry items; unapply removes nothing."""

import datetime as dt
from decimal import Decimal

from django.db import migrations


def forwards(apps, schema_editor):
    from subsidies.policy import round_defaults, round_provisional

    Scheme = apps.get_model("subsidies", "Scheme")
    SchemeRound = apps.get_model("subsidies", "SchemeRound")
    je = round_defaults("job_expansion")
    scheme, _ = Scheme.objects.update_or_create(code="job_expansion", defaults={
        "name": "一次性扩岗补助", "clause": "23条措施 第二条(四)",
        "description": "邢人社办〔2024〕84号 第二条(四): 招用毕业年度或离校2年内未就业高校毕业生、登记失业的16-24岁青年"})
    for year, params, source in (
        (2024, dict(je), "邢人社办〔2024〕84号"),
        (2025, dict(je, hire_from="2025-01-01", hire_to="2025-12-31", unit_types="enterprise,social_org"),
         "邢人社办〔2024〕84号；延续至2025年12月31日"),
    ):
        SchemeRound.objects.update_or_create(scheme=scheme, assessment_year=year, defaults={
            "name": f"{year}年一次性扩岗补助", "opens_on": dt.date(year, 1, 1), "closes_on": dt.date(year + 1, 6, 30),
            "budget": Decimal("20000000.00"), "parameters": params, "source": source,
            "provisional": round_provisional("job_expansion")})
    su = round_defaults("skill_upgrade")
    scheme, _ = Scheme.objects.update_or_create(code="skill_upgrade", defaults={
        "name": "技能提升补贴", "clause": "23条措施 第二条(三)",
        "description": "邢人社办〔2024〕84号 第二条(三); 人社部发〔2024〕40号: 取得职业资格证书或职业技能等级证书"})
    SchemeRound.objects.update_or_create(scheme=scheme, assessment_year=2024, defaults={
        "name": "2024年技能提升补贴", "opens_on": dt.date(2024, 1, 1), "closes_on": dt.date(2025, 12, 31),
        "budget": Decimal("10000000.00"), "parameters": dict(su), "source": "邢人社办〔2024〕84号；人社部发〔2024〕40号",
        "provisional": round_provisional("skill_upgrade")})


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0003_round_parameter_status")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
