"""The printed assessment: template structure, indicator table, chart, UTKAST, frozen bytes."""

import hashlib

import pytest

from assessments.pdf import render_assessment_pdf
from assessments.services import assessment_archive_pdf
from tests.core.test_pdf import pdf_text, pdfa_identification

pytestmark = pytest.mark.django_db


def test_draft_pdf_is_marked_utkast_and_has_the_indicator_table(draft_assessment):
    text = pdf_text(render_assessment_pdf(draft_assessment))
    assert "UTKAST" in text
    assert "Utkast – ikke godkjent. Status: Utkast." in text
    assert "Risiko- og tiltaksvurdering for Harstad kommune – Covid-19-pandemi" in text
    assert "Skrevet: Uke 9 (3. mars 2021)" in text
    assert "B. Dagens epidemiologiske situasjon" in text
    assert "14-dagers insidens per 100 000 innbyggere 112,7" in text
    assert "N2" in text and "N3" in text
    assert "1,2 kilde: nasjonalt N3" in text
    assert "Samlet risikonivå: Risikonivå 2 (Kontroll med klynger)" in text
    assert "Begrunnelse: Grenseland til nivå 3." in text
    assert "Utvikling per uke" in text


def test_approved_pdf_is_archival_frozen_and_hashed(approved_assessment):
    stored = bytes(approved_assessment.archived_pdf.content)
    assert approved_assessment.archived_pdf.sha256 == hashlib.sha256(stored).hexdigest()
    assert pdfa_identification(stored) == ("3", "B")
    text = pdf_text(stored)
    assert "UTKAST" not in text
    assert f"Innholdets SHA-256: {approved_assessment.content_hash[:16]}" in text
    assert "Anbefalte tiltak" in text and "Skjenkestopp (påbud/forbud)" in text
    assert "Skjenkestopp — Serveringssteder; Skjenkestopp fra klokken: 22.00" in text
    again = assessment_archive_pdf(assessment_id=approved_assessment.pk)
    assert again.archived_pdf_id == approved_assessment.archived_pdf_id


def test_missing_readings_print_as_missing(draft_assessment, medical_officer):
    from assessments.services import IndicatorInputs, assessment_set_indicators

    assessment = assessment_set_indicators(
        assessment=draft_assessment, by=medical_officer, inputs=IndicatorInputs(cases=28, population=24845)
    )
    assert "Mangler" in pdf_text(render_assessment_pdf(assessment))
