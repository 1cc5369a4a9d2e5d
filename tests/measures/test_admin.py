"""The measure catalog in the back office: an administrator's change is kept in the type's
history and in the audit trail."""

import json

import pytest

from audit.models import AuditEvent
from measures.models import MeasureType
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_administrators_change_to_a_measure_type_reaches_its_history_and_the_audit_trail(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    measure_type = MeasureType.objects.get(code="alcohol_serving_stop")
    response = client.post(
        f"/admin/measures/measuretype/{measure_type.pk}/change/",
        {
            "code": measure_type.code,
            "name": "Skjenkestopp (alle bevillinger)",
            "description": "",
            "parameter_schema": json.dumps(measure_type.parameter_schema),
            "order": measure_type.order,
        },
    )
    assert response.status_code == 302
    assert measure_type.history.first().history_user == admin
    event = AuditEvent.objects.filter(object_type="measures.measuretype", object_id=str(measure_type.pk)).latest("seq")
    assert event.actor_id == admin.pk
    assert next(c for c in event.changes if c["field"] == "name")["new"] == "Skjenkestopp (alle bevillinger)"
    history_page = client.get(f"/admin/measures/measuretype/{measure_type.pk}/history/")
    assert "Skjenkestopp (alle bevillinger)" in history_page.content.decode()
