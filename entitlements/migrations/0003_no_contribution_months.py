"""The rounds of the two social-insurance schemes gain the parameter ``no_contribution_months``
(consecutive months without contributions that end an entitlement): a round shipped before it
existed takes the set's default (entitlements/policy_defaults.toml) and lists it as provisional.
A round that already has it is left as it is."""

from django.db import migrations

NEW = "no_contribution_months"


def forwards(apps, schema_editor):
    from entitlements.policy import round_defaults

    SchemeRound = apps.get_model("subsidies", "SchemeRound")
    for code in ("si_hardship", "si_graduate"):
        default = round_defaults(code)[NEW]
        for round_ in SchemeRound.objects.filter(scheme__code=code):
            if NEW in (round_.parameters or {}):
                continue
            round_.parameters = {**(round_.parameters or {}), NEW: default}
            round_.provisional = sorted({*(round_.provisional or []), NEW})
            round_.save(update_fields=["parameters", "provisional"])


class Migration(migrations.Migration):
    dependencies = [("entitlements", "0002_rounds_2024")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
