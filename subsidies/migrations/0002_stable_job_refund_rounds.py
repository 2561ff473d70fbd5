"""Initial data: the 稳岗返还 scheme with the 2024 round (seed) and Hebei's 2025 extension."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

PARAMS = {
    "min_full_payment_months": 12,
    "months_in_year": 12,
    "small_unit_max_avg_insured": 30,
    "small_unit_max_layoff_ratio": "0.20",
    "layoff_ratio_limit": "0.055",
    "non_enterprise_large_min_avg_insured": 300,
    "rate_large": "0.30",
    "rate_sme": "0.60",
    "notice_working_days": 5,
    "max_payment_attempts": 3,
    "batch_max_items": 50000,
    "clause": "邢人社办〔2024〕84号 第二条",
}


def forwards(apps, schema_editor):
    Scheme = apps.get_model("subsidies", "Scheme")
    SchemeRound = apps.get_model("subsidies", "SchemeRound")
    scheme, _ = Scheme.objects.update_or_create(
        code="stable_job_refund",
        defaults={
            "name": "失业保险稳岗返还",
            "clause": "23条措施 第二条(二)",
            "description": "邢人社办〔2024〕84号 第二条; 人社部发〔2024〕40号; 冀人社发〔2024〕14号",
        },
    )
    SchemeRound.objects.update_or_create(
        scheme=scheme, assessment_year=2023,
        defaults={"name": "2024年稳岗返还(考核年度2023)", "opens_on": dt.date(2024, 6, 24), "closes_on": dt.date(2024, 12, 31),
                  "budget": Decimal("50000000.00"), "parameters": dict(PARAMS), "source": "邢人社办〔2024〕84号"},
    )
    SchemeRound.objects.update_or_create(
        scheme=scheme, assessment_year=2024,
        defaults={"name": "2025年稳岗返还(考核年度2024)", "opens_on": dt.date(2025, 1, 1), "closes_on": dt.date(2025, 12, 31),
                  "budget": Decimal("50000000.00"), "parameters": dict(PARAMS, clause="冀人社发〔2024〕14号 延续至2025年"),
                  "source": "河北省延续稳岗返还政策(考核年度2024)"},
    )


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
