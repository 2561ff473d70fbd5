"""The generalised item model (ADR 0019), step 1 of 3: the new columns. A scheme declares who is paid
(enterprise or person) and whether an item has a subject person; items and payout lines name their
beneficiary ("E<id>"/"P<id>"), subject and basis object. 0006 backfills the keys of existing rows,
0007 adds the constraints (separate migrations: PostgreSQL refuses to alter a table with pending
trigger events in the transaction that updated it)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_policy_figure'),
        ('enterprises', '0001_initial'),
        ('persons', '0003_citizenaccount'),
        ('subsidies', '0004_person_scheme_rounds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='application',
            name='application_unique_round_enterprise',
        ),
        migrations.RemoveConstraint(
            model_name='payoutitem',
            name='payout_once_per_beneficiary_scheme_period',
        ),
        migrations.RemoveConstraint(
            model_name='payoutitem',
            name='payout_attempt_unique',
        ),
        migrations.AddField(
            model_name='application',
            name='basis_key',
            field=models.CharField(blank=True, default='', max_length=64, verbose_name='basis object'),
        ),
        migrations.AddField(
            model_name='application',
            name='beneficiary_key',
            field=models.CharField(default='', editable=False, max_length=24, verbose_name='beneficiary key'),
        ),
        migrations.AddField(
            model_name='application',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='subsidy_items', to='persons.person', verbose_name='person paid'),
        ),
        migrations.AddField(
            model_name='application',
            name='subject',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='subsidy_items_as_subject', to='persons.person', verbose_name='subject person'),
        ),
        migrations.AddField(
            model_name='bankaccount',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='card_accounts', to='persons.person', verbose_name='person'),
        ),
        migrations.AddField(
            model_name='payoutitem',
            name='beneficiary_key',
            field=models.CharField(default='', max_length=24, verbose_name='beneficiary key'),
        ),
        migrations.AddField(
            model_name='payoutitem',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='persons.person', verbose_name='person paid'),
        ),
        migrations.AddField(
            model_name='payoutitem',
            name='subject',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='persons.person', verbose_name='subject person'),
        ),
        migrations.AddField(
            model_name='payoutitem',
            name='subject_key',
            field=models.CharField(blank=True, default='', max_length=64, verbose_name='subject key'),
        ),
        migrations.AddField(
            model_name='scheme',
            name='beneficiary_kind',
            field=models.CharField(choices=[('enterprise', 'Enterprise'), ('person', 'Person')], default='enterprise', help_text='Who is paid: an enterprise (bank account) or a person (social-security-card account).', max_length=10, verbose_name='beneficiary kind'),
        ),
        migrations.AddField(
            model_name='scheme',
            name='has_subject',
            field=models.BooleanField(default=False, help_text='Each item is about one person: the hire or the certificate holder.', verbose_name='item has a subject person'),
        ),
        migrations.AlterField(
            model_name='application',
            name='enterprise',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='subsidy_applications', to='enterprises.enterprise', verbose_name='enterprise'),
        ),
        migrations.AlterField(
            model_name='application',
            name='origin',
            field=models.CharField(choices=[('screening', 'Screening (免申即享)'), ('application', 'Application')], max_length=12, verbose_name='origin'),
        ),
        migrations.AlterField(
            model_name='bankaccount',
            name='enterprise',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='bank_accounts', to='enterprises.enterprise', verbose_name='enterprise'),
        ),
        migrations.AlterField(
            model_name='payoutitem',
            name='enterprise',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='enterprises.enterprise', verbose_name='enterprise paid'),
        ),
        migrations.AlterField(
            model_name='payoutitem',
            name='period',
            field=models.PositiveIntegerField(verbose_name='period (assessment year, or YYYYMM)'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['person', 'state'], name='app_person_state_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['subject', 'state'], name='app_subject_state_idx'),
        ),
    ]
