"""The timeline's free-text filter: a case-insensitive substring of the comment or of what
the event is about, answered on PostgreSQL through trigram indexes."""

import pytest
from django.db import connection, transaction

from audit.models import AuditEvent
from audit.selectors import Filters, filter_events, keyset_page

pytestmark = pytest.mark.django_db


def _found(text: str) -> list[str]:
    page = keyset_page(filter_events(AuditEvent.objects.all(), Filters(text=text)))
    return [e.action for e in page.events]


def test_free_text_finds_part_of_a_comment_or_a_name_whatever_the_case(draft):
    from audit.services import record_event

    record_event(kind="change", action="note", obj=draft, comment="Møtet i FORMANNSKAPET ble utsatt")
    assert _found("formannskapet ble") == ["note"]
    assert _found("møTET") == ["note"]
    # The name of what the event is about (the draft's title) is searched too.
    assert "note" in _found("smitteverntiltak i harstad")
    assert _found("ingen hendelse har denne teksten") == []


@pytest.mark.postgres_only
def test_postgresql_answers_free_text_through_the_trigram_indexes(draft):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram indexes exist on PostgreSQL only")
    qs = filter_events(AuditEvent.objects.all(), Filters(text="formannskap")).order_by("-at", "-id")[:51]
    with transaction.atomic(), connection.cursor() as cursor:
        # A handful of test events would be read in full anyway: ask for the plan an
        # organization's million events get, where reading every one is not an option.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = qs.explain()
    assert "audit_comment_trgm" in plan, plan
    assert "audit_object_repr_trgm" in plan and "audit_subject_repr_trgm" in plan, plan
