"""Recommended measures of draft assessments are rewritten in the typed kinds of
`measures.schema` where one typed measure says the same; the others, and those of approved
assessments (frozen as approved), keep their parameters and are read as the typed kinds."""

from django.db import migrations


def type_draft_recommendations(apps, schema_editor):
    from measures.schema import LEGACY, dump, validate

    RecommendedMeasure = apps.get_model("assessments", "RecommendedMeasure")
    MeasureType = apps.get_model("measures", "MeasureType")
    types = {t.code: t for t in MeasureType.objects.all()}
    drafts = RecommendedMeasure.objects.filter(
        assessment__status="draft", assessment__content_hash="", measure_type__code__in=list(LEGACY)
    ).select_related("measure_type")
    for recommendation in drafts:
        converted = LEGACY[recommendation.measure_type.code](recommendation.parameters)
        if len(converted) != 1:
            continue
        code, params = converted[0]
        recommendation.measure_type = types[code]
        recommendation.parameters = dump(validate(code, params))
        recommendation.save(update_fields=["measure_type", "parameters"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_measure_type_in_measures"), ("measures", "0002_typed_catalog")]

    operations = [migrations.RunPython(type_draft_recommendations, migrations.RunPython.noop)]
