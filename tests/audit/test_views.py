"""The auditor's timeline, filters, story, exports and API, and who may see what."""

import csv
import html as html_lib
import io
import json
import re
from datetime import timedelta

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, AuditKind
from audit.services import record_event
from core.models import Role
from tests.factories import member


@pytest.fixture
def other_auditor(other_municipality):
    return member(Role.AUDITOR, other_municipality, username="revisor-baerum")


@pytest.fixture
def other_draft(other_municipality):
    from regulations.services import regulation_create

    drafter = member(Role.CASE_OFFICER, other_municipality, username="saksbehandler-baerum")
    return regulation_create(municipality=other_municipality, title="Forskrift i Bærum", by=drafter)


def timeline(client, **params):
    response = client.get(reverse("audit:timeline"), params)
    assert response.status_code == 200
    return response


def shown_seqs(response) -> list[int]:
    return [e.seq for e in response.context["page"].events]


def test_an_auditor_sees_the_trail_of_their_organization_and_nothing_of_others(client, auditor, adopted, other_draft):
    client.force_login(auditor)
    events = timeline(client).context["page"].events
    assert events and all(
        e.organization_id == adopted.regulation.municipality_id or e.object_type == "auth.user" for e in events
    )
    assert timeline(client, q="Forskrift i Bærum").context["page"].events == []


