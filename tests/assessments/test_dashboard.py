"""The overview's assessment panel: regulations whose risk picture changed since they were
adopted, read in a number of queries that does not grow with the number of regulations."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from regulations.services import regulation_create

pytestmark = pytest.mark.django_db

CHANGED = "risikobildet er endret siden vedtaket"


def _regulations_on_assessments(municipality, medical_officer, n: int, *, first_week: int) -> None:
    """`n` regulations, each adopted on an approved assessment at risk level 2, one week
    after the other from `first_week` of 2021 (bulk, as bench/pages.py builds them)."""
    rows = []
    for k in range(n):
        day = date.fromisocalendar(2021, first_week + k, 3)
        regulation = regulation_create(
            municipality=municipality, title=f"Forskrift {first_week + k}", by=medical_officer
        )
        rows.append(
            Assessment(
                municipality=municipality,
                author=medical_officer,
                date=day,
                iso_year=2021,
                iso_week=first_week + k,
                status="approved",
                risk_level=2,
                regulation=regulation.regulation,
            )
        )
    Assessment.objects.bulk_create(rows)


def _latest_at_level(municipality, medical_officer, level: int) -> None:
    """A newer approved assessment (week 40) without a regulation: the risk picture now."""
    Assessment.objects.create(
        municipality=municipality,
        author=medical_officer,
        date=date.fromisocalendar(2021, 40, 3),
        iso_year=2021,
        iso_week=40,
        status="approved",
        risk_level=level,
    )


def _overview(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_overview_queries_do_not_grow_with_regulations_whose_risk_picture_changed(
    client, municipality, medical_officer
):
    client.force_login(medical_officer)
    _latest_at_level(municipality, medical_officer, 4)
    _regulations_on_assessments(municipality, medical_officer, 2, first_week=1)
    two, few = _overview(client)
    _regulations_on_assessments(municipality, medical_officer, 10, first_week=3)
    twelve, many = _overview(client)

    assert many == few
    assert two.count(CHANGED) == 2 and "Forskrift 2</a>" in two
    assert twelve.count(CHANGED) == 12 and "nivå 2 → 4" in twelve


def test_an_unchanged_risk_picture_is_not_shown(client, municipality, medical_officer):
    client.force_login(medical_officer)
    _regulations_on_assessments(municipality, medical_officer, 2, first_week=1)
    _latest_at_level(municipality, medical_officer, 2)
    page, _ = _overview(client)
    assert CHANGED not in page
