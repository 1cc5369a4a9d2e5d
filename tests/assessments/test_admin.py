"""Threshold tables in the back office: overlapping or gapped ranges are refused when saved."""

import pytest

from assessments.models import ThresholdTable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _post(client, bands):
    data = {
        "indicator": "r_number",
        "effective_from": "2022-01-01",
        "name": "Ny R-tabell",
        "note": "",
        "bands-TOTAL_FORMS": str(len(bands)),
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "1",
        "bands-MAX_NUM_FORMS": "1000",
    }
    for i, (level, lower, upper) in enumerate(bands):
        data.update({f"bands-{i}-level": level, f"bands-{i}-lower": lower, f"bands-{i}-upper": upper})
    return client.post("/admin/assessments/thresholdtable/add/", data)


def test_admin_refuses_a_gap_and_saves_a_contiguous_table_with_history(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = _post(client, [("1", "0", "1"), ("2", "1.2", "")])
    assert response.status_code == 200
    assert "Hull mellom N1 og N2" in response.content.decode()
    assert not ThresholdTable.objects.filter(effective_from="2022-01-01").exists()
    response = _post(client, [("1", "0", "1"), ("2", "1", "")])
    assert response.status_code == 302
    table = ThresholdTable.objects.get(effective_from="2022-01-01")
    assert [(b.level, str(b.lower), b.upper) for b in table.bands.all()] == [(1, "0.00", 1), (2, "1.00", None)]
    assert table.history.first().history_user == admin
