"""The measure catalog the migrations load is the one declared in measures/catalog.py."""

import pytest

from measures.catalog import CATALOG, catalog_load
from measures.models import MeasureType

pytestmark = pytest.mark.django_db


def test_the_migrated_measure_types_are_the_catalog_in_its_order_and_loading_it_again_adds_none():
    assert [(t.code, t.name, t.order) for t in MeasureType.objects.all()] == [
        (entry["code"], entry["name"], order) for order, entry in enumerate(CATALOG, start=1)
    ]
    catalog_load(model=MeasureType)
    assert MeasureType.objects.count() == len(CATALOG)
