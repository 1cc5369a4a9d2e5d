from django.db import migrations


def load_catalog(apps, schema_editor):
    from measures.catalog import catalog_load

    catalog_load(model=apps.get_model("measures", "MeasureType"))


class Migration(migrations.Migration):
    """Rows for the kinds added to measures.schema: conduct (what people are told to do or avoid)
    and capacity (a share of a place's capacity)."""

    dependencies = [("measures", "0002_typed_catalog")]
    operations = [migrations.RunPython(load_catalog, migrations.RunPython.noop)]
