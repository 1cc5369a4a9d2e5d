"""Draft previews cannot freeze the site: kept per content, long ones made by a worker, a limit
per person (the penetration test's preview flood)."""

import pytest
from django.urls import reverse

from core.models import PdfPreview, PreviewState, Role
from tests.assessments.conftest import draft_assessment
from tests.factories import member, oslo


@pytest.fixture
def renders(monkeypatch):
    """Counts the real renders behind the previews (the bytes stay real)."""
    import regulations.pdf

    calls = []
    original = regulations.pdf.render_version_pdf

    def counting(version):
        calls.append(version.pk)
        return original(version)

    monkeypatch.setattr(regulations.pdf, "render_version_pdf", counting)
    return calls


def long_draft(municipality, by, sections=120, title="Nasjonal forskrift i full lengde"):
    from regulations.services import SectionInput, regulation_create

    body = "Dette leddet er langt nok til at forskriften fyller mange sider når den skrives ut. " * 20
    return regulation_create(
        municipality=municipality,
        title=title,
        by=by,
        valid_from=oslo(2021, 3, 3, 14),
        valid_until=oslo(2021, 3, 17, 14),
        sections=[SectionInput(number=n, heading=f"Paragraf {n}", body=body) for n in range(1, sections + 1)],
    )


def pdf_url(version):
    return reverse("regulations:version_pdf", args=[version.pk])


def test_the_same_draft_is_rendered_once_and_served_again(client, draft, case_officer, renders):
    client.force_login(case_officer)
    first = client.get(pdf_url(draft))
    second = client.get(pdf_url(draft))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert renders == [draft.pk]


def test_an_edited_draft_gets_a_new_preview_and_the_old_one_goes(client, draft, case_officer, renders):
    from regulations.services import SectionInput, version_update

    client.force_login(case_officer)
    client.get(pdf_url(draft))
    version_update(
        version=draft,
        by=case_officer,
        expected_revision=draft.revision,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
        sections=[SectionInput(number=1, heading="Formål", body="Ny tekst om formålet.")],
    )
    response = client.get(pdf_url(draft))
    assert response.status_code == 200 and renders == [draft.pk, draft.pk]
    assert PdfPreview.objects.filter(owner=f"regulations.regulationversion:{draft.pk}").count() == 1


def test_a_long_draft_is_made_in_the_background_while_the_page_says_so(
    client, municipality, case_officer, renders, django_capture_on_commit_callbacks
):
    version = long_draft(municipality, case_officer)
    client.force_login(case_officer)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        waiting = client.get(pdf_url(version))
    assert waiting.status_code == 202 and renders == []  # not rendered inside the request
    page = waiting.content.decode()
    assert "PDF-en lages" in page and 'http-equiv="refresh"' in page
    assert client.get(pdf_url(version)).status_code == 202  # asking again queues nothing new
    for callback in queued:
        callback()  # the worker's turn (tasks run in process in the tests)
    ready = client.get(pdf_url(version))
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF") and renders == [version.pk]


def test_a_person_has_at_most_two_previews_in_the_making(client, municipality, case_officer, settings):
    settings.PDF_PREVIEW_MAX_PER_USER = 2
    auditor = member(Role.AUDITOR, municipality, username="revisor-flom")
    drafts = [long_draft(municipality, case_officer, sections=60, title=f"Lang forskrift {n}") for n in range(4)]
    client.force_login(auditor)
    statuses = [client.get(pdf_url(version)).status_code for version in drafts]
    assert statuses == [202, 202, 429, 429]
    busy = client.get(pdf_url(drafts[3]))
    assert "Du har allerede forhåndsvisninger som lages" in busy.content.decode() and busy["Retry-After"]
    # Someone else is not held up by the auditor's queue.
    client.force_login(case_officer)
    assert client.get(pdf_url(drafts[3])).status_code == 202


def test_a_render_that_never_finished_is_queued_again(
    client, municipality, case_officer, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    version = long_draft(municipality, case_officer)
    client.force_login(case_officer)
    with django_capture_on_commit_callbacks(execute=False):
        client.get(pdf_url(version))  # its worker dies: the callback never runs
    stuck = PdfPreview.objects.get()
    PdfPreview.objects.filter(pk=stuck.pk).update(
        requested_at=timezone.now() - timedelta(seconds=settings.PDF_PREVIEW_STALE_SECONDS + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(pdf_url(version)).status_code == 202
    preview = PdfPreview.objects.get()
    assert preview.state == PreviewState.READY and preview.attempts == 2
    assert client.get(pdf_url(version)).status_code == 200


def test_a_failed_render_says_so_and_stores_nothing(client, draft, case_officer, monkeypatch):
    import regulations.pdf

    def broken(version):
        raise RuntimeError("skrifttypen mangler")

    monkeypatch.setattr(regulations.pdf, "render_version_pdf", broken)
    client.force_login(case_officer)
    response = client.get(pdf_url(draft))
    assert response.status_code == 503 and "PDF-en kunne ikke lages" in response.content.decode()
    assert "skrifttypen" not in response.content.decode()
    assert not PdfPreview.objects.filter(state=PreviewState.READY).exists()


def test_letter_and_assessment_previews_are_kept_too(client, draft_assessment, medical_officer, monkeypatch):
    import assessments.pdf

    calls = []
    original = assessments.pdf.render_assessment_pdf
    monkeypatch.setattr(assessments.pdf, "render_assessment_pdf", lambda a: calls.append(a.pk) or original(a))
    client.force_login(medical_officer)
    url = reverse("assessments:pdf", args=[draft_assessment.pk])
    assert client.get(url).content == client.get(url).content
    assert calls == [draft_assessment.pk]


def test_a_preview_is_still_made_while_the_cache_is_unreachable(client, draft, case_officer, monkeypatch):
    import core.previews

    class Unreachable:
        def __getattr__(self, name):
            def refuse(*args, **kwargs):
                raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

            return refuse

    monkeypatch.setattr(core.previews, "cache", Unreachable())
    client.force_login(case_officer)
    response = client.get(pdf_url(draft))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
