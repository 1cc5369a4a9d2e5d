from django.db import migrations


def load_catalog(apps, schema_editor):
    from measures.catalog import first_catalog_load

    # The catalog's model lived in regulations until measures 0001 took it over (same table).
    first_catalog_load(model=apps.get_model("regulations", "MeasureType"))


class Migration(migrations.Migration):
    dependencies = [("regulations", "0001_initial")]
    operations = [migrations.RunPython(load_catalog, migrations.RunPython.noop)]
