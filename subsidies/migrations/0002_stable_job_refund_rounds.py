"""Initial data: the 稳岗返还 scheme with the 2024 round (seed) and Hebei's 2025 extension."""

import datetime as dt
from decimal import Decimal

from django.db import migrations


def forwards(apps, schema_editor):
    # The parameters are the set's default data (subsidies/policy_defaults.toml), written nowhere else.
    from subsidies.policy import round_defaults

    params = round_defaults("stable_job_refund")
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
                  "budget": Decimal("50000000.00"), "parameters": dict(params), "source": "邢人社办〔2024〕84号"},
    )
    SchemeRound.objects.update_or_create(
        scheme=scheme, assessment_year=2024,
        defaults={"name": "2025年稳岗返还(考核年度2024)", "opens_on": dt.date(2025, 1, 1), "closes_on": dt.date(2025, 12, 31),
                  "budget": Decimal("50000000.00"), "parameters": dict(params, clause="冀人社发〔2024〕14号 延续至2025年"),
                  "source": "河北省延续稳岗返还政策(考核年度2024)"},
    )


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
