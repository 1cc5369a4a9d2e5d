"""Cases now belong to the cases app (cases 0001): core forgets its Case, CaseSequence and
HistoricalCase.

State only: the tables stay and keep their names. letters 0006 and regulations 0007 must have
pointed their foreign keys at cases.Case first, or the deleted models would still be
referenced.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
        ('core', '0002_pdf_preview'),
        ('letters', '0006_case_records_moved_to_cases'),
        ('regulations', '0007_case_in_cases'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name='HistoricalCase',
                ),
                migrations.DeleteModel(
                    name='Case',
                ),
                migrations.DeleteModel(
                    name='CaseSequence',
                ),
            ],
        ),
    ]
