"""The measure catalog the migrations load: one offered row per kind declared in
measures/schema.py, in its order, and the first catalog's other rows kept but not offered."""

import pytest
from django.utils import translation

from measures.catalog import FIRST_CATALOG, catalog_load
from measures.models import MeasureType
from measures.schema import TYPES

pytestmark = pytest.mark.django_db


def test_the_migrated_offered_types_are_the_declared_kinds_in_their_order_and_loading_again_adds_none():
    with translation.override("nb"):
        declared = [(t.code, str(t.name), order) for order, t in enumerate(TYPES.values(), start=1)]
    assert [(t.code, t.name, t.order) for t in MeasureType.objects.filter(legacy=False)] == declared
    count = MeasureType.objects.count()
    catalog_load(model=MeasureType)
    assert MeasureType.objects.count() == count


def test_the_first_catalogs_types_that_were_replaced_stay_readable_but_are_not_offered():
    replaced = {entry["code"] for entry in FIRST_CATALOG} - set(TYPES)
    assert replaced == set(MeasureType.objects.filter(legacy=True).values_list("code", flat=True))
    assert "venue_closure" in replaced and "cap" not in replaced
