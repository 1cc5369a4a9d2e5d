"""Writing, reviewing and approving assessments; the draft regulation; threshold tables."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments.models import Assessment, AssessmentStatus, Indicator, RecommendedMeasure, ThresholdTable
from assessments.selectors import risk_picture_for_regulation
from assessments.services import (
    BandInput,
    IndicatorInputs,
    assessment_approve,
    assessment_create,
    assessment_create_draft_regulation,
    assessment_send_back,
    assessment_set_indicators,
    assessment_set_risk_level,
    assessment_submit,
    assessment_update_sections,
    recommended_measure_move,
    recommended_measure_remove,
    recommended_measure_update,
    threshold_table_save,
)
from core.models import Role
from core.workflow import decisions_for
from measures.models import MeasureType
from regulations.models import VersionStatus
from tests.assessments.conftest import HARSTAD_FIGURES, add_rule
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_indicator_levels_are_computed_and_the_table_is_remembered(draft_assessment):
    readings = {r.indicator: r for r in draft_assessment.readings.all()}
    assert [(readings[c].value, readings[c].level) for c in Indicator.values] == [
        (Decimal("112.70"), 2),
        (Decimal("1.80"), 2),
        (Decimal("1.20"), 3),
        (Decimal("4.00"), 1),
        (Decimal("5.10"), 1),
    ]
    assert all(r.threshold_table.is_default for r in readings.values())
    assert readings[Indicator.INCIDENCE].cases == 28
    assert draft_assessment.suggested_risk_level == 2


def test_a_missing_reading_has_no_value_and_no_level(draft_assessment, medical_officer):
    figures = {**HARSTAD_FIGURES, "r_value": None, "r_source": ""}
    assessment = assessment_set_indicators(
        assessment=draft_assessment, by=medical_officer, inputs=IndicatorInputs(**figures)
    )
    r = assessment.readings.get(indicator=Indicator.R_NUMBER)
    assert r.value is None and r.level is None and r.threshold_table is None


def test_changing_a_table_later_does_not_change_a_stored_level(draft_assessment, medical_officer):
    admin = member(Role.ADMIN, draft_assessment.municipality, username="sysadmin")
    threshold_table_save(
        by=admin,
        indicator=Indicator.INCIDENCE,
        effective_from=date(2021, 3, 4),
        name="Strengere",
        bands=[BandInput(1, Decimal(0), Decimal(20)), BandInput(4, Decimal(20), None)],
    )
    assert draft_assessment.readings.get(indicator=Indicator.INCIDENCE).level == 2


def test_a_level_differing_from_the_suggestion_needs_a_justification(draft_assessment, medical_officer):
    with pytest.raises(ValidationError) as exc:
        assessment_set_risk_level(assessment=draft_assessment, by=medical_officer, level=4, justification="  ")
    assert "level_justification" in exc.value.message_dict
    assessment = assessment_set_risk_level(
        assessment=draft_assessment, by=medical_officer, level=4, justification="Ny variant."
    )
    assert assessment.risk_level == 4 and assessment.level_differs_from_suggestion


def test_one_assessment_per_municipality_and_week(draft_assessment, medical_officer, municipality):
    with pytest.raises(ValidationError) as exc:
        assessment_create(municipality=municipality, by=medical_officer, on=date(2021, 3, 5))
    assert "date" in exc.value.message_dict


def test_section_html_is_sanitized_and_plain_text_becomes_paragraphs(draft_assessment, medical_officer):
    assessment = assessment_update_sections(
        assessment=draft_assessment,
        by=medical_officer,
        expected_revision=draft_assessment.revision,
        sections={
            "spread_potential": "<p onclick='x()'>Stort</p><script>alert(1)</script>",
            "disease_burden": "Én\n\nTo & tre",
        },
    )
    assert assessment.spread_potential == "<p>Stort</p>"
    assert assessment.disease_burden == "<p>Én</p><p>To &amp; tre</p>"
    assert assessment.history.first().history_user == medical_officer


def test_a_stale_edit_is_refused(draft_assessment, medical_officer):
    with pytest.raises(ValidationError):
        assessment_update_sections(
            assessment=draft_assessment, by=medical_officer, expected_revision=1, sections={"summary": "x"}
        )


def test_people_outside_the_municipality_cannot_write(draft_assessment, outsider, committee_member):
    for user in (outsider, committee_member):
        with pytest.raises(PermissionDenied):
            assessment_set_risk_level(assessment=draft_assessment, by=user, level=2)


def test_case_officer_submits_approver_sends_back_with_a_comment(draft_assessment, case_officer, municipality):
    approver = member(Role.APPROVER, municipality, username="leder")
    assessment_submit(assessment=draft_assessment, by=case_officer)
    with pytest.raises(ValidationError):
        assessment_send_back(assessment=draft_assessment, by=approver, comment="")
    assessment = assessment_send_back(assessment=draft_assessment, by=approver, comment="Oppdater R.")
    assert assessment.status == AssessmentStatus.DRAFT
    assert [d.transition for d in decisions_for(assessment)] == ["submit", "send_back"]
    assert decisions_for(assessment).last().comment == "Oppdater R."


def test_case_officer_and_committee_cannot_approve(draft_assessment, case_officer, committee_member):
    assessment_submit(assessment=draft_assessment, by=case_officer)
    for user in (case_officer, committee_member):
        with pytest.raises(PermissionDenied):
            assessment_approve(assessment=draft_assessment, by=user)


def test_an_assessment_without_a_level_cannot_be_submitted(municipality, medical_officer):
    assessment = assessment_create(
        municipality=municipality, by=medical_officer, on=date(2021, 3, 3), sections={"summary": "Tekst"}
    )
    with pytest.raises(ValidationError) as exc:
        assessment_submit(assessment=assessment, by=medical_officer)
    assert any("risikonivå" in m for m in exc.value.messages)


def test_approval_freezes_the_assessment_with_pdf_and_hash(approved_assessment, medical_officer):
    assert approved_assessment.status == AssessmentStatus.APPROVED
    assert len(approved_assessment.content_hash) == 64
    assert approved_assessment.archived_pdf.sha256
    assert decisions_for(approved_assessment).last().content_hash == approved_assessment.content_hash
    with pytest.raises(ValidationError):
        assessment_set_risk_level(assessment=approved_assessment, by=medical_officer, level=3, justification="x")


def _approve_week(municipality, by, on, level, cases):
    a = assessment_create(municipality=municipality, by=by, on=on, sections={"summary": "Uke"})
    a = assessment_set_indicators(assessment=a, by=by, inputs=IndicatorInputs(cases=cases, population=24845))
    a = assessment_set_risk_level(assessment=a, by=by, level=level, justification="Faglig vurdering.")
    assessment_submit(assessment=a, by=by)
    return assessment_approve(assessment=a, by=by)


def test_the_next_approved_week_supersedes_the_previous(approved_assessment, medical_officer, municipality):
    later = _approve_week(municipality, medical_officer, date(2021, 3, 10), 2, 30)
    approved_assessment.refresh_from_db()
    assert approved_assessment.status == AssessmentStatus.SUPERSEDED
    assert approved_assessment.superseded_by == later


def test_draft_regulation_from_an_assessment_has_purpose_scope_rules_responsibility_and_dates(
    approved_assessment, medical_officer
):
    version = assessment_create_draft_regulation(assessment=approved_assessment, by=medical_officer)
    sections = list(version.sections.order_by("number"))
    assert [s.heading for s in sections] == [
        "Formål",
        "Virkeområde",
        "Skjenkestopp",
        "Ansvar",
        "Ikrafttredelse og varighet",
    ]
    assert sections[2].body == "Serveringssteder skal ikke skjenke alkohol."
    assert [(m.measure_type.code, m.parameters) for m in sections[2].measures.all()] == [
        ("alcohol_ban", {"settings": ["restaurants"], "from_time": "22:00:00"})
    ]
    assert "[fyll inn]" in sections[4].body
    assert version.status == VersionStatus.DRAFT
    approved_assessment.refresh_from_db()
    assert approved_assessment.regulation == version.regulation
    with pytest.raises(ValidationError):
        assessment_create_draft_regulation(assessment=approved_assessment, by=medical_officer)


def test_a_recommendation_of_the_first_catalog_becomes_typed_measures_in_the_draft_regulation(
    draft_assessment, medical_officer, django_capture_on_commit_callbacks
):
    # Recommended before the typed kinds (a first-release row, frozen with the assessment).
    RecommendedMeasure.objects.create(
        assessment=draft_assessment,
        order=1,
        measure_type=MeasureType.objects.get(code="events"),
        parameters={"max_people": 10, "funerals_max": 50, "fixed_seats_max": 100},
        heading="Arrangementer",
        text="Arrangementer kan ha inntil 10 deltakere.",
        justification="Utbrudd.",
    )
    assessment_submit(assessment=draft_assessment, by=medical_officer)
    with django_capture_on_commit_callbacks(execute=True):
        approved = assessment_approve(assessment=draft_assessment, by=medical_officer)
    version = assessment_create_draft_regulation(assessment=approved, by=medical_officer)
    section = version.sections.get(number=3)
    assert [(m.measure_type.code, m.parameters) for m in section.measures.order_by("pk")] == [
        ("cap", {"settings": ["events"], "max_people": 10, "exceptions": [{"code": "funerals", "max_people": 50}]}),
        ("cap", {"settings": ["events"], "fixed_seats": True, "max_people": 100}),
    ]
    assert not any(m.measure_type.legacy for m in section.measures.all())


def test_a_recommendation_is_stored_in_the_typed_kinds_and_changed_in_place(draft_assessment, medical_officer):
    measure = add_rule(
        draft_assessment, medical_officer, code="events", parameters={"max_people": 10, "funerals_max": 50}
    )
    assert (measure.measure_type.code, measure.parameters) == (
        "cap",
        {"settings": ["events"], "max_people": 10, "exceptions": [{"code": "funerals", "max_people": 50}]},
    )
    with pytest.raises(ValidationError) as exc:
        add_rule(draft_assessment, medical_officer, code="cap", parameters={"settings": ["events"], "max_people": -1})
    assert exc.value.message_dict["max_people"] == ["Ugyldig verdi for «Maks antall personer»."]
    draft_assessment.refresh_from_db()
    changed = recommended_measure_update(
        measure=measure,
        by=medical_officer,
        measure_type=MeasureType.objects.get(code="closure"),
        parameters={"settings": ["gyms"], "exceptions": [{"code": "top_athletes"}]},
        heading="Treningssentre",
        text="Treningssentre skal holde stengt.",
        justification="Utbrudd.",
        expected_revision=draft_assessment.revision,
    )
    assert (changed.measure_type.code, changed.parameters, changed.heading) == (
        "closure",
        {"settings": ["gyms"], "exceptions": [{"code": "top_athletes"}]},
        "Treningssentre",
    )
    with pytest.raises(ValidationError):
        recommended_measure_update(
            measure=measure,
            by=medical_officer,
            measure_type=MeasureType.objects.get(code="closure"),
            parameters={"settings": ["gyms"]},
            heading="Treningssentre",
            text="Treningssentre skal holde stengt.",
            justification="Utbrudd.",
            expected_revision=draft_assessment.revision,
        )


def test_a_draft_assessment_cannot_become_a_regulation(draft_assessment, medical_officer):
    add_rule(draft_assessment, medical_officer)
    with pytest.raises(ValidationError):
        assessment_create_draft_regulation(assessment=draft_assessment, by=medical_officer)


def test_recommendations_keep_their_order_when_moved_and_removed(draft_assessment, medical_officer):
    a = add_rule(draft_assessment, medical_officer, heading="A")
    b = add_rule(draft_assessment, medical_officer, heading="B")
    c = add_rule(draft_assessment, medical_officer, heading="C")
    recommended_measure_move(measure=c, by=medical_officer, up=True)
    assert list(draft_assessment.recommended_measures.values_list("heading", flat=True)) == ["A", "C", "B"]
    recommended_measure_remove(measure=a, by=medical_officer)
    assert list(draft_assessment.recommended_measures.values_list("heading", "order")) == [("C", 1), ("B", 2)]
    assert b.pk


def test_a_rule_without_text_or_with_bad_parameters_is_refused(draft_assessment, medical_officer):
    with pytest.raises(ValidationError) as exc:
        add_rule(draft_assessment, medical_officer, text="")
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError):
        add_rule(draft_assessment, medical_officer, code="events", parameters={"max_people": "mange"})


def test_threshold_tables_with_overlaps_are_refused_and_only_admins_may_save(municipality, medical_officer):
    admin = member(Role.ADMIN, municipality, username="sysadmin")
    bands = [BandInput(1, Decimal(0), Decimal(60)), BandInput(2, Decimal(50), None)]
    with pytest.raises(PermissionDenied):
        threshold_table_save(
            by=medical_officer, indicator=Indicator.R_NUMBER, effective_from=date(2022, 1, 1), name="x", bands=bands
        )
    with pytest.raises(ValidationError):
        threshold_table_save(
            by=admin, indicator=Indicator.R_NUMBER, effective_from=date(2022, 1, 1), name="x", bands=bands
        )
    assert not ThresholdTable.objects.filter(effective_from=date(2022, 1, 1)).exists()


def test_a_table_used_by_an_approved_assessment_cannot_be_changed(approved_assessment, municipality):
    admin = member(Role.ADMIN, municipality, username="sysadmin")
    table = approved_assessment.readings.get(indicator=Indicator.INCIDENCE).threshold_table
    with pytest.raises(ValidationError):
        threshold_table_save(
            by=admin,
            table=table,
            indicator=table.indicator,
            effective_from=table.effective_from,
            name=table.name,
            bands=[BandInput(1, Decimal(0), None)],
        )


def test_risk_picture_changed_since_adoption_flags_level_2_to_4(approved_assessment, medical_officer, municipality):
    version = assessment_create_draft_regulation(assessment=approved_assessment, by=medical_officer)
    picture = risk_picture_for_regulation(version.regulation)
    assert picture.basis == approved_assessment and not picture.changed
    _approve_week(municipality, medical_officer, date(2021, 3, 10), 2, 30)
    assert not risk_picture_for_regulation(version.regulation).changed
    _approve_week(municipality, medical_officer, date(2021, 3, 17), 4, 120)
    picture = risk_picture_for_regulation(version.regulation)
    assert picture.changed
    assert (picture.basis.risk_level, picture.latest.risk_level) == (2, 4)
    assert Assessment.objects.get(pk=approved_assessment.pk).risk_level == 2
