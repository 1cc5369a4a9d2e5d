"""A regulation's case is now a cases.Case (cases 0001).

State only: the column and its foreign key constraint already reference the table that
cases.Case keeps (`core_case`).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
        ('regulations', '0006_lapse_records_its_content_hash'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='historicalregulation',
                    name='case',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case', verbose_name='sak'),
                ),
                migrations.AlterField(
                    model_name='regulation',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='regulations', to='cases.case', verbose_name='sak'),
                ),
            ],
        ),
    ]
