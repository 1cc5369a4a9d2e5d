"""Adoption and its archival PDF with a real Redis broker and a real Celery worker."""

import hashlib
import io
import time
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.models import OutboxTask
from core.services import outbox_flush
from regulations.models import RegulationVersion, VersionStatus
from regulations.services import version_adopt, version_submit

pytestmark = [
    pytest.mark.integration,
    # Committed for real, so that the worker process sees the rows.
    pytest.mark.django_db(transaction=True),
]

PDF_TIMEOUT = 60
TITLE = "Forskrift om smitteverntiltak i Harstad kommune"


def adopt(version: RegulationVersion, *, drafter, secretary) -> RegulationVersion:
    version_submit(version=version, by=drafter)
    return version_adopt(
        version=version,
        by=secretary,
        body="formannskap",
        meeting_date=date(2021, 3, 3),
        item_number="12/21",
        votes_for=9,
        votes_against=2,
        votes_abstaining=0,
        decision_text="Formannskapet vedtar forskriften.",
    )


def archive_job(version: RegulationVersion) -> OutboxTask:
    return OutboxTask.objects.get(task_name="regulations.tasks.archive_version_pdf", kwargs__version_id=version.pk)


def wait_for_archived_pdf(version: RegulationVersion, worker) -> RegulationVersion:
    deadline = time.monotonic() + PDF_TIMEOUT
    while True:
        current = RegulationVersion.objects.select_related("archived_pdf").get(pk=version.pk)
        if current.archived_pdf_id:
            return current
        if time.monotonic() > deadline:
            pytest.fail(
                f"No archived PDF {PDF_TIMEOUT} s after adoption (pdf_error: {current.pdf_error!r}).\n"
                f"Worker log:\n{worker.log_tail()}",
                pytrace=False,
            )
        time.sleep(0.25)


def assert_archived_pdf_is_the_adopted_text(version: RegulationVersion) -> None:
    document = version.archived_pdf
    content = bytes(document.content)
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == document.sha256
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    assert TITLE in text


def test_adopted_regulation_is_archived_as_pdf_by_the_worker(
    draft, case_officer, secretary, redis_server, celery_worker, celery_broker
):
    celery_broker(redis_server.url)

    version = adopt(draft, drafter=case_officer, secretary=secretary)

    assert archive_job(version).sent_at is not None
    archived = wait_for_archived_pdf(version, celery_worker)
    assert archived.status == VersionStatus.ADOPTED
    assert_archived_pdf_is_the_adopted_text(archived)
    assert "regulations.tasks.archive_version_pdf" in celery_worker.log.read_text(errors="replace")


def test_adoption_succeeds_while_redis_is_down_and_the_pdf_follows_once_it_is_back(
    draft, case_officer, secretary, redis_server, celery_worker, celery_broker, closed_port
):
    celery_broker(f"redis://127.0.0.1:{closed_port}/0")

    started = time.monotonic()
    version = adopt(draft, drafter=case_officer, secretary=secretary)
    assert time.monotonic() - started < 3, "adoption waited on the unreachable broker"

    version.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED
    assert version.archived_pdf is None
    job = archive_job(version)
    assert job.sent_at is None
    assert job.last_error
    assert job.attempts == 1

    celery_broker(redis_server.url)
    assert outbox_flush() == 1

    job.refresh_from_db()
    assert job.sent_at is not None
    assert job.last_error == ""
    archived = wait_for_archived_pdf(version, celery_worker)
    assert_archived_pdf_is_the_adopted_text(archived)


def test_health_check_answers_while_redis_is_down(client, celery_broker, closed_port):
    celery_broker(f"redis://127.0.0.1:{closed_port}/0")

    response = client.get(reverse("core:healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
