"""A delivery's status is a protected FSM field, moved only by its transitions (no column changes)."""

import django_fsm
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("letters", "0004_dispatching")]

    operations = [
        migrations.AlterField(
            model_name="letterdelivery",
            name="status",
            field=django_fsm.FSMField(choices=[("pending", "Venter"), ("rendered", "PDF laget"), ("sent", "Sendt"), ("print", "Klar for utskrift"), ("failed", "Feilet")], default="pending", max_length=10, protected=True),
        ),
    ]
