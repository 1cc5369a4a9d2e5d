"""Case numbers YY/NNNNN and document numbers 1, 2, 3 …: no gaps, no duplicates, also concurrently.

On PostgreSQL the threads really run at the same time and queue on the row locks
(SELECT … FOR UPDATE). SQLite has no row locks and lets one writer in at a time, so there
the same calls run one after another: the numbering rules are checked on both databases,
the concurrency itself on PostgreSQL.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cases import services
from cases.models import Case
from letters.models import Letter
from letters.services import letter_create
from tests.factories import MunicipalityFactory

THREADS = 8


def _run_concurrently(fn, count: int) -> list:
    parallel = connection.vendor == "postgresql"
    serial_lock = threading.Lock()
    barrier = threading.Barrier(count) if parallel else None

    def call(i):
        try:
            if barrier is not None:
                barrier.wait(timeout=30)
                return fn(i)
            with serial_lock:
                return fn(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


@pytest.mark.django_db
def test_case_numbers_per_organization_and_year():
    a, b = MunicipalityFactory(), MunicipalityFactory()
    first = services.case_create(organization=a, title="Sak 1", by=None, year=2020)
    second = services.case_create(organization=a, title="Sak 2", by=None, year=2020)
    other_org = services.case_create(organization=b, title="Sak 1", by=None, year=2020)
    next_year = services.case_create(organization=a, title="Sak 3", by=None, year=2021)
    assert (first.reference, second.reference) == ("20/00001", "20/00002")
    assert other_org.reference == "20/00001"
    assert next_year.reference == "21/00001"
    assert Case.objects.count() == 4


@pytest.mark.django_db
def test_documents_in_a_case_are_numbered_1_2_3_and_the_reference_reads_yy_nnnnn_d(directorate, officer):
    case = services.case_open(organization=directorate, title="Sak", by=officer, year=2020, number=42477)
    letters = [letter_create(organization=directorate, by=officer, title=f"Brev {i}", case=case) for i in range(3)]

    assert [letter.document_number for letter in letters] == [1, 2, 3]
    assert letters[0].reference == "20/42477-1"
    assert (
        services.case_open(organization=directorate, title="Neste sak", by=officer, year=2020).reference == "20/42478"
    )


@pytest.mark.django_db
def test_a_reply_is_registered_as_the_next_document_in_the_case(dispatched_letter, officer, baerum):
    incoming = services.incoming_document_register(
        case=dispatched_letter.case,
        by=officer,
        title="Svar fra Bærum kommune",
        sender=baerum,
        in_reply_to=dispatched_letter,
        content=b"%PDF-1.7 svar",
    )
    assert incoming.document_number == 2
    assert incoming.reference.endswith("-2")
    assert incoming.sender_name == "Bærum kommune"


@pytest.mark.django_db
def test_a_document_received_in_the_future_is_refused_and_nothing_is_numbered(dispatched_letter, officer, baerum):
    from datetime import timedelta

    from django.utils import timezone

    case = dispatched_letter.case
    before = Case.objects.get(pk=case.pk).last_document_number
    with pytest.raises(ValidationError, match="kan ikke være mottatt fram i tid") as refused:
        services.incoming_document_register(
            case=case, by=officer, title="Svar", sender=baerum, received_at=timezone.now() + timedelta(days=1)
        )
    assert "received_at" in refused.value.message_dict
    assert not case.incoming_documents.exists()
    assert Case.objects.get(pk=case.pk).last_document_number == before

    # A clock running a minute or two fast is not the future.
    soon = timezone.now() + timedelta(minutes=2)
    assert (
        services.incoming_document_register(
            case=case, by=officer, title="Svar", sender=baerum, received_at=soon
        ).received_at
        == soon
    )


@pytest.mark.django_db
def test_a_case_links_to_the_regulations_it_concerns(directorate, officer, adopted, case_officer):
    from regulations.services import regulation_create

    case = services.case_open(organization=directorate, title="Sak", by=officer)
    link = services.case_link_add(case=case, by=officer, document=adopted.regulation)
    assert link.regulation == adopted.regulation
    with pytest.raises(ValidationError, match="allerede knyttet"):
        services.case_link_add(case=case, by=officer, document=adopted.regulation)
    # A municipality's draft is not the directorate's to see, so not to link either.
    draft = regulation_create(municipality=adopted.regulation.municipality, title="Utkast", by=case_officer)
    with pytest.raises(ValidationError, match="Fant ikke dokumentet"):
        services.case_link_add(case=case, by=officer, document=draft.regulation)


@pytest.mark.django_db(transaction=True)
def test_cases_opened_at_the_same_moment_get_consecutive_numbers(directorate, officer):
    numbers = _run_concurrently(
        lambda i: services.case_open(organization=directorate, title=f"Sak {i}", by=officer, year=2020).number, THREADS
    )

    assert sorted(numbers) == list(range(1, THREADS + 1))
    assert Case.objects.filter(organization=directorate, year=2020).count() == THREADS


@pytest.mark.django_db(transaction=True)
def test_letters_created_at_the_same_moment_in_one_case_get_document_numbers_without_gaps(directorate, officer):
    case = services.case_open(organization=directorate, title="Sak", by=officer, year=2020)

    numbers = _run_concurrently(
        lambda i: letter_create(organization=directorate, by=officer, title=f"Brev {i}", case=case).document_number,
        THREADS,
    )

    assert sorted(numbers) == list(range(1, THREADS + 1))
    case.refresh_from_db()
    assert case.last_document_number == THREADS
    assert Letter.objects.filter(case=case).count() == THREADS
