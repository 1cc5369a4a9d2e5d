"""Edge cases found in review: dates out of range, privacy of drafting, repeal, hastevedtak."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import WorkflowDecision
from regulations.models import VersionKind, VersionStatus
from regulations.selectors import timeline, version_in_force, version_lifecycle
from regulations.services import (
    SectionInput,
    regulation_create,
    urgent_decisions_expire,
    version_adopt,
    version_issue_urgent,
    version_lapse,
    version_send_back,
    version_start,
    version_submit,
    version_update,
)
from tests.factories import oslo

pytestmark = pytest.mark.django_db


def _decide(version, by, secretary, *, valid_from, valid_until, meeting=date(2021, 3, 9), change=None):
    sections = [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in version.sections.all()]
    if change:
        change(sections)
    version_update(version=version, by=by, expected_revision=version.revision, sections=sections,
                   valid_from=valid_from, valid_until=valid_until)
    version_submit(version=version, by=by)
    return version_adopt(version=version, by=secretary, body="formannskap", meeting_date=meeting)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_far_dates_in_the_list_filter_are_a_form_error_not_a_500(client, case_officer, value):
    client.force_login(case_officer)
    response = client.get(reverse("regulations:list"), {"in_force_on": value})
    assert response.status_code == 200
    assert "mellom år 1900 og 2100" in response.content.decode()


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_far_dates_in_the_api_are_a_400(client, value):
    response = client.get("/api/regulations/", {"in_force_on": value})
    assert response.status_code == 400 and response.json()["parameter"] == "in_force_on"


def test_far_dates_in_the_create_form_are_a_form_error(client, municipality, case_officer):
    client.force_login(case_officer)
    response = client.post(reverse("regulations:create"), {
        "municipality": municipality.pk, "kind": "original", "title": "X", "valid_from": "0001-01-01T00:00",
    })
    assert response.status_code == 200 and "mellom år 1900 og 2100" in response.content.decode()


def test_far_dates_in_services_are_refused(municipality, case_officer):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    with pytest.raises(ValidationError):
        regulation_create(municipality=municipality, title="X", by=case_officer,
                          valid_from=datetime(1, 1, 2, tzinfo=ZoneInfo("Europe/Oslo")))


def test_other_municipalities_do_not_see_internal_comments_or_drafting(client, draft, case_officer, secretary, outsider):
    version_submit(version=draft, by=case_officer)
    version_send_back(version=draft, by=secretary, comment="HEMMELIG intern merknad")
    sections = [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in draft.sections.all()]
    sections[0].body = "Tidligere HEMMELIG formulering."
    version_update(version=draft, by=case_officer, expected_revision=draft.refresh_from_db() or draft.revision,
                   sections=sections, valid_from=draft.valid_from, valid_until=draft.valid_until)
    sections = [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in draft.sections.all()]
    sections[0].body = "Endelig formulering."
    draft.refresh_from_db()
    version_update(version=draft, by=case_officer, expected_revision=draft.revision,
                   sections=sections, valid_from=draft.valid_from, valid_until=draft.valid_until)
    version_submit(version=draft, by=case_officer)
    version_adopt(version=draft, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3))
    client.force_login(outsider)
    for url in (reverse("regulations:detail", args=[draft.regulation_id]),
                reverse("regulations:version_detail", args=[draft.pk]),
                reverse("regulations:history", args=[draft.regulation_id])):
        page = client.get(url, follow=True).content.decode()
        assert "HEMMELIG" not in page, url
    assert "Vedtatt" in client.get(reverse("regulations:version_detail", args=[draft.pk])).content.decode()
    assert "Vedtatt" in client.get(reverse("regulations:history", args=[draft.regulation_id]), follow=True).content.decode()
    client.force_login(case_officer)
    assert "HEMMELIG" in client.get(reverse("regulations:history", args=[draft.regulation_id]), follow=True).content.decode()


def test_a_repealed_regulation_cannot_be_amended_or_repealed_again(adopted, case_officer, secretary):
    repeal = version_start(regulation=adopted.regulation, kind=VersionKind.REPEAL, by=case_officer)

    def text(sections):
        sections[0].body = "Forskriften oppheves."

    _decide(repeal, case_officer, secretary, valid_from=oslo(2021, 3, 12, 12), valid_until=None, change=text)
    for kind in (VersionKind.AMENDMENT, VersionKind.REPEAL):
        with pytest.raises(ValidationError):
            version_start(regulation=adopted.regulation, kind=kind, by=case_officer)


def test_repeal_after_expiry_leaves_the_expired_version_expired(adopted, case_officer, secretary):
    repeal = version_start(regulation=adopted.regulation, kind=VersionKind.REPEAL, by=case_officer)

    def text(sections):
        sections[0].body = "Forskriften oppheves."

    _decide(repeal, case_officer, secretary, valid_from=oslo(2021, 4, 1), valid_until=None, meeting=date(2021, 3, 30), change=text)
    adopted.refresh_from_db()
    assert adopted.status == VersionStatus.ADOPTED
    windows = timeline(list(adopted.regulation.versions.all()))
    assert version_lifecycle(adopted, oslo(2021, 3, 20), windows) == "expired"


def test_an_amendment_cannot_take_effect_before_the_text_it_changes(adopted, case_officer, secretary):
    amendment = version_start(regulation=adopted.regulation, kind=VersionKind.AMENDMENT, by=case_officer)
    with pytest.raises(ValidationError):
        _decide(amendment, case_officer, secretary, valid_from=oslo(2021, 3, 2), valid_until=oslo(2021, 3, 17, 14),
                meeting=date(2021, 3, 1))


def test_open_ended_version_replaced_by_an_amendment_is_superseded_not_expired(municipality, case_officer, secretary):
    original = regulation_create(
        municipality=municipality, title="Uten sluttdato", by=case_officer, valid_from=oslo(2021, 3, 3),
        sections=[SectionInput(number=1, heading="Munnbind", body="Munnbind på buss.")],
    )
    version_submit(version=original, by=case_officer)
    version_adopt(version=original, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3))
    amendment = version_start(regulation=original.regulation, kind=VersionKind.AMENDMENT, by=case_officer)
    _decide(amendment, case_officer, secretary, valid_from=oslo(2021, 3, 10), valid_until=None)
    original.refresh_from_db()
    windows = timeline(list(original.regulation.versions.all()))
    assert version_lifecycle(original, oslo(2021, 3, 12), windows) == "superseded"


def _urgent(municipality, medical_officer):
    return regulation_create(
        municipality=municipality, title="Hastevedtak om treningssentre", by=medical_officer, kind=VersionKind.URGENT,
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


def test_a_replaced_hastevedtak_ends_when_the_regulation_starts(municipality, medical_officer, secretary, adopted):
    urgent = regulation_create(
        municipality=municipality, title="Hastevedtak", by=medical_officer, kind=VersionKind.URGENT,
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


def test_an_unconfirmed_hastevedtak_lapses_when_its_period_is_over(municipality, medical_officer, secretary):
    urgent = regulation_create(
        municipality=municipality, title="Hastevedtak", by=medical_officer, kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt.")],
    )
    version_issue_urgent(version=urgent, by=medical_officer, duration_days=2)
    assert urgent_decisions_expire(now=timezone.now() + timedelta(days=1)) == 0
    assert urgent_decisions_expire(now=timezone.now() + timedelta(days=3)) == 1
    urgent.refresh_from_db()
    assert urgent.status == VersionStatus.LAPSED
    assert WorkflowDecision.objects.get(object_id=urgent.pk, transition="lapse").actor is None
    with pytest.raises(ValidationError):
        version_adopt(version=urgent, by=secretary, body="formannskap", meeting_date=timezone.localdate())


def test_api_lists_a_hastevedtak_in_force(client, municipality, medical_officer):
    urgent = regulation_create(
        municipality=municipality, title="Hastevedtak", by=medical_officer, kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt.")],
    )
    version_issue_urgent(version=urgent, by=medical_officer, duration_days=7)
    items = client.get("/api/regulations/", {"municipality": "5402", "in_force_on": timezone.localdate().isoformat()}).json()
    assert [(i["id"], i["kind"], i["status"]) for i in items] == [(urgent.pk, "urgent", "urgent")]


def test_api_pages_and_counts(client, adopted):
    response = client.get("/api/regulations/", {"page": "1"})
    assert response["X-Total-Count"] == "1" and "Link" not in response
    assert client.get("/api/regulations/", {"page": "0"}).status_code == 400
    assert client.get("/api/regulations/", {"page": "x"}).status_code == 400


def test_archived_pdf_of_a_decided_version_is_public(client, adopted, draft):
    adopted.refresh_from_db()
    response = client.get(reverse("regulations:version_pdf", args=[adopted.pk]))
    assert response.status_code == 200 and response.content == bytes(adopted.archived_pdf.content)


def test_draft_pdf_needs_sign_in(client, municipality, case_officer):
    version = regulation_create(municipality=municipality, title="Utkast", by=case_officer)
    response = client.get(reverse("regulations:version_pdf", args=[version.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_detail_page_query_count_does_not_grow_with_versions(client, adopted, case_officer, secretary):
    client.force_login(case_officer)
    url = reverse("regulations:detail", args=[adopted.regulation_id])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    start = adopted.valid_until
    for week in range(3):
        ext = version_start(regulation=adopted.regulation, kind=VersionKind.EXTENSION, by=case_officer)
        _decide(ext, case_officer, secretary, valid_from=start + timedelta(days=7 * week),
                valid_until=start + timedelta(days=7 * (week + 1)), meeting=date(2021, 3, 16))
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    assert len(four.captured_queries) == len(one.captured_queries)
