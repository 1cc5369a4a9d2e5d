"""Case records move here from core and letters: the models only, in Django's state.

The tables stay where core 0001 and letters 0001 created them (`core_case`,
`core_casesequence`, `core_historicalcase`, `letters_caselink`, `letters_incomingdocument`,
`letters_historicalincomingdocument`), with their constraints and the PostgreSQL triggers on
them, so nothing in the database changes. letters 0006 and regulations 0007 point their
foreign keys here and letters 0006 forgets its copy of the case records; core 0003, after
both, forgets its Case, CaseSequence and HistoricalCase. The models' content types are
renamed to this app, so the admin's log and any permissions granted on them carry over (a
fresh database has none yet: they are made after migrating).
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = {
    "core": ("case", "casesequence", "historicalcase"),
    "letters": ("caselink", "incomingdocument", "historicalincomingdocument"),
}


def _move_content_types(apps, *, to_cases: bool) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, models_ in MODELS.items():
        source, target = (app_label, "cases") if to_cases else ("cases", app_label)
        for model in models_:
            if not ContentType.objects.filter(app_label=target, model=model).exists():
                ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_cases(apps, schema_editor):
    _move_content_types(apps, to_cases=True)


def content_types_back(apps, schema_editor):
    _move_content_types(apps, to_cases=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0005_measure_type_in_measures'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0002_pdf_preview'),
        ('letters', '0005_delivery_status'),
        ('regulations', '0006_lapse_records_its_content_hash'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Case',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveIntegerField()),
                        ('number', models.PositiveIntegerField()),
                        ('title', models.CharField(max_length=300, verbose_name='sakstittel')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('last_document_number', models.PositiveIntegerField(default=0)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='core.organization')),
                    ],
                    options={
                        'verbose_name': 'sak',
                        'verbose_name_plural': 'saker',
                        'db_table': 'core_case',
                        'ordering': ['-year', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='CaseLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('assessment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assessments.assessment')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='cases.case')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('regulation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regulations.regulation')),
                    ],
                    options={
                        'db_table': 'letters_caselink',
                    },
                ),
                migrations.CreateModel(
                    name='CaseSequence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveIntegerField()),
                        ('last_number', models.PositiveIntegerField(default=0)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='core.organization')),
                    ],
                    options={
                        'db_table': 'core_casesequence',
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCase',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('year', models.PositiveIntegerField()),
                        ('number', models.PositiveIntegerField()),
                        ('title', models.CharField(max_length=300, verbose_name='sakstittel')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('last_document_number', models.PositiveIntegerField(default=0)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.organization')),
                    ],
                    options={
                        'verbose_name': 'historical sak',
                        'verbose_name_plural': 'historical saker',
                        'db_table': 'core_historicalcase',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalIncomingDocument',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('document_number', models.PositiveIntegerField(verbose_name='dokumentnummer')),
                        ('title', models.CharField(max_length=300, verbose_name='tittel')),
                        ('sender_name', models.CharField(max_length=200, verbose_name='avsender')),
                        ('their_reference', models.CharField(blank=True, max_length=100, verbose_name='deres ref.')),
                        ('received_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='mottatt')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case')),
                        ('document', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.archiveddocument')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('in_reply_to', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='letters.letter')),
                        ('registered_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('sender', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.organization')),
                    ],
                    options={
                        'verbose_name': 'historical incoming document',
                        'verbose_name_plural': 'historical incoming documents',
                        'db_table': 'letters_historicalincomingdocument',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='IncomingDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('document_number', models.PositiveIntegerField(verbose_name='dokumentnummer')),
                        ('title', models.CharField(max_length=300, verbose_name='tittel')),
                        ('sender_name', models.CharField(max_length=200, verbose_name='avsender')),
                        ('their_reference', models.CharField(blank=True, max_length=100, verbose_name='deres ref.')),
                        ('received_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='mottatt')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='incoming_documents', to='cases.case')),
                        ('document', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.archiveddocument')),
                        ('in_reply_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replies', to='letters.letter')),
                        ('registered_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('sender', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organization')),
                    ],
                    options={
                        'db_table': 'letters_incomingdocument',
                        'ordering': ['case_id', 'document_number'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='case',
                    constraint=models.UniqueConstraint(fields=('organization', 'year', 'number'), name='unique_case_number'),
                ),
                migrations.AddConstraint(
                    model_name='caselink',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('assessment__isnull', True), ('regulation__isnull', False)), models.Q(('assessment__isnull', False), ('regulation__isnull', True)), _connector='OR'), name='case_link_one_target'),
                ),
                migrations.AddConstraint(
                    model_name='caselink',
                    constraint=models.UniqueConstraint(condition=models.Q(('regulation__isnull', False)), fields=('case', 'regulation'), name='unique_case_regulation'),
                ),
                migrations.AddConstraint(
                    model_name='caselink',
                    constraint=models.UniqueConstraint(condition=models.Q(('assessment__isnull', False)), fields=('case', 'assessment'), name='unique_case_assessment'),
                ),
                migrations.AddConstraint(
                    model_name='casesequence',
                    constraint=models.UniqueConstraint(fields=('organization', 'year'), name='unique_case_sequence'),
                ),
                migrations.AddConstraint(
                    model_name='incomingdocument',
                    constraint=models.UniqueConstraint(fields=('case', 'document_number'), name='unique_incoming_document_number'),
                ),
            ],
        ),
        migrations.RunPython(content_types_to_cases, content_types_back),
    ]
