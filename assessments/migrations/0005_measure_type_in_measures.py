"""Recommended measures point at the measure catalog in its new app (measures 0001).

State only: the column and its foreign key constraint already reference the table that
measures.MeasureType keeps (`regulations_measuretype`).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0004_frozen_document_fields'),
        ('measures', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='historicalrecommendedmeasure',
                    name='measure_type',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='measures.measuretype', verbose_name='tiltakstype'),
                ),
                migrations.AlterField(
                    model_name='recommendedmeasure',
                    name='measure_type',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='measures.measuretype', verbose_name='tiltakstype'),
                ),
            ],
        ),
    ]
