"""Recording the announcement: who may, what is checked, and that a refusal changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from core.models import Role
from lovtidend.models import Announcement, Department
from lovtidend.services import announcement_record
from tests.factories import member


def _record(version, by, **overrides):
    arguments = {"announced_on": date(2021, 3, 4), "lovdata_id": "FOR-2021-03-03-521", "reason": "Sendt fra Lovdata"}
    return announcement_record(version=version, by=by, **{**arguments, **overrides})


def test_case_officer_records_the_announcement_with_who_and_why(harstad_version, case_officer):
    announcement = _record(harstad_version, case_officer)

    assert (announcement.lovdata_id, announcement.department) == ("FOR-2021-03-03-521", Department.AVD_II)
    record = announcement.history.get()
    assert record.history_user == case_officer
    assert "FOR-2021-03-03-521" in record.history_change_reason
    assert "Sendt fra Lovdata" in record.history_change_reason
    event = AuditEvent.objects.filter(object_type="lovtidend.announcement").get()
    assert event.subject_type == "regulations.regulation"
    assert event.organization_id == harstad_version.regulation.municipality_id


def test_records_officer_may_record_it_too(harstad_version, records_officer):
    assert _record(harstad_version, records_officer).recorded_by == records_officer


@pytest.mark.parametrize("role", [Role.MEDICAL_OFFICER, Role.COMMITTEE_SECRETARY, Role.AUDITOR])
def test_other_roles_are_refused_and_nothing_is_recorded(harstad_version, municipality, role):
    with pytest.raises(PermissionDenied, match="Bare saksbehandler eller arkivar i Harstad kommune"):
        _record(harstad_version, member(role, municipality))
    assert not Announcement.objects.exists()


def test_another_municipalitys_case_officer_is_refused(harstad_version, outsider):
    with pytest.raises(PermissionDenied):
        _record(harstad_version, outsider)
    assert not Announcement.objects.exists()


def test_a_draft_cannot_be_announced(draft, case_officer):
    with pytest.raises(ValidationError, match="Bare en vedtatt forskrift kan kunngjøres"):
        _record(draft, case_officer)
    assert not Announcement.objects.exists()


def test_the_announcement_cannot_come_before_the_decision(harstad_version, case_officer):
    with pytest.raises(ValidationError) as refused:
        _record(harstad_version, case_officer, announced_on=date(2021, 3, 2))
    assert refused.value.message_dict["announced_on"] == [
        "Forskriften kan ikke være kunngjort 2. mars 2021, før den ble vedtatt 3. mars 2021."
    ]
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("lovdata_id", ["521", "FOR-2021-3-3-521", "FOR-2021-03-03-", "LOV-2021-03-03-521"])
def test_a_malformed_lovdata_id_is_refused(harstad_version, case_officer, lovdata_id):
    with pytest.raises(ValidationError) as refused:
        _record(harstad_version, case_officer, lovdata_id=lovdata_id)
    assert "FOR-ÅÅÅÅ-MM-DD-nummer" in refused.value.message_dict["lovdata_id"][0]
    assert not Announcement.objects.exists()


def test_the_lovdata_id_carries_the_date_of_the_decision(harstad_version, case_officer):
    with pytest.raises(ValidationError) as refused:
        _record(harstad_version, case_officer, lovdata_id="FOR-2021-03-04-521")
    assert refused.value.message_dict["lovdata_id"] == [
        "Datoen i Lovdata-ID-en skal være vedtaksdatoen, 3. mars 2021: FOR-2021-03-03-nummer."
    ]


def test_a_version_is_announced_once(harstad_version, case_officer):
    _record(harstad_version, case_officer)
    with pytest.raises(ValidationError, match="allerede registrert"):
        _record(harstad_version, case_officer, lovdata_id="FOR-2021-03-03-522")
    assert Announcement.objects.get().lovdata_id == "FOR-2021-03-03-521"
