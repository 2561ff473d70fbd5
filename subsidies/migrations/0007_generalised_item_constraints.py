"""The generalised item model (ADR 0019), step 3 of 3: exactly one beneficiary per item, payee account
and payout line; an item unique per (round, beneficiary, basis object); a live payout line unique per
(scheme, beneficiary, subject, period) — the last guard against paying anyone twice."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("subsidies", "0006_backfill_item_keys")]

    operations = [
        migrations.AddConstraint(
            model_name='application',
            constraint=models.UniqueConstraint(fields=('round', 'beneficiary_key', 'basis_key'), name='application_unique_round_beneficiary_basis'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('enterprise__isnull', False), ('person__isnull', True)), models.Q(('enterprise__isnull', True), ('person__isnull', False)), _connector='OR'), name='application_one_beneficiary'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('beneficiary_key', ''), _negated=True), name='application_beneficiary_key_set'),
        ),
        migrations.AddConstraint(
            model_name='bankaccount',
            constraint=models.UniqueConstraint(condition=models.Q(('active', True)), fields=('person',), name='one_active_person_account'),
        ),
        migrations.AddConstraint(
            model_name='bankaccount',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('enterprise__isnull', False), ('person__isnull', True)), models.Q(('enterprise__isnull', True), ('person__isnull', False)), _connector='OR'), name='bank_account_one_holder'),
        ),
        migrations.AddConstraint(
            model_name='payoutitem',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'failed'), _negated=True), fields=('scheme', 'beneficiary_key', 'subject_key', 'period'), name='payout_once_per_beneficiary_subject_period'),
        ),
        migrations.AddConstraint(
            model_name='payoutitem',
            constraint=models.UniqueConstraint(fields=('scheme', 'beneficiary_key', 'subject_key', 'period', 'attempt'), name='payout_attempt_unique'),
        ),
        migrations.AddConstraint(
            model_name='payoutitem',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('enterprise__isnull', False), ('person__isnull', True)), models.Q(('enterprise__isnull', True), ('person__isnull', False)), _connector='OR'), name='payout_one_beneficiary'),
        ),
        migrations.AddConstraint(
            model_name='payoutitem',
            constraint=models.CheckConstraint(condition=models.Q(('beneficiary_key', ''), _negated=True), name='payout_beneficiary_key_set'),
        ),
    ]
