"""The measure catalog moves here from regulations: the models only, in Django's state.

The tables stay where regulations 0001 created them and regulations 0002 filled them
(`regulations_measuretype`, `regulations_historicalmeasuretype`), so nothing in the database
changes; regulations 0005 and assessments 0005 point their foreign keys here, then
regulations 0005 forgets its own copy of the models. The models' content types are renamed
to this app, so the admin's log and any permissions granted on them carry over (a fresh
database has none yet: they are made after migrating).
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ("measuretype", "historicalmeasuretype")


def _move_content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_measures(apps, schema_editor):
    _move_content_types(apps, "regulations", "measures")


def content_types_to_regulations(apps, schema_editor):
    _move_content_types(apps, "measures", "regulations")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("regulations", "0002_measure_catalog"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='MeasureType',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(unique=True, verbose_name='kode')),
                        ('name', models.CharField(max_length=150, verbose_name='navn')),
                        ('description', models.TextField(blank=True, verbose_name='beskrivelse')),
                        ('parameter_schema', models.JSONField(default=list, help_text="[{'key': 'max_guests', 'label': 'Maks gjester', 'kind': 'int|bool|text|choice|multichoice', 'choices': [...]}]", verbose_name='parametre')),
                        ('order', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'verbose_name': 'tiltakstype',
                        'verbose_name_plural': 'tiltakstyper',
                        'db_table': 'regulations_measuretype',
                        'ordering': ['order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalMeasureType',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.SlugField(verbose_name='kode')),
                        ('name', models.CharField(max_length=150, verbose_name='navn')),
                        ('description', models.TextField(blank=True, verbose_name='beskrivelse')),
                        ('parameter_schema', models.JSONField(default=list, help_text="[{'key': 'max_guests', 'label': 'Maks gjester', 'kind': 'int|bool|text|choice|multichoice', 'choices': [...]}]", verbose_name='parametre')),
                        ('order', models.PositiveIntegerField(default=0)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical tiltakstype',
                        'verbose_name_plural': 'historical tiltakstyper',
                        'db_table': 'regulations_historicalmeasuretype',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
        ),
        migrations.RunPython(content_types_to_measures, content_types_to_regulations),
    ]
