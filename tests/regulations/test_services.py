"""Drafting and decisions: what each role may do, and what bad input is refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import WorkflowDecision
from measures.models import MeasureType
from regulations.models import Measure, RegulationVersion, Section, VersionKind, VersionStatus
from regulations.selectors import version_in_force
from regulations.services import (
    SectionInput,
    StaleEditError,
    measure_add,
    measure_update,
    regulation_create,
    version_adopt,
    version_issue_urgent,
    version_lapse,
    version_reject,
    version_send_back,
    version_start,
    version_submit,
    version_update,
)
from tests.factories import oslo
from tests.regulations.conftest import _decide

pytestmark = pytest.mark.django_db

MEETING = {"body": "formannskap", "meeting_date": date(2021, 3, 3), "votes_for": 7, "votes_against": 2}


def _sections(version):
    return [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in version.sections.all()]


def test_new_regulation_opens_a_case_and_a_draft_with_default_sections(municipality, case_officer):
    version = regulation_create(municipality=municipality, title="Forskrift om munnbind", by=case_officer)
    assert version.status == VersionStatus.DRAFT
    assert version.regulation.case.reference.startswith(f"{timezone.localdate().year % 100:02d}/")
    headings = list(version.sections.values_list("heading", flat=True))
    assert headings == ["Formål", "Virkeområde", "Ikrafttredelse og varighet"]
    assert "Harstad kommune" in version.sections.get(number=2).body
    assert "smittevernloven) § 4-1" in version.regulation.legal_basis
    assert version.history.first().history_user == case_officer


def test_case_numbers_continue_without_gaps(municipality, case_officer):
    first = regulation_create(municipality=municipality, title="A", by=case_officer).regulation.case
    second = regulation_create(municipality=municipality, title="B", by=case_officer).regulation.case
    assert second.number == first.number + 1


def test_empty_title_is_refused(municipality, case_officer):
    with pytest.raises(ValidationError):
        regulation_create(municipality=municipality, title="   ", by=case_officer)
    assert not RegulationVersion.objects.exists()


def test_until_before_from_is_refused_and_nothing_is_saved(municipality, case_officer):
    with pytest.raises(ValidationError) as exc:
        regulation_create(
            municipality=municipality,
            title="Feil datoer",
            by=case_officer,
            valid_from=oslo(2021, 3, 3, 14),
            valid_until=oslo(2021, 3, 1, 14),
        )
    assert "valid_until" in exc.value.message_dict
    assert not RegulationVersion.objects.exists()


def test_far_dates_in_services_are_refused(municipality, case_officer):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    with pytest.raises(ValidationError):
        regulation_create(
            municipality=municipality,
            title="X",
            by=case_officer,
            valid_from=datetime(1, 1, 2, tzinfo=ZoneInfo("Europe/Oslo")),
        )


@pytest.mark.parametrize("role_fixture", ["secretary", "committee_member", "auditor", "outsider"])
def test_only_case_and_medical_officers_draft(request, municipality, role_fixture):
    user = request.getfixturevalue(role_fixture)
    with pytest.raises(PermissionDenied):
        regulation_create(municipality=municipality, title="Ikke tillatt", by=user)


def test_duplicate_section_numbers_are_refused(draft, case_officer):
    sections = _sections(draft)
    sections[2].number = 2
    with pytest.raises(ValidationError) as exc:
        version_update(
            version=draft,
            by=case_officer,
            expected_revision=draft.revision,
            sections=sections,
            valid_from=draft.valid_from,
            valid_until=draft.valid_until,
        )
    assert "§ 2 er brukt flere ganger" in str(exc.value)
    assert list(draft.sections.values_list("number", flat=True)) == [1, 2, 3]


def test_missing_section_number_is_refused(draft, case_officer):
    sections = _sections(draft)
    sections[2].number = 5
    with pytest.raises(ValidationError) as exc:
        version_update(
            version=draft,
            by=case_officer,
            expected_revision=draft.revision,
            sections=sections,
            valid_from=draft.valid_from,
            valid_until=draft.valid_until,
        )
    assert "§ 3" in str(exc.value)


def test_very_long_text_is_refused(draft, case_officer):
    sections = _sections(draft)
    sections[0].body = "x" * 20001
    with pytest.raises(ValidationError):
        version_update(
            version=draft,
            by=case_officer,
            expected_revision=draft.revision,
            sections=sections,
            valid_from=draft.valid_from,
            valid_until=draft.valid_until,
        )
    assert draft.sections.get(number=1).body.startswith("Formålet")


def test_sections_can_be_swapped_and_history_records_it(draft, case_officer):
    sections = _sections(draft)
    sections[1].number, sections[2].number = 3, 2
    version_update(
        version=draft,
        by=case_officer,
        expected_revision=draft.revision,
        sections=sections,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
        reason="Bytter rekkefølge",
    )
    assert list(draft.sections.order_by("number").values_list("heading", flat=True)) == [
        "Formål",
        "Skjenkestopp",
        "Virkeområde",
    ]
    moved = Section.objects.get(heading="Skjenkestopp")
    latest = moved.history.first()
    assert latest.number == 2 and latest.history_change_reason == "Bytter rekkefølge"
    assert latest.history_user == case_officer


def test_stale_edit_is_refused_and_nothing_is_overwritten(draft, case_officer, medical_officer):
    opened_revision = draft.revision
    first = _sections(draft)
    first[0].body = "Første lagring."
    version_update(
        version=draft,
        by=medical_officer,
        expected_revision=opened_revision,
        sections=first,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
    )
    second = _sections(draft)
    second[0].body = "Andre lagring fra et gammelt skjema."
    with pytest.raises(StaleEditError) as exc:
        version_update(
            version=draft,
            by=case_officer,
            expected_revision=opened_revision,
            sections=second,
            valid_from=draft.valid_from,
            valid_until=draft.valid_until,
        )
    assert "endret av" in str(exc.value)
    assert draft.sections.get(number=1).body == "Første lagring."


def test_html_is_stored_as_text_not_interpreted(draft, case_officer):
    sections = _sections(draft)
    sections[0].heading = "<script>alert('x')</script>"
    version_update(
        version=draft,
        by=case_officer,
        expected_revision=draft.revision,
        sections=sections,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
    )
    assert draft.sections.get(number=1).heading == "<script>alert('x')</script>"


def test_submit_requires_a_complete_text(municipality, case_officer):
    version = regulation_create(municipality=municipality, title="Uten dato", by=case_officer)
    with pytest.raises(ValidationError) as exc:
        version_submit(version=version, by=case_officer)
    text = str(exc.value)
    assert "gjelder fra" in text and "[fyll inn]" in text
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_workflow_submit_adopt_freezes_the_text(draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUBMITTED
    with pytest.raises(ValidationError):
        version_update(
            version=draft,
            by=case_officer,
            expected_revision=draft.revision,
            sections=_sections(draft),
            valid_from=draft.valid_from,
            valid_until=draft.valid_until,
        )
    version_adopt(
        version=draft, by=secretary, item_number="12/21", votes_abstaining=0, decision_text="Vedtatt.", **MEETING
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.ADOPTED
    assert len(draft.content_hash) == 64
    decision = WorkflowDecision.objects.get(object_id=draft.pk, transition="adopt")
    assert decision.actor == secretary and decision.content_hash == draft.content_hash
    with pytest.raises(ValidationError):
        version_update(
            version=draft,
            by=case_officer,
            expected_revision=draft.revision,
            sections=_sections(draft),
            valid_from=draft.valid_from,
            valid_until=draft.valid_until,
        )


@pytest.mark.parametrize("role_fixture", ["case_officer", "medical_officer", "committee_member", "auditor", "outsider"])
def test_only_the_secretary_records_adoption(request, draft, case_officer, role_fixture):
    version_submit(version=draft, by=case_officer)
    user = request.getfixturevalue(role_fixture)
    with pytest.raises(PermissionDenied):
        version_adopt(version=draft, by=user, **MEETING)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUBMITTED


@pytest.mark.parametrize("role_fixture", ["secretary", "committee_member", "auditor", "outsider"])
def test_only_drafters_submit(request, draft, role_fixture):
    with pytest.raises(PermissionDenied):
        version_submit(version=draft, by=request.getfixturevalue(role_fixture))


def test_adoption_needs_a_majority_and_a_past_meeting_date(draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    with pytest.raises(ValidationError) as exc:
        version_adopt(
            version=draft, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3), votes_for=3, votes_against=5
        )
    assert "votes_for" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        version_adopt(
            version=draft, by=secretary, body="formannskap", meeting_date=timezone.localdate() + timedelta(days=2)
        )
    assert "meeting_date" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUBMITTED


def test_send_back_needs_a_comment_and_reopens_the_draft(draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    with pytest.raises(ValidationError):
        version_send_back(version=draft, by=secretary, comment=" ")
    version_send_back(version=draft, by=secretary, comment="§ 3 må presiseres.")
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert WorkflowDecision.objects.get(transition="send_back").comment == "§ 3 må presiseres."


def test_rejection_is_recorded_with_the_vote(draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    version_reject(
        version=draft, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3), votes_for=2, votes_against=7
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.REJECTED and draft.votes_against == 7


def test_a_transition_cannot_be_taken_twice(draft, case_officer):
    version_submit(version=draft, by=case_officer)
    with pytest.raises(ValidationError):
        version_submit(version=draft, by=case_officer)


def test_amendment_starts_as_a_copy_with_measures(draft, case_officer, secretary):
    measure_add(
        section=draft.sections.get(number=3),
        by=case_officer,
        measure_type=MeasureType.objects.get(code="alcohol_ban"),
        parameters={"from_time": "22:00"},
    )
    version_submit(version=draft, by=case_officer)
    adopted = version_adopt(version=draft, by=secretary, **MEETING)
    amendment = version_start(regulation=adopted.regulation, kind=VersionKind.AMENDMENT, by=case_officer)
    assert amendment.status == VersionStatus.DRAFT and amendment.number == 2 and amendment.based_on == adopted
    assert [s.heading for s in amendment.sections.all()] == [s.heading for s in adopted.sections.all()]
    copied = Measure.objects.get(section__version=amendment)
    assert copied.measure_type.code == "alcohol_ban"
    assert copied.parameters == {"settings": ["restaurants"], "from_time": "22:00:00"}
    with pytest.raises(ValidationError):
        version_start(regulation=adopted.regulation, kind=VersionKind.EXTENSION, by=case_officer)


def test_a_draft_cannot_be_amended(draft, case_officer):
    with pytest.raises(ValidationError):
        version_start(regulation=draft.regulation, kind=VersionKind.AMENDMENT, by=case_officer)


def test_an_amendment_cannot_take_effect_before_the_text_it_changes(adopted, case_officer, secretary):
    amendment = version_start(regulation=adopted.regulation, kind=VersionKind.AMENDMENT, by=case_officer)
    with pytest.raises(ValidationError):
        _decide(
            amendment,
            case_officer,
            secretary,
            valid_from=oslo(2021, 3, 2),
            valid_until=oslo(2021, 3, 17, 14),
            meeting=date(2021, 3, 1),
        )


def test_repeal_adopted_repeals_earlier_versions(adopted, case_officer, secretary):
    repeal = version_start(regulation=adopted.regulation, kind=VersionKind.REPEAL, by=case_officer)
    section = repeal.sections.get()
    version_update(
        version=repeal,
        by=case_officer,
        expected_revision=repeal.revision,
        sections=[
            SectionInput(
                id=section.pk, number=1, heading="Oppheving", body="Forskriften oppheves fra 10. mars 2021 kl. 12.00."
            )
        ],
        valid_from=oslo(2021, 3, 10, 12),
        valid_until=None,
    )
    version_submit(version=repeal, by=case_officer)
    version_adopt(version=repeal, by=secretary, body="formannskap", meeting_date=date(2021, 3, 9))
    adopted.refresh_from_db()
    assert adopted.status == VersionStatus.REPEALED
    assert WorkflowDecision.objects.filter(object_id=adopted.pk, transition="repeal").exists()


def test_a_repealed_regulation_cannot_be_amended_or_repealed_again(adopted, case_officer, secretary):
    repeal = version_start(regulation=adopted.regulation, kind=VersionKind.REPEAL, by=case_officer)

    def text(sections):
        sections[0].body = "Forskriften oppheves."

    _decide(repeal, case_officer, secretary, valid_from=oslo(2021, 3, 12, 12), valid_until=None, change=text)
    for kind in (VersionKind.AMENDMENT, VersionKind.REPEAL):
        with pytest.raises(ValidationError):
            version_start(regulation=adopted.regulation, kind=kind, by=case_officer)


def test_measure_parameters_are_validated_by_the_typed_schema_and_stored_as_dumped(draft, case_officer):
    section = draft.sections.get(number=3)
    cap = MeasureType.objects.get(code="cap")
    bad = [
        ({"settings": ["events"], "max_people": -1}, "max_people", "Ugyldig verdi for «Maks antall personer»."),
        ({"settings": ["events"], "max_people": "fem"}, "max_people", "Ugyldig verdi for «Maks antall personer»."),
        ({"settings": ["events"], "max_people": 5, "unknown": 1}, "unknown", "Ukjent parameter «unknown»."),
        ({"settings": ["events"], "max_people": 5, "exceptions": [{"code": "weddings"}]}, "exceptions", "Unntak"),
        ({"max_people": 5}, "settings", "«Gjelder» må fylles ut."),
    ]
    for parameters, field, message in bad:
        with pytest.raises(ValidationError) as caught:
            measure_add(section=section, by=case_officer, measure_type=cap, parameters=parameters)
        assert message in caught.value.message_dict[field][0]
    assert not Measure.objects.filter(section=section).exists()
    m = measure_add(
        section=section,
        by=case_officer,
        measure_type=cap,
        parameters={"settings": ["events"], "max_people": "10", "exceptions": [{"code": "funerals", "max_people": 50}]},
    )
    m.refresh_from_db()
    assert m.parameters == {
        "settings": ["events"],
        "max_people": 10,
        "exceptions": [{"code": "funerals", "max_people": 50}],
    }


def test_a_measure_of_the_first_catalog_is_stored_as_the_typed_measures_it_means(draft, case_officer):
    section = draft.sections.get(number=3)
    events = MeasureType.objects.get(code="events")
    with pytest.raises(ValidationError) as caught:
        measure_add(section=section, by=case_officer, measure_type=events, parameters={"max_people": 10, "x": 1})
    assert "x" in caught.value.message_dict
    measure_add(
        section=section, by=case_officer, measure_type=events, parameters={"max_people": 10, "fixed_seats_max": 100}
    )
    assert [(m.measure_type.code, m.parameters) for m in Measure.objects.filter(section=section).order_by("pk")] == [
        ("cap", {"settings": ["events"], "max_people": 10}),
        ("cap", {"settings": ["events"], "fixed_seats": True, "max_people": 100}),
    ]


def test_a_measure_is_changed_with_its_history_and_a_stale_edit_is_refused(draft, case_officer):
    section = draft.sections.get(number=3)
    m = measure_add(
        section=section,
        by=case_officer,
        measure_type=MeasureType.objects.get(code="alcohol_ban"),
        parameters={"from_time": "22:00"},
    )
    draft.refresh_from_db()
    opened = draft.revision
    changed = measure_update(
        measure=m,
        by=case_officer,
        measure_type=MeasureType.objects.get(code="alcohol_ban"),
        parameters={"from_time": "21:00"},
        is_advice=True,
        expected_revision=opened,
    )
    assert changed.parameters == {"settings": ["restaurants"], "from_time": "21:00:00"} and changed.is_advice
    assert changed.history.first().history_change_reason == "Tiltak endret i § 3"
    with pytest.raises(StaleEditError):
        measure_update(
            measure=m,
            by=case_officer,
            measure_type=MeasureType.objects.get(code="alcohol_ban"),
            parameters={"from_time": "20:00"},
            expected_revision=opened,
        )
    m.refresh_from_db()
    assert m.parameters["from_time"] == "21:00:00"


def test_hastevedtak_is_in_force_at_once_and_can_be_confirmed(municipality, medical_officer, secretary):
    version = regulation_create(
        municipality=municipality,
        title="Hastevedtak",
        by=medical_officer,
        kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Tiltak", body="Treningssentre skal holde stengt.")],
    )
    version_issue_urgent(version=version, by=medical_officer, duration_days=7)
    version.refresh_from_db()
    assert version.status == VersionStatus.URGENT
    assert version.valid_from <= timezone.now() < version.valid_until
    assert version.valid_until - version.valid_from == timedelta(days=7)
    assert version.confirmation_deadline == version.valid_until
    # Not at a meeting held before the hastevedtak was made.
    with pytest.raises(ValidationError, match="Det kan ikke stadfestes i et møte før det"):
        version_adopt(version=version, by=secretary, body="formannskap", meeting_date=date(2020, 1, 1))
    version.refresh_from_db()
    assert version.status == VersionStatus.URGENT and version.meeting_date is None
    version_adopt(version=version, by=secretary, body="formannskap", meeting_date=timezone.localdate())
    version.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED
    assert WorkflowDecision.objects.filter(object_id=version.pk, transition="confirm").exists()


def test_only_the_medical_officer_issues_a_hastevedtak(municipality, medical_officer, case_officer):
    version = regulation_create(
        municipality=municipality,
        title="Hastevedtak",
        by=medical_officer,
        kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Tiltak", body="Stengt.")],
    )
    with pytest.raises(PermissionDenied):
        version_issue_urgent(version=version, by=case_officer)
    with pytest.raises(PermissionDenied):
        regulation_create(municipality=municipality, title="Hastevedtak", by=case_officer, kind=VersionKind.URGENT)


def test_hastevedtak_can_lapse_with_a_reason(municipality, medical_officer, secretary):
    version = regulation_create(
        municipality=municipality,
        title="Hastevedtak",
        by=medical_officer,
        kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Tiltak", body="Stengt.")],
    )
    version_issue_urgent(version=version, by=medical_officer, duration_days=3)
    with pytest.raises(ValidationError):
        version_lapse(version=version, by=secretary, comment="")
    version_lapse(version=version, by=secretary, comment="Erstattes av ny forskrift.")
    version.refresh_from_db()
    assert version.status == VersionStatus.LAPSED


def test_a_hastevedtak_that_lapses_early_records_the_hash_of_its_new_end(municipality, medical_officer, secretary):
    import io

    from django.core.management import call_command

    from regulations.services import version_content_hash

    version = _urgent(municipality, medical_officer)
    version_issue_urgent(version=version, by=medical_officer, duration_days=7)
    version.refresh_from_db()
    issued_hash, ends_at = version.content_hash, version.valid_until - timedelta(days=3)
    version_lapse(version=version, by=secretary, comment="Erstattes av forskriften.", ends_at=ends_at)
    version.refresh_from_db()
    assert version.valid_until == ends_at and version.content_hash != issued_hash
    assert version.content_hash == version_content_hash(version)
    lapse = WorkflowDecision.objects.get(object_id=version.pk, transition="lapse")
    assert lapse.content_hash == version.content_hash
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().rstrip().endswith("OK")


def test_a_replaced_hastevedtak_ends_when_the_regulation_starts(municipality, medical_officer, secretary, adopted):
    urgent = regulation_create(
        municipality=municipality,
        title="Hastevedtak",
        by=medical_officer,
        kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt.")],
    )
    version_issue_urgent(version=urgent, by=medical_officer, duration_days=7)
    urgent.refresh_from_db()
    replaced_at = urgent.valid_from + timedelta(days=2)
    version_lapse(version=urgent, by=secretary, comment="Erstattet av forskrift.", ends_at=replaced_at)
    urgent.refresh_from_db()
    assert urgent.status == VersionStatus.LAPSED and urgent.valid_until == replaced_at
    assert version_in_force(regulation=urgent.regulation, at=replaced_at) is None
    assert version_in_force(regulation=urgent.regulation, at=replaced_at - timedelta(minutes=1)) == urgent


def test_hastevedtak_duration_is_bounded(municipality, medical_officer):
    version = regulation_create(
        municipality=municipality,
        title="Hastevedtak",
        by=medical_officer,
        kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Tiltak", body="Stengt.")],
    )
    with pytest.raises(ValidationError):
        version_issue_urgent(version=version, by=medical_officer, duration_days=90)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def _urgent(municipality, medical_officer):
    return regulation_create(
        municipality=municipality,
        title="Hastevedtak om treningssentre",
        by=medical_officer,
        kind=VersionKind.URGENT,
    )


def test_hastevedtak_text_states_the_dates_it_was_issued_with(municipality, medical_officer):
    version = _urgent(municipality, medical_officer)
    assert "[fyll inn]" in version.sections.get(heading="Ikrafttredelse og varighet").body
    version_issue_urgent(version=version, by=medical_officer, duration_days=3)
    version.refresh_from_db()
    clause = version.sections.get(heading="Ikrafttredelse og varighet").body
    from core.formats import format_datetime_nb

    assert format_datetime_nb(version.valid_until) in clause and "[fyll inn]" not in clause
    assert version.valid_until - version.valid_from == timedelta(days=3)


def test_adoption_cannot_make_a_rule_retroactive(draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    with pytest.raises(ValidationError) as exc:
        version_adopt(version=draft, by=secretary, body="formannskap", meeting_date=date(2021, 3, 4))
    assert "tilbakevirkende" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        version_adopt(version=draft, by=secretary, body="formannskap", meeting_date=date(2021, 3, 20))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUBMITTED


def test_text_from_a_browser_is_stored_with_unix_line_endings(municipality, case_officer):
    version = regulation_create(
        municipality=municipality,
        title="Linjeskift",
        by=case_officer,
        sections=[SectionInput(number=1, heading="  Formål  ", body="Første ledd.\r\n\r\nAndre ledd.  \r\n")],
    )
    section = version.sections.get()
    assert section.body == "Første ledd.\n\nAndre ledd." and section.heading == "Formål"


def test_a_hastevedtak_issued_in_oslo_time_hashes_like_the_instant_read_back(municipality, medical_officer):
    """The hash of a text decided with times from a form (Oslo time) is the hash of the same
    text read back from the database (UTC): audit_verify and a later confirmation agree."""
    from regulations.services import version_content_hash

    version = _urgent(municipality, medical_officer)
    issued = version_issue_urgent(
        version=version, by=medical_officer, duration_days=7, valid_from=oslo(2021, 2, 28), now=oslo(2021, 2, 28)
    )
    read_back = RegulationVersion.objects.get(pk=version.pk)
    assert issued.content_hash == read_back.content_hash == version_content_hash(read_back)
