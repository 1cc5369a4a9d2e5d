"""DEFAULT threshold tables (assessments/defaults.py), clearly marked is_default=True.

From here on they are reference data edited by administrators, never constants in code.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations


def load_defaults(apps, schema_editor):
    from assessments.defaults import DEFAULT_EFFECTIVE_FROM, DEFAULT_NAME, DEFAULT_NOTE, DEFAULT_TABLES

    ThresholdTable = apps.get_model("assessments", "ThresholdTable")
    ThresholdBand = apps.get_model("assessments", "ThresholdBand")
    effective_from = date.fromisoformat(DEFAULT_EFFECTIVE_FROM)
    for indicator, bands in DEFAULT_TABLES.items():
        table, created = ThresholdTable.objects.get_or_create(
            indicator=indicator, effective_from=effective_from,
            defaults={"name": DEFAULT_NAME, "note": DEFAULT_NOTE, "is_default": True},
        )
        if not created:
            continue
        for level, lower, upper in bands:
            ThresholdBand.objects.create(
                table=table, level=level, lower=Decimal(lower), upper=Decimal(upper) if upper is not None else None
            )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
