from django.db import migrations


def forwards(apps, schema_editor):
    """The social-insurance subsidy's definition now says where its figure comes from while the portal
    does not pay it (the approved reports); a definition staff have edited is kept."""
    from measures.catalogue import SI_DEFINITION, SI_DEFINITION_BEFORE

    apps.get_model("measures", "Indicator").objects.filter(code="si_subsidy_paid", definition=SI_DEFINITION_BEFORE).update(
        definition=SI_DEFINITION)


def backwards(apps, schema_editor):
    from measures.catalogue import SI_DEFINITION, SI_DEFINITION_BEFORE

    apps.get_model("measures", "Indicator").objects.filter(code="si_subsidy_paid", definition=SI_DEFINITION).update(
        definition=SI_DEFINITION_BEFORE)


class Migration(migrations.Migration):
    dependencies = [("measures", "0004_measure_lead_office_confirmed")]
    operations = [migrations.RunPython(forwards, backwards)]
