"""Level placements are part of a version's frozen content (on PostgreSQL the database refuses
changes to those of a frozen version, as for its sections), and so are a regulation's layer and
level. Measures of drafts are rewritten in the typed kinds of `measures.schema`; those of
frozen versions keep the parameters they were adopted with, and are read as the typed kinds."""

from django.db import migrations

from audit.migration_sql import drop_triggers, frozen_parts, pin_search_path, run_on_postgresql

VERSION_IS_FROZEN = "v.status <> 'draft' OR v.content_hash <> ''"

REGULATION_FROZEN = f"""
CREATE OR REPLACE FUNCTION regulations_regulation_frozen() RETURNS trigger AS $$
BEGIN
    IF (NEW.title, NEW.short_title, NEW.legal_basis, NEW.municipality_id, NEW.layer, NEW.level)
       IS DISTINCT FROM (OLD.title, OLD.short_title, OLD.legal_basis, OLD.municipality_id, OLD.layer, OLD.level)
       AND EXISTS (SELECT 1 FROM regulations_regulationversion v
                   WHERE v.regulation_id = OLD.id AND ({VERSION_IS_FROZEN})) THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME,
            'title, short title, legal basis, issuer, layer and level are part of its frozen versions');
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""

REGULATION_FROZEN_BEFORE = f"""
CREATE OR REPLACE FUNCTION regulations_regulation_frozen() RETURNS trigger AS $$
BEGIN
    IF (NEW.title, NEW.short_title, NEW.legal_basis, NEW.municipality_id)
       IS DISTINCT FROM (OLD.title, OLD.short_title, OLD.legal_basis, OLD.municipality_id)
       AND EXISTS (SELECT 1 FROM regulations_regulationversion v
                   WHERE v.regulation_id = OLD.id AND ({VERSION_IS_FROZEN})) THEN
        PERFORM frozen_document_refuse(TG_OP, TG_TABLE_NAME,
            'title, short title, legal basis and municipality are part of its frozen versions');
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""

CREATE = (
    REGULATION_FROZEN,
    *frozen_parts(
        "regulations_levelplacement",
        f"SELECT {VERSION_IS_FROZEN} FROM regulations_regulationversion v WHERE v.id = ($1).version_id",
    ),
)
DROP = (*drop_triggers("regulations_levelplacement"), REGULATION_FROZEN_BEFORE)


def forwards(apps, schema_editor):
    run_on_postgresql(schema_editor, CREATE)
    pin_search_path(schema_editor, ("regulations_regulation_frozen()",))


def backwards(apps, schema_editor):
    run_on_postgresql(schema_editor, DROP)


def type_draft_measures(apps, schema_editor):
    from measures.schema import LEGACY, dump, validate

    Measure = apps.get_model("regulations", "Measure")
    MeasureType = apps.get_model("measures", "MeasureType")
    types = {t.code: t for t in MeasureType.objects.all()}
    drafts = Measure.objects.filter(
        section__version__status="draft", section__version__content_hash="", measure_type__code__in=list(LEGACY)
    ).select_related("measure_type")
    for measure in drafts:
        for code, params in LEGACY[measure.measure_type.code](measure.parameters):
            Measure.objects.create(
                section_id=measure.section_id,
                measure_type=types[code],
                parameters=dump(validate(code, params)),
                is_advice=measure.is_advice,
            )
        measure.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0008_layers_and_level_placements"),
        ("measures", "0002_typed_catalog"),
        ("audit", "0005_refuse_truncate"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(type_draft_measures, migrations.RunPython.noop),
    ]
