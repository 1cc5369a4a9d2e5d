"""A letter copy knows when it was last queued, when self-healing queued it again, why its last
attempt failed and when its automatic retry is due («venter på nytt forsøk»)."""

import django_fsm
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0006_case_records_moved_to_cases'),
    ]

    operations = [
        migrations.AddField(
            model_name='letterdelivery',
            name='failure',
            field=models.CharField(blank=True, choices=[('mail_server', 'E-postserveren svarte ikke'), ('address', 'E-postserveren avviste mottakerens adresse'), ('database', 'Databasen var opptatt'), ('pdf', 'PDF-en kunne ikke lages'), ('timeout', 'Det tok for lang tid'), ('other', 'En teknisk feil stoppet leveringen')], max_length=20),
        ),
        migrations.AddField(
            model_name='letterdelivery',
            name='next_attempt_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='letterdelivery',
            name='queued_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='letterdelivery',
            name='requeued_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='letterdelivery',
            name='status',
            field=django_fsm.FSMField(choices=[('pending', 'Venter'), ('rendered', 'PDF laget'), ('sent', 'Sendt'), ('print', 'Klar for utskrift'), ('retrying', 'Venter på nytt forsøk'), ('failed', 'Feilet')], default='pending', max_length=10, protected=True),
        ),
    ]
