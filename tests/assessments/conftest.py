import pytest

from core.models import Role
from tests.factories import member


@pytest.fixture
def approver(municipality):
    return member(Role.APPROVER, municipality, username="leder")


HARSTAD_FIGURES = {
    "cases": 28,
    "days": 14,
    "population": 24845,
    "tested": 1555,
    "positive": 28,
    "r_value": "1.2",
    "r_source": "national",
    "admissions": 1,
    "municipalities_over": 2,
    "municipalities_total": 39,
}


@pytest.fixture
def draft_assessment(municipality, medical_officer):
    """Harstad's week 9 2021 as a draft with the figures of section E and a level."""
    from datetime import date

    from assessments.services import (
        IndicatorInputs,
        assessment_create,
        assessment_set_indicators,
        assessment_set_risk_level,
    )

    assessment = assessment_create(
        municipality=municipality,
        by=medical_officer,
        on=date(2021, 3, 3),
        sections={
            "epidemiological_situation": "Utbrudd knyttet til et treningssenter.",
            "summary": "Økende spredning.",
        },
    )
    assessment = assessment_set_indicators(
        assessment=assessment, by=medical_officer, inputs=IndicatorInputs(**HARSTAD_FIGURES)
    )
    return assessment_set_risk_level(
        assessment=assessment, by=medical_officer, level=2, justification="Grenseland til nivå 3."
    )


def add_rule(
    assessment,
    by,
    code="alcohol_ban",
    parameters=None,
    heading="Skjenkestopp",
    text="Serveringssteder skal ikke skjenke alkohol.",
    **kwargs,
):
    from assessments.services import recommended_measure_add
    from measures.models import MeasureType

    return recommended_measure_add(
        assessment=assessment,
        by=by,
        measure_type=MeasureType.objects.get(code=code),
        parameters=parameters if parameters is not None else {"from_time": "22:00"},
        heading=heading,
        text=text,
        justification=kwargs.pop("justification", "Høyt smittetrykk."),
        **kwargs,
    )


@pytest.fixture
def approved_assessment(draft_assessment, medical_officer, django_capture_on_commit_callbacks):
    """The draft with one recommended rule, submitted and approved (archival PDF made)."""
    from assessments.services import assessment_approve, assessment_submit

    add_rule(draft_assessment, medical_officer)
    assessment_submit(assessment=draft_assessment, by=medical_officer)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assessment_approve(assessment=draft_assessment, by=medical_officer)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def demo_data(db, django_capture_on_commit_callbacks):
    """The seed_demo data of core, regulations and assessments (PDFs rendered on commit)."""
    import assessments.demo
    import core.demo
    import regulations.demo

    with django_capture_on_commit_callbacks(execute=True):
        for seeder in (core.demo.seed, regulations.demo.seed, assessments.demo.seed):
            seeder(log=lambda message: None)
