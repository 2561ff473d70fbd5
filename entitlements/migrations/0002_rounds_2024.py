"""Initial data: the 2024 rounds of 社保补贴 (hard-to-employ people, graduates) and 就业见习补贴.
Their parameters are the sets' default data (entitlements/policy_defaults.toml), written nowhere
else; re-ensured with update_or_create like the other schemes' rounds. Not reversible by design:
a shipped round may already carry entitlements; unapply removes nothing."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

ROUNDS = (
    ("si_hardship", "社会保险补贴（就业困难人员）", "邢人社办〔2024〕84号 社会保险补贴",
     "招用就业困难人员并缴纳社会保险的用人单位：单位缴纳的养老、医疗、失业保险费，一次审批、全期畅领（直补快办）",
     Decimal("10000000.00")),
    ("si_graduate", "社会保险补贴（高校毕业生）", "邢人社办〔2024〕84号 社会保险补贴",
     "招用毕业年度或离校2年内未就业高校毕业生的小微企业：单位缴纳的社会保险费，最长1年", Decimal("5000000.00")),
    ("internship", "就业见习补贴", "邢人社办〔2024〕84号 就业见习补贴",
     "吸纳见习人员的见习单位：按当地最低工资标准的一定比例按月补贴；提前留用的，剩余期限补贴照发", Decimal("5000000.00")),
)


def forwards(apps, schema_editor):
    from entitlements.policy import round_defaults, round_provisional

    Scheme = apps.get_model("subsidies", "Scheme")
    SchemeRound = apps.get_model("subsidies", "SchemeRound")
    for code, name, clause, description, budget in ROUNDS:
        scheme, _ = Scheme.objects.update_or_create(code=code, defaults={
            "name": name, "clause": clause, "description": description, "beneficiary_kind": "enterprise",
            # one payout item groups a period's lines of many persons: no single subject person
            "has_subject": False})
        SchemeRound.objects.update_or_create(scheme=scheme, assessment_year=2024, defaults={
            "name": f"2024年{name}", "opens_on": dt.date(2024, 1, 1), "closes_on": dt.date(2027, 12, 31), "budget": budget,
            "parameters": round_defaults(code), "source": "邢人社办〔2024〕84号",
            "provisional": round_provisional(code)})


class Migration(migrations.Migration):
    dependencies = [("entitlements", "0001_initial"), ("subsidies", "0007_generalised_item_constraints")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
