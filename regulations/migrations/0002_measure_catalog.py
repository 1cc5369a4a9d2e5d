from django.db import migrations


def load_catalog(apps, schema_editor):
    from regulations.catalog import CATALOG

    MeasureType = apps.get_model("regulations", "MeasureType")
    for order, entry in enumerate(CATALOG, start=1):
        MeasureType.objects.update_or_create(
            code=entry["code"],
            defaults={"name": entry["name"], "parameter_schema": entry["parameter_schema"], "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("regulations", "0001_initial")]
    operations = [migrations.RunPython(load_catalog, migrations.RunPython.noop)]
