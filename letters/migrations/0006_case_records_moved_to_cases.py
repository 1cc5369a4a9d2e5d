"""The case records now belong to the cases app (cases 0001): letters point at cases.Case, and
letters forgets its own CaseLink, IncomingDocument and HistoricalIncomingDocument.

State only: the tables stay and keep their names, and so do the PostgreSQL triggers of
letters 0003 and 0004, which name tables only.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
        ('letters', '0005_delivery_status'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='historicalletter',
                    name='case',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case', verbose_name='sak'),
                ),
                migrations.AlterField(
                    model_name='letter',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='letters', to='cases.case', verbose_name='sak'),
                ),
                migrations.DeleteModel(
                    name='CaseLink',
                ),
                migrations.DeleteModel(
                    name='HistoricalIncomingDocument',
                ),
                migrations.DeleteModel(
                    name='IncomingDocument',
                ),
            ],
        ),
    ]