def test_other_roles_get_403_on_the_timeline_exports_and_api(client, case_officer, adopted):
    client.force_login(case_officer)
    for name in ("audit:timeline", "audit:export_csv", "audit:export_json"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get("/api/audit/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("audit:timeline"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/audit/").status_code == 401


def test_a_system_administrator_sees_every_organization(client, municipality, adopted, other_draft):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert "Forskrift i Bærum" in timeline(client, q="Bærum").content.decode()


def test_an_organizations_administrator_sees_its_trail_and_nothing_of_others(
    client, municipality, adopted, other_draft
):
    admin = member(Role.ADMIN, municipality, username="systemansvarlig")
    client.force_login(admin)
    assert timeline(client).context["page"].events
    assert timeline(client, q="Bærum").context["page"].events == []
    assert "Forskrift i Bærum" not in client.get("/api/audit/").content.decode()


def _streamed(response) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def test_another_organizations_administrator_reads_none_of_its_trail(
    client, municipality, case_officer, other_municipality
):
    """The penetration test's finding: an administrator in Bærum read Harstad's draft through
    the API's object filter, the story page and the export's organization filter."""
    from regulations.services import SectionInput, regulation_create

    secret = "Hemmelig utkasttekst"
    draft = regulation_create(
        municipality=municipality,
        title="Utkast i Harstad",
        by=case_officer,
        sections=[SectionInput(number=1, heading="Formål", body=secret)],
    )
    intruder = member(Role.ADMIN, other_municipality, username="systemansvarlig-baerum")
    client.force_login(intruder)
    ref = f"regulations.regulation:{draft.regulation_id}"
    api = client.get("/api/audit/", {"object": ref})
    assert api.status_code == 200 and api.json() == []
    story = client.get(reverse("audit:story", args=["regulations.regulation", draft.regulation_id]))
    assert story.status_code == 404
    home = draft.regulation.municipality_id
    for name in ("audit:export_csv", "audit:export_json"):
        response = client.get(reverse(name), {"organization": home})
        assert response.status_code == 400  # not one of the organizations they may choose
        assert secret not in _streamed(response)
        assert secret not in _streamed(client.get(reverse(name)))
    assert secret not in timeline(client, object=ref).content.decode()


def test_filters_by_kind_person_object_text_and_period(client, auditor, adopted, secretary):
    client.force_login(auditor)
    decisions = timeline(client, kind="decision").context["page"].events
    assert {e.action for e in decisions} == {"submit", "adopt"}
    by_secretary = timeline(client, actor=secretary.pk).context["page"].events
    assert by_secretary and all(e.actor_id == secretary.pk for e in by_secretary)
    regulation_ref = f"regulations.regulation:{adopted.regulation_id}"
    story = timeline(client, object=regulation_ref).context["page"].events
    assert story and all(e.subject_id == str(adopted.regulation_id) for e in story)
    assert [e.action for e in timeline(client, q="vedtar forskriften", kind="decision").context["page"].events] == [
        "adopt"
    ]
    sections = timeline(client, object_type="regulations.section").context["page"].events
    assert sections and {e.object_type for e in sections} == {"regulations.section"}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert timeline(client, since=tomorrow).context["page"].events == []
    assert timeline(client, until=tomorrow).context["page"].events


def test_bad_filter_input_is_a_form_error_not_a_500(client, auditor, adopted):
    client.force_login(auditor)
    response = timeline(client, object="<script>alert(1)</script>", since="9999-99-99", q="x" * 5000, actor="abc")
    assert response.context["form"].errors
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_invalid_filter_shows_its_error_and_no_events_on_the_timeline_and_the_story(client, auditor, adopted):
    client.force_login(auditor)
    story_url = reverse("audit:story", args=["regulations.regulation", adopted.regulation_id])
    assert timeline(client).context["rows"] and client.get(story_url).context["rows"]
    for response in (
        timeline(client, kind="decision", since="2021-13-45"),
        client.get(story_url, {"kind": "nonsense"}),
    ):
        html = response.content.decode()
        assert response.status_code == 200 and response.context["form"].errors
        assert response.context["rows"] == [] and 'class="card" id="event-' not in html
        assert "Filteret er ugyldig, så ingen hendelser vises." in html
    # A valid filter on the story narrows it to the decisions.
    rows = client.get(story_url, {"kind": "decision"}).context["rows"]
    assert [r["event"].action for r in rows] == ["submit", "adopt"]


def test_keyset_pages_walk_the_whole_trail_without_gaps_or_repeats(client, auditor, municipality, settings):
    settings.AUDIT_PAGE_SIZE = 7
    at = timezone.now()
    for i in range(30):  # same timestamp for some: the id breaks the tie
        record_event(
            kind=AuditKind.DOWNLOAD,
            action="download",
            organization_id=municipality.pk,
            at=at - timedelta(seconds=i // 3),
        )
    client.force_login(auditor)
    seen, after = [], ""
    for _ in range(20):
        response = timeline(client, kind="download", **({"after": after} if after else {}))
        seen += shown_seqs(response)
        after = response.context["page"].next_cursor
        if not after:
            break
    assert len(seen) == 30 and len(set(seen)) == 30
    expected = list(AuditEvent.objects.filter(kind="download").order_by("-at", "-id").values_list("seq", flat=True))
    assert seen == expected


def test_csv_export_is_streamed_and_holds_the_filtered_events(client, auditor, adopted):
    client.force_login(auditor)
    response = client.get(reverse("audit:export_csv"), {"kind": "decision"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r["action"] for r in rows] == ["adopt", "submit"]
    assert rows[0]["hash"] == AuditEvent.objects.get(action="adopt").hash
    # Beside the codes, the same in words: labels, the Oslo time, the states and the vote.
    assert rows[0]["action_label"] == "Vedtatt"
    assert rows[0]["kind_label"] == "Vedtak/beslutning" and " kl. " in rows[0]["at_text"]
    assert "fra «Lagt fram for politisk behandling» til «Vedtatt»" in rows[0]["details_text"]
    assert "vedtaksorgan: formannskapet" in rows[0]["details_text"]
    assert "møtedato: 3. mars 2021" in rows[0]["details_text"]


def test_csv_export_defuses_spreadsheet_formulas(client, auditor, municipality):
    record_event(kind=AuditKind.DOWNLOAD, action="download", organization_id=municipality.pk, comment='=HYPERLINK("x")')
    client.force_login(auditor)
    body = b"".join(client.get(reverse("audit:export_csv")).streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_json_export_is_streamed_valid_json(client, auditor, adopted):
    client.force_login(auditor)
    response = client.get(reverse("audit:export_json"))
    assert isinstance(response, StreamingHttpResponse)
    data = json.loads(b"".join(response.streaming_content))
    assert {"id", "at", "actor", "action", "object", "changes", "comment", "hash", "previous_hash"} <= set(data[0])
    created = next(e for e in data if e["action"] == "created" and e["object"].startswith("regulations.regulation:"))
    readable = {c["field"]: c for c in created["changes_readable"]}
    assert readable["created_by"]["label"] == "opprettet av" and readable["created_by"]["new"].startswith("Fornavn")
    assert {c["field"] for c in created["changes"]} == set(readable)  # the recorded changes are kept as they are


def test_the_export_reads_in_chunks_not_all_at_once(
    client, auditor, municipality, settings, django_assert_max_num_queries
):
    """With a chunk size of 5, 40 events are fetched with a server-side iterator, row by row."""
    settings.AUDIT_EXPORT_CHUNK_SIZE = 5
    for _ in range(40):
        record_event(kind=AuditKind.DOWNLOAD, action="download", organization_id=municipality.pk)
    client.force_login(auditor)
    response = client.get(reverse("audit:export_csv"), {"kind": "download"})
    first = next(iter(response.streaming_content))
    assert first.startswith(b"\xef\xbb\xbfseq,")
    assert len(b"".join(response.streaming_content).splitlines()) == 40


def _text(html: str) -> str:
    """The page's words as a reader sees them, cells apart."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_story_reads_in_words_labels_names_links_and_norwegian_dates(client, auditor, adopted, case_officer):
    client.force_login(auditor)
    response = client.get(reverse("audit:story", args=["regulations.regulation", adopted.regulation_id]))
    html = response.content.decode()
    text = _text(html)
    assert response.status_code == 200
    assert "9 for, 2 mot, 0 avstående" in text
    # Choice labels, not codes; the decision's vote and meeting in words.
    assert "Fra «Lagt fram for politisk behandling» til «Vedtatt»" in text
    assert "Vedtaksorgan formannskapet" in text and "Møtedato 3. mars 2021" in text
    for code in ("submitted", "adopted", "formannskap ", "2021-03-03", "+00:00", "created at", "True", "False"):
        assert code not in text, code
    # Field names by their Norwegian names, people by name, the regulation by name with its link.
    assert "Opprettet av " + case_officer.get_full_name() in text
    regulation_link = f'<a href="{reverse("regulations:detail", args=[adopted.regulation_id])}">'
    assert regulation_link + adopted.regulation.title + "</a>" in html
    # Instants in Oslo time as Norwegians write them, old → new, never marked character by character.
    assert "Gjelder fra 3. mars 2021 kl. 14.00" in text
    rows = [row for row in html.split("<tr>") if "Gjelder fra</th>" in row]
    assert rows and not any("<del>" in row or "<ins>" in row for row in rows)
    # Text fields keep their word diff.
    assert "<ins>" in html


def test_links_to_records_the_viewer_may_not_see_are_not_named_anywhere(client, auditor, adopted, other_draft):
    """A change naming another organization's draft says only its kind, in the story, the
    timeline and the exports; a UTC instant reads as the Oslo date it is."""
    record_event(
        kind=AuditKind.CHANGE,
        action="changed",
        obj=adopted,
        changes=[
            {
                "field": "regulation",
                "label": "regulation",
                "old": str(adopted.regulation_id),
                "new": str(other_draft.regulation_id),
            },
            {"field": "valid_until", "label": "valid until", "old": "", "new": "2026-12-31T23:00:00+00:00"},
        ],
    )
    client.force_login(auditor)
    story = client.get(reverse("audit:story", args=["regulations.regulation", adopted.regulation_id])).content.decode()
    page = timeline(client).content.decode()
    body = b"".join(client.get(reverse("audit:export_csv")).streaming_content).decode("utf-8-sig")
    exported = json.loads(b"".join(client.get(reverse("audit:export_json")).streaming_content))
    # The story's own document is named by its title, with a link to it.
    own = reverse("regulations:detail", args=[adopted.regulation_id])
    assert f'<a href="{own}">{html_lib.escape(adopted.regulation.title)}</a>' in story
    for shown in (_text(story), _text(page), body, json.dumps(exported, ensure_ascii=False)):
        assert "Forskrift i Bærum" not in shown
        assert "Forskrift (ikke tilgjengelig for deg)" in shown
        assert "1. januar 2027 kl. 00.00" in shown
    row = next(r for r in csv.DictReader(io.StringIO(body)) if "valid_until" in r["changes"])
    assert "Gjelder til og med: – → 1. januar 2027 kl. 00.00" in row["changes_text"]
    assert row["kind"] == "change" and row["kind_label"] == "Endring" and row["action_label"] == "endret"


def test_people_of_the_organization_see_the_story_but_outsiders_only_public_decisions(
    client, committee_member, outsider, adopted
):
    url = reverse("audit:story", args=["regulations.regulation", adopted.regulation_id])
    client.force_login(committee_member)
    insider_rows = client.get(url).context["rows"]
    assert any(r["event"].kind == "change" for r in insider_rows)
    client.force_login(outsider)
    rows = client.get(url).context["rows"]
    assert rows and all(r["event"].kind == "decision" and r["event"].action == "adopt" for r in rows)


def test_a_draft_of_another_organization_has_no_story_for_outsiders(client, outsider, draft):
    client.force_login(outsider)
    assert client.get(reverse("audit:story", args=["regulations.regulation", draft.regulation_id])).status_code == 404
    assert client.get(reverse("audit:story", args=["core.organization", 1])).status_code == 404


def test_api_returns_events_of_one_object_since_a_time(client, auditor, adopted):
    client.force_login(auditor)
    ref = f"regulations.regulation:{adopted.regulation_id}"
    data = client.get("/api/audit/", {"object": ref, "since": "2000-01-01T00:00:00+01:00"}).json()
    assert data and {"id", "at", "actor", "action", "object", "changes", "comment", "hash", "previous_hash"} <= set(
        data[0]
    )
    assert any(e["action"] == "adopt" for e in data)
    assert client.get("/api/audit/", {"object": ref, "since": "2099-01-01T00:00:00Z"}).json() == []
    assert client.get("/api/audit/", {"object": "nonsense"}).status_code == 400
    assert client.get("/api/audit/", {"since": "igår"}).status_code == 400
    assert client.get("/api/audit/", {"after": "x"}).status_code == 400
    # Impossible or out-of-range dates and offsets are refused, never a 500.
    for since in (
        "2021-02-30T00:00:00Z",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-05:00",
        "2021-03-01T00:00:00+25:00",
    ):
        assert client.get("/api/audit/", {"since": since}).status_code == 400, since
    for cursor in ("2021-02-30T00:00:00Z_1", "0001-01-01T00:00:00+01:00_1", "9999-12-31T23:59:59.000000Z_9"):
        assert client.get("/api/audit/", {"after": cursor}).status_code == 400, cursor
        assert client.get(reverse("audit:timeline"), {"after": cursor}).status_code == 200, cursor


def test_api_pages_with_a_link_header(client, auditor, municipality, monkeypatch):
    import audit.api

    monkeypatch.setattr(audit.api, "PAGE_SIZE", 3)
    for _ in range(7):
        record_event(kind=AuditKind.DOWNLOAD, action="download", organization_id=municipality.pk)
    client.force_login(auditor)
    seen, url = [], "/api/audit/"
    while url:
        response = client.get(url)
        seen += [e["seq"] for e in response.json()]
        link = response.get("Link")
        url = link[link.index("/api/") : link.index(">")] if link else None
    # The auditor's own sign-in is in the organization's trail too.
    assert (
        seen == sorted(seen)
        and len(seen) == len(set(seen)) == AuditEvent.objects.filter(organization_id=municipality.pk).count()
    )
    assert AuditEvent.objects.filter(organization_id=municipality.pk, kind=AuditKind.LOGIN, actor=auditor).exists()


def test_an_export_with_an_invalid_filter_is_refused_not_everything(client, auditor, adopted):
    client.force_login(auditor)
    response = client.get(reverse("audit:export_csv"), {"since": "9999-99-99"})
    assert response.status_code == 400
    assert "filteret er ugyldig" in response.content.decode()
    assert "Fra dato: " in response.content.decode()


def test_filtering_by_a_document_type_finds_its_parts_too(client, auditor, adopted):
    client.force_login(auditor)
    response = timeline(client, object_type="regulations.regulation")
    events = response.context["page"].events
    assert events and all(e.subject_type == "regulations.regulation" for e in events)
    assert any(e.object_type == "regulations.section" for e in events)


def test_a_system_administrator_reads_the_story_of_any_organizations_draft(client, draft):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get(reverse("audit:story", args=["regulations.regulation", draft.regulation_id]))
    assert response.status_code == 200 and draft.regulation.title in response.content.decode()


def test_a_sign_in_is_in_the_trail_of_the_persons_organization_only(client, auditor, outsider, municipality):
    client.force_login(outsider)
    client.logout()
    client.force_login(auditor)
    events = list(AuditEvent.objects.filter(kind=AuditKind.LOGIN, actor=outsider))
    assert events and all(e.organization_id == outsider.memberships.get().organization_id for e in events)
    page = timeline(client)
    assert not any(e.actor_id == outsider.pk for e in page.context["page"].events)


def test_the_story_names_the_version_of_each_section_and_measure_and_the_system_for_its_own_work(
    client, case_officer, adopted
):
    from django.utils.html import strip_tags

    from measures.models import MeasureType
    from regulations.services import measure_add, version_start

    amendment = version_start(regulation=adopted.regulation, kind="amendment", by=case_officer)
    measure_add(
        section=amendment.sections.get(number=3),
        by=case_officer,
        measure_type=MeasureType.objects.get(code="alcohol_serving_stop"),
        parameters={"licence_chapters": "4 og 5"},
        is_advice=False,
    )
    client.force_login(case_officer)
    html = client.get(reverse("audit:story", args=["regulations.regulation", adopted.regulation_id])).content.decode()
    cards = [strip_tags(card) for card in html.split('<section class="card"')[1:]]
    assert any("Versjon 1 § 3. Skjenkestopp" in card for card in cards)
    assert any("Versjon 2 § 3. Skjenkestopp" in card for card in cards)
    assert any("Versjon 2, tiltak: " in card for card in cards)
    assert "systemet" in next(card for card in cards if "Arkiv-PDF lagret" in card)


def _edit(version, by, times: int) -> None:
    from regulations.services import SectionInput, version_update

    for k in range(times):
        version.refresh_from_db()
        version_update(
            version=version,
            by=by,
            expected_revision=version.revision,
            sections=[
                SectionInput(id=s.pk, number=s.number, heading=s.heading, body=f"Tekst {k} i § {s.number}.")
                for s in version.sections.all()
            ],
            valid_from=version.valid_from,
            valid_until=version.valid_until,
            reason=f"Endring nr. {k}",
        )


def _queries(client, url) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_the_story_and_the_timeline_of_a_much_edited_draft_cost_the_same_queries_as_of_a_new_one(
    client, case_officer, auditor, draft, settings
):
    settings.AUDIT_PAGE_SIZE = 20
    story = reverse("audit:story", args=["regulations.regulation", draft.regulation_id])
    _edit(draft, case_officer, 1)
    client.force_login(case_officer)
    short_story, _html = _queries(client, story)
    client.force_login(auditor)
    settings.AUDIT_PAGE_SIZE = 500  # the whole trail on one page: the same kinds of links at both sizes
    short_timeline, _html = _queries(client, reverse("audit:timeline"))
    settings.AUDIT_PAGE_SIZE = 20
    _edit(draft, case_officer, 12)
    client.force_login(case_officer)
    long_story, html = _queries(client, story)
    assert long_story == short_story
    text = _text(html)
    # The first page, oldest first, each event with its kind, what happened, who, and the word diff.
    # An edit's card is headed by its kind alone («Endring», not «Endring endret»).
    edited = html.count('<h2><span class="badge">Endring</span></h2>')
    assert edited and edited + text.count("Endring opprettet") == 20
    assert "Endring endret" not in text
    assert "Endring nr. 0" in text and "Endring nr. 11" not in text
    assert "<del>Tekst 0</del>" not in html and re.search(r"<del>[^<]*0[^<]*</del>", html)
    assert "Senere hendelser" in text and f"Fornavn {case_officer.last_name}"[:7] in text
    client.force_login(auditor)
    settings.AUDIT_PAGE_SIZE = 500
    long_timeline, html = _queries(client, reverse("audit:timeline"))
    assert long_timeline == short_timeline
    text = _text(html)
    assert "Endring nr. 11" in text and "Endring nr. 0" in text
    trail = AuditEvent.objects.filter(organization_id=draft.regulation.municipality_id)
    assert html.count('<span class="badge">') == trail.count() > 50


def test_the_story_and_the_timeline_escape_what_people_wrote_and_keep_their_line_breaks(
    client, auditor, draft, case_officer
):
    record_event(
        kind=AuditKind.DECISION,
        action="return",
        actor=case_officer,
        obj=draft,
        comment='Se <script>alert("x")</script>\nog ring meg',
        data={"from": "submitted", "to": "draft", "label": "Sendt <b>tilbake</b>", "content_hash": "ab<cd"},
    )
    client.force_login(auditor)
    story = client.get(reverse("audit:story", args=["regulations.regulation", draft.regulation_id])).content.decode()
    shown = timeline(client, kind="decision").content.decode()
    for page in (story, shown):
        assert "<script>" not in page and "<b>tilbake</b>" not in page
        assert "Sendt &lt;b&gt;tilbake&lt;/b&gt;" in page
        assert "Fra «Lagt fram for politisk behandling» til «Utkast»" in page
    assert "Se &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>og ring meg" in story
    assert "SHA-256 av innholdet: ab&lt;cd" in story


def test_the_timeline_says_what_happened_once_and_its_filters_offer_all(client, auditor, case_officer, draft):
    client.force_login(case_officer)  # a sign-in of the organization, and the draft's edits
    client.force_login(auditor)
    html = timeline(client).content.decode()
    text = _text(html)
    assert '<span class="badge">Innlogging</span>' in html and '<span class="badge">Endring</span>' in html
    for restated in ("Innlogging logget inn", "Endring endret"):
        assert restated not in text
    assert "Endring opprettet" in text  # what an action adds to its kind is still said
    # The organization and person filters start from «Alle», not a row of dashes.
    assert "---------" not in html and html.count(">Alle<") >= 3
