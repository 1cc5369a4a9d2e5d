"""A decided document's page while its archival PDF is not stored: «being made», or «could not
be made yet» with «Prøv igjen nå» for those who may ask for it again (core/_archive_pending.html,
on the assessment's and the regulation version's page)."""

from datetime import date

import pytest
from django.urls import reverse

from assessments.services import assessment_approve, assessment_submit
from regulations.services import version_adopt, version_submit
from tests.assessments.conftest import add_rule, draft_assessment

pytestmark = pytest.mark.django_db

BEING_MADE = "Arkiv-PDF-en lages nå."
FAILED = "Arkiv-PDF-en kunne ikke lages ennå; den prøves på nytt automatisk."


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _retry_form(url: str) -> str:
    return f'<form method="post" action="{url}" class="inline">'


def _adopt(draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    return version_adopt(
        version=draft, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3), votes_for=9, votes_against=2
    )


def _approve(draft_assessment, medical_officer):
    add_rule(draft_assessment, medical_officer)
    assessment_submit(assessment=draft_assessment, by=medical_officer)
    return assessment_approve(assessment=draft_assessment, by=medical_officer)


def test_an_adopted_version_whose_pdf_is_queued_says_it_is_being_made(client, draft, case_officer, secretary):
    version = _adopt(draft, case_officer, secretary)  # the archive job waits for the commit

    page = _page(client, case_officer, reverse("regulations:version_detail", args=[version.pk]))
    assert BEING_MADE in page and FAILED not in page


def test_a_failed_version_pdf_offers_a_retry_to_those_who_may_ask_for_it(
    client, broken_renderer, draft, case_officer, secretary, committee_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = _adopt(draft, case_officer, secretary)
    url = reverse("regulations:version_detail", args=[version.pk])
    retry = _retry_form(reverse("regulations:version_pdf_retry", args=[version.pk]))

    for user in (case_officer, secretary):
        page = _page(client, user, url)
        assert FAILED in page and retry in page and BEING_MADE not in page
    page = _page(client, committee_member, url)
    assert FAILED in page and retry not in page


def test_an_approved_assessment_whose_pdf_is_queued_says_it_is_being_made(client, draft_assessment, medical_officer):
    assessment = _approve(draft_assessment, medical_officer)

    page = _page(client, medical_officer, reverse("assessments:detail", args=[assessment.pk]))
    assert BEING_MADE in page and FAILED not in page


def test_a_failed_assessment_pdf_offers_a_retry_to_those_who_may_ask_for_it(
    client, broken_renderer, draft_assessment, medical_officer, committee_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = _approve(draft_assessment, medical_officer)
    url = reverse("assessments:detail", args=[assessment.pk])
    retry = _retry_form(reverse("assessments:pdf_retry", args=[assessment.pk]))

    page = _page(client, medical_officer, url)
    assert FAILED in page and retry in page and BEING_MADE not in page
    page = _page(client, committee_member, url)
    assert FAILED in page and retry not in page
