"""A database connection dropped under a request (PostgreSQL's pg_terminate_backend, as a
failover or a restart does): the person gets a plain «try again» page, not a 500, nothing of
what they sent is half-saved, and the next request works."""

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _drop_the_application_connection():
    """Terminate the backend serving Django's connection, from a second connection."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def _edit_data(draft, body):
    return {
        "revision": draft.revision,
        "title": draft.regulation.title,
        "short_title": draft.regulation.short_title,
        "legal_basis": draft.regulation.legal_basis,
        "valid_from": "2021-03-03T14:00",
        "valid_until": "2021-03-17T14:00",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "1",
        "sections-0-id": str(draft.sections.get(number=1).pk),
        "sections-0-number": "1",
        "sections-0-heading": "Formål",
        "sections-0-body": body,
    }


def test_a_dropped_connection_answers_try_again_and_keeps_nothing_half_done(draft, case_officer):
    if connection.vendor != "postgresql":
        pytest.skip("terminating a server backend needs PostgreSQL")
    client = Client(raise_request_exception=False)
    client.force_login(case_officer)
    url = reverse("regulations:version_edit", args=[draft.pk])
    revision = draft.revision

    data = _edit_data(draft, "Endret mens databasen falt ut.")
    _drop_the_application_connection()
    response = client.post(url, data)

    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "Prøv igjen om litt" in page and "ble ikke lagret" in page
    # What Django does when a request ends (the test client leaves it to the test): a broken
    # connection is closed, and the next query opens a new one.
    connection.close_if_unusable_or_obsolete()
    draft.refresh_from_db()
    assert draft.revision == revision
    assert draft.sections.count() == 3

    # The next request gets a new connection and saves.
    response = client.post(url, _edit_data(draft, "Endret etter at databasen kom tilbake."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.revision == revision + 1
    assert draft.sections.get(number=1).body == "Endret etter at databasen kom tilbake."
