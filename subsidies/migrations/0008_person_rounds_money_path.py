"""The person schemes' rounds carry the money path's figures (notice period, payment attempts, batch
cap) like 稳岗返还's: each shipped round gets the default data where it lacks them, provisional (no
document of these schemes gives them)."""

from django.db import migrations

ENGINE = ("notice_working_days", "max_payment_attempts", "batch_max_items")


def forwards(apps, schema_editor):
    from subsidies.policy import round_defaults

    SchemeRound = apps.get_model("subsidies", "SchemeRound")
    for code in ("job_expansion", "skill_upgrade"):
        defaults = round_defaults(code)
        for round_ in SchemeRound.objects.filter(scheme__code=code):
            params = dict(round_.parameters or {})
            missing = [k for k in ENGINE if k not in params]
            if not missing:
                continue
            params.update({k: defaults[k] for k in missing})
            round_.parameters = params
            round_.provisional = sorted(set(round_.provisional or ()) | set(missing))
            round_.save(update_fields=["parameters", "provisional"])


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0007_generalised_item_constraints")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
