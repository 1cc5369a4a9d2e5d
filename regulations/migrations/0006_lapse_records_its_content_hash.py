"""On PostgreSQL, a hastevedtak that lapses early may record the content hash of its new end.

The end (valid_until) is part of a version's content hash. When the political body lets a
hastevedtak lapse before its end date, the lapse decides the earlier end, and the version's
content hash becomes that of the text as it now stands (recorded in the trail with the lapse).
The trigger of 0003 refused every later change of the hash; this lets it change exactly then,
together with the earlier end, and nowhere else.
"""

import importlib

from django.db import migrations

from audit.migration_sql import pin_search_path, run_on_postgresql

FROZEN_ROWS = importlib.import_module("regulations.migrations.0003_frozen_rows")
OLD_RULE = "NOT (OLD.content_hash = '' AND step = 'submitted -> adopted')"
NEW_RULE = (
    "NOT ((OLD.content_hash = '' AND step = 'submitted -> adopted')"
    " OR (step = 'urgent -> lapsed' AND NEW.valid_until < COALESCE(OLD.valid_until, 'infinity')))"
)


def _version_function(rule: str) -> str:
    (statement,) = [s for s in FROZEN_ROWS.CREATE if "CREATE OR REPLACE FUNCTION regulations_version_frozen()" in s]
    assert OLD_RULE in statement, "0003's version rule is not where this migration expects it"
    return statement.replace(OLD_RULE, rule)


def forwards(apps, schema_editor):
    run_on_postgresql(schema_editor, [_version_function(NEW_RULE)])
    pin_search_path(schema_editor, ["regulations_version_frozen()"])


def backwards(apps, schema_editor):
    run_on_postgresql(schema_editor, [_version_function(OLD_RULE)])
    pin_search_path(schema_editor, ["regulations_version_frozen()"])


class Migration(migrations.Migration):
    dependencies = [("regulations", "0005_measure_type_moved_to_measures")]

    operations = [migrations.RunPython(forwards, backwards)]
