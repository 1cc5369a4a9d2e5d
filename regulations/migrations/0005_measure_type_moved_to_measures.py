"""The measure catalog now belongs to the measures app (measures 0001): the regulations'
measures point there, and regulations forgets its own MeasureType and HistoricalMeasureType.

State only: the tables stay and keep their names. Assessments 0005 must have re-pointed
its foreign keys first, or the deleted model would still be referenced.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('regulations', '0004_frozen_document_fields'),
        ('measures', '0001_initial'),
        ('assessments', '0005_measure_type_in_measures'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='measure',
                    name='measure_type',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='measures.measuretype', verbose_name='tiltakstype'),
                ),
                migrations.AlterField(
                    model_name='historicalmeasure',
                    name='measure_type',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='measures.measuretype', verbose_name='tiltakstype'),
                ),
                migrations.DeleteModel(
                    name='HistoricalMeasureType',
                ),
                migrations.DeleteModel(
                    name='MeasureType',
                ),
            ],
        ),
    ]
