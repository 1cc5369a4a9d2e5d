"""The pages as a user meets them: forms, buttons, errors, access, and query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from regulations.models import Regulation, RegulationVersion, VersionKind, VersionStatus
from regulations.services import (
    SectionInput,
    regulation_create,
    version_adopt,
    version_send_back,
    version_start,
    version_submit,
    version_update,
)
from tests.factories import oslo
from tests.regulations.conftest import _decide

pytestmark = pytest.mark.django_db


def _edit_post(version, sections, **extra):
    data = {
        "revision": version.revision,
        "title": version.regulation.title,
        "short_title": version.regulation.short_title,
        "legal_basis": version.regulation.legal_basis,
        "valid_from": "2021-03-03T14:00",
        "valid_until": "2021-03-17T14:00",
        "sections-TOTAL_FORMS": len(sections),
        "sections-INITIAL_FORMS": len(sections),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
    }
    for i, s in enumerate(sections):
        data.update(
            {
                f"sections-{i}-id": s.get("id", ""),
                f"sections-{i}-number": s["number"],
                f"sections-{i}-heading": s["heading"],
                f"sections-{i}-body": s["body"],
            }
        )
    data.update(extra)
    return data


def _current_sections(version):
    return [{"id": s.pk, "number": s.number, "heading": s.heading, "body": s.body} for s in version.sections.all()]


def test_anonymous_users_are_sent_to_sign_in(client, draft):
    response = client.get(reverse("regulations:version_detail", args=[draft.pk]))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_login_page_is_norwegian(client):
    response = client.get("/accounts/login/")
    assert "Logg inn" in response.content.decode()


def test_case_officer_creates_a_draft_in_the_browser(client, municipality, case_officer):
    client.force_login(case_officer)
    response = client.post(
        reverse("regulations:create"),
        {
            "municipality": municipality.pk,
            "kind": "original",
            "title": "Forskrift om besøk",
            "valid_from": "2021-03-03T14:00",
            "valid_until": "2021-03-17T14:00",
        },
    )
    version = RegulationVersion.objects.get()
    assert response.status_code == 302 and response.url == reverse("regulations:version_edit", args=[version.pk])
    assert version.valid_from == oslo(2021, 3, 3, 14)
    body = version.sections.get(number=3).body
    assert "3. mars 2021 kl. 14.00" in body and "17. mars 2021 kl. 14.00" in body


def test_the_create_form_sent_twice_makes_one_regulation(client, municipality, case_officer):
    """The one-time token of the create form (core.forms.SubmitOnceForm): a double click on
    «Opprett utkast» makes one draft, and the second request leads to it."""
    client.force_login(case_officer)
    posted = {
        "municipality": municipality.pk,
        "kind": "original",
        "title": "Forskrift om besøk",
        "valid_from": "2021-03-03T14:00",
        "once": "0b9e4f53-8f6a-4f1e-9a43-5d2c7e1a0c11",
    }
    client.post(reverse("regulations:create"), posted)
    second = client.post(reverse("regulations:create"), posted, follow=True)

    version = RegulationVersion.objects.get()
    assert second.redirect_chain[0][0] == reverse("regulations:version_edit", args=[version.pk])
    assert "Skjemaet var allerede sendt inn" in second.content.decode()
    assert Regulation.objects.count() == 1


def test_create_form_shows_a_clear_error_for_bad_dates(client, municipality, case_officer):
    client.force_login(case_officer)
    response = client.post(
        reverse("regulations:create"),
        {
            "municipality": municipality.pk,
            "kind": "original",
            "title": "X",
            "valid_from": "2021-03-17T14:00",
            "valid_until": "2021-03-03T14:00",
        },
    )
    assert response.status_code == 200
    assert "må være etter" in response.content.decode()
    assert not Regulation.objects.exists()


def test_create_form_refuses_garbage_dates(client, municipality, case_officer):
    client.force_login(case_officer)
    response = client.post(
        reverse("regulations:create"),
        {
            "municipality": municipality.pk,
            "kind": "original",
            "title": "X",
            "valid_from": "i morgen",
        },
    )
    assert response.status_code == 200 and not Regulation.objects.exists()


def test_far_dates_in_the_create_form_are_a_form_error(client, municipality, case_officer):
    client.force_login(case_officer)
    response = client.post(
        reverse("regulations:create"),
        {
            "municipality": municipality.pk,
            "kind": "original",
            "title": "X",
            "valid_from": "0001-01-01T00:00",
        },
    )
    assert response.status_code == 200 and "mellom år 1900 og 2100" in response.content.decode()


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_far_dates_in_the_list_filter_are_a_form_error_not_a_500(client, case_officer, value):
    client.force_login(case_officer)
    response = client.get(reverse("regulations:list"), {"in_force_on": value})
    assert response.status_code == 200
    assert "mellom år 1900 og 2100" in response.content.decode()


def test_secretary_cannot_open_the_create_page(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("regulations:create")).status_code == 403


def test_editor_adds_moves_and_removes_sections(client, draft, case_officer):
    client.force_login(case_officer)
    url = reverse("regulations:version_edit", args=[draft.pk])
    response = client.post(url, _edit_post(draft, _current_sections(draft), action="add"))
    assert response.status_code == 302
    assert draft.sections.count() == 4 and draft.sections.get(number=4).body == "[fyll inn]"
    draft.refresh_from_db()
    client.post(url, _edit_post(draft, _current_sections(draft), action="up:2"))
    assert list(draft.sections.values_list("heading", flat=True)) == [
        "Formål",
        "Skjenkestopp",
        "Virkeområde",
        "Ny paragraf",
    ]
    draft.refresh_from_db()
    client.post(url, _edit_post(draft, _current_sections(draft), action="remove:3"))
    assert draft.sections.count() == 3


def test_editor_reports_duplicate_numbers_without_saving(client, draft, case_officer):
    client.force_login(case_officer)
    sections = _current_sections(draft)
    sections[2]["number"] = 1
    response = client.post(reverse("regulations:version_edit", args=[draft.pk]), _edit_post(draft, sections))
    assert response.status_code == 200
    assert "§ 1 er brukt flere ganger" in response.content.decode()
    assert list(draft.sections.values_list("number", flat=True)) == [1, 2, 3]


def test_editor_refuses_a_stale_form(client, draft, case_officer, medical_officer):
    stale = _edit_post(draft, _current_sections(draft))
    client.force_login(medical_officer)
    fresh = _current_sections(draft)
    fresh[0]["body"] = "Lagret først."
    client.post(reverse("regulations:version_edit", args=[draft.pk]), _edit_post(draft, fresh))
    client.force_login(case_officer)
    stale["sections-0-body"] = "Lagret sist, fra gammelt skjema."
    response = client.post(reverse("regulations:version_edit", args=[draft.pk]), stale)
    assert response.status_code == 200
    assert "endret av" in response.content.decode()
    assert draft.sections.get(number=1).body == "Lagret først."


def test_script_in_a_heading_is_shown_escaped(client, draft, case_officer):
    client.force_login(case_officer)
    sections = _current_sections(draft)
    sections[0]["heading"] = "<script>alert(1)</script>"
    client.post(reverse("regulations:version_edit", args=[draft.pk]), _edit_post(draft, sections))
    page = client.get(reverse("regulations:version_detail", args=[draft.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_buttons_follow_the_transitions_the_user_may_take(client, draft, case_officer, secretary, committee_member):
    url = reverse("regulations:version_detail", args=[draft.pk])
    client.force_login(case_officer)
    page = client.get(url).content.decode()
    assert "Legg fram for politisk behandling</button>" in page and "Registrer vedtak" not in page
    version_submit(version=draft, by=case_officer)
    page = client.get(url).content.decode()
    assert "Legg fram for politisk behandling</button>" not in page and "Rediger utkast" not in page
    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert "Registrer vedtak" in page and "Send tilbake til saksbehandler" in page
    client.force_login(committee_member)
    page = client.get(url).content.decode()
    assert "Registrer vedtak" not in page


def test_forbidden_transition_by_url_is_403_and_changes_nothing(client, draft, committee_member):
    client.force_login(committee_member)
    response = client.post(reverse("regulations:version_transition", args=[draft.pk, "submit"]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_unknown_transition_is_404(client, draft, case_officer):
    client.force_login(case_officer)
    assert client.post(reverse("regulations:version_transition", args=[draft.pk, "delete"])).status_code == 404


def test_secretary_records_adoption_with_the_vote(client, draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    client.force_login(secretary)
    response = client.post(
        reverse("regulations:version_adopt", args=[draft.pk]),
        {
            "decision_body": "formannskap",
            "meeting_date": "2021-03-03",
            "item_number": "12/21",
            "votes_for": 9,
            "votes_against": 2,
            "votes_abstaining": 0,
            "decision_text": "Vedtatt som foreslått.",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.ADOPTED and draft.votes_for == 9
    page = client.get(reverse("regulations:version_detail", args=[draft.pk])).content.decode()
    assert "9 for, 2 mot, 0 avstående" in page


def test_adoption_form_rejects_negative_votes(client, draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    client.force_login(secretary)
    response = client.post(
        reverse("regulations:version_adopt", args=[draft.pk]),
        {
            "decision_body": "formannskap",
            "meeting_date": "2021-03-03",
            "votes_for": -3,
        },
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUBMITTED


def test_send_back_requires_a_comment_in_the_form(client, draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    client.force_login(secretary)
    url = reverse("regulations:version_transition", args=[draft.pk, "send_back"])
    assert client.post(url, {"comment": ""}).status_code == 200
    response = client.post(url, {"comment": "Mangler begrunnelse i § 3."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_other_municipality_gets_404_for_a_draft(client, draft, outsider):
    client.force_login(outsider)
    assert client.get(reverse("regulations:version_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("regulations:detail", args=[draft.regulation_id])).status_code == 404
    assert client.get(reverse("regulations:version_pdf", args=[draft.pk])).status_code == 404


def test_other_municipality_reads_an_adopted_regulation_but_cannot_amend_it(client, adopted, outsider):
    client.force_login(outsider)
    assert client.get(reverse("regulations:detail", args=[adopted.regulation_id])).status_code == 200
    response = client.post(reverse("regulations:new_version", args=[adopted.regulation_id]), {"kind": "amendment"})
    assert response.status_code == 403
    assert adopted.regulation.versions.count() == 1


def test_other_municipalities_do_not_see_internal_comments_or_drafting(
    client, draft, case_officer, secretary, outsider
):
    version_submit(version=draft, by=case_officer)
    version_send_back(version=draft, by=secretary, comment="HEMMELIG intern merknad")
    sections = [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in draft.sections.all()]
    sections[0].body = "Tidligere HEMMELIG formulering."
    version_update(
        version=draft,
        by=case_officer,
        expected_revision=draft.refresh_from_db() or draft.revision,
        sections=sections,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
    )
    sections = [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in draft.sections.all()]
    sections[0].body = "Endelig formulering."
    draft.refresh_from_db()
    version_update(
        version=draft,
        by=case_officer,
        expected_revision=draft.revision,
        sections=sections,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
    )
    version_submit(version=draft, by=case_officer)
    version_adopt(version=draft, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3))
    client.force_login(outsider)
    for url in (
        reverse("regulations:detail", args=[draft.regulation_id]),
        reverse("regulations:version_detail", args=[draft.pk]),
        reverse("regulations:history", args=[draft.regulation_id]),
    ):
        page = client.get(url, follow=True).content.decode()
        assert "HEMMELIG" not in page, url
    assert "Vedtatt" in client.get(reverse("regulations:version_detail", args=[draft.pk])).content.decode()
    assert (
        "Vedtatt"
        in client.get(reverse("regulations:history", args=[draft.regulation_id]), follow=True).content.decode()
    )
    client.force_login(case_officer)
    assert (
        "HEMMELIG"
        in client.get(reverse("regulations:history", args=[draft.regulation_id]), follow=True).content.decode()
    )


def test_compare_highlights_words_and_renumbered_sections(client, adopted, case_officer, secretary):
    client.force_login(case_officer)
    client.post(reverse("regulations:new_version", args=[adopted.regulation_id]), {"kind": "amendment"})
    amendment = adopted.regulation.versions.get(number=2)
    sections = _current_sections(amendment)
    sections[2]["body"] = "Serveringssteder skal ikke skjenke alkohol etter kl. 22.00."
    sections.insert(2, {"number": 3, "heading": "Munnbind", "body": "Munnbind skal brukes."})
    sections[3]["number"] = 4
    client.post(reverse("regulations:version_edit", args=[amendment.pk]), _edit_post(amendment, sections))
    page = client.get(
        reverse("regulations:compare", args=[adopted.regulation_id]), {"a": adopted.pk, "b": amendment.pk}
    ).content.decode()
    assert "<del>alkohol.</del><ins>alkohol etter kl. 22.00.</ins>" in page
    assert "omnummerert § 3 → § 4" in page
    assert "ny</span> § 3. <ins>Munnbind</ins>" in page


def test_history_shows_who_changed_what(client, draft, case_officer):
    client.force_login(case_officer)
    sections = _current_sections(draft)
    sections[0]["body"] = "Ny formålsparagraf."
    client.post(reverse("regulations:version_edit", args=[draft.pk]), _edit_post(draft, sections))
    page = client.get(reverse("regulations:history", args=[draft.regulation_id]), follow=True).content.decode()
    cards = [strip_tags(card) for card in page.split('<section class="card"')]
    change = next(card for card in cards if "Ny formålsparagraf." in card)
    assert "Utkastet er lagret." in change and case_officer.get_full_name() in change
    assert "Versjon 1 § 1. Formål" in change


def test_draft_pdf_renders_on_demand(client, draft, case_officer):
    client.force_login(case_officer)
    response = client.get(reverse("regulations:version_pdf", args=[draft.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_adopted_pdf_serves_the_frozen_bytes(client, adopted, case_officer):
    adopted.refresh_from_db()
    client.force_login(case_officer)
    response = client.get(reverse("regulations:version_pdf", args=[adopted.pk]) + "?download=1")
    assert response.status_code == 200
    assert response.content == bytes(adopted.archived_pdf.content)
    assert response["X-Content-SHA256"] == adopted.archived_pdf.sha256
    assert response["Content-Disposition"].startswith("attachment")


def test_archived_pdf_of_a_decided_version_is_public(client, adopted, draft):
    adopted.refresh_from_db()
    response = client.get(reverse("regulations:version_pdf", args=[adopted.pk]))
    assert response.status_code == 200 and response.content == bytes(adopted.archived_pdf.content)


def test_draft_pdf_needs_sign_in(client, municipality, case_officer):
    version = regulation_create(municipality=municipality, title="Utkast", by=case_officer)
    response = client.get(reverse("regulations:version_pdf", args=[version.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_dashboard_shows_what_needs_attention(client, draft, case_officer, secretary, municipality, medical_officer):
    version_submit(version=draft, by=case_officer)
    urgent = regulation_create(
        municipality=municipality,
        title="Hastevedtak om treningssentre",
        by=medical_officer,
        kind="urgent",
        sections=[SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt.")],
    )
    from regulations.services import version_issue_urgent

    version_issue_urgent(version=urgent, by=medical_officer, duration_days=7)
    client.force_login(secretary)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert draft.regulation.title in page
    assert "Hastevedtak om treningssentre" in page


def _make_regulations(municipality, case_officer, secretary, n):
    for i in range(n):
        v = regulation_create(
            municipality=municipality,
            title=f"Forskrift {i}",
            by=case_officer,
            valid_from=oslo(2021, 3, 3, 14),
            valid_until=oslo(2021, 3, 17, 14),
            sections=[
                SectionInput(number=1, heading="Formål", body="Tekst."),
                SectionInput(number=2, heading="B", body="C."),
            ],
        )
        if i % 2 == 0:
            version_submit(version=v, by=case_officer)
            version_adopt(version=v, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3))


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["list", "list_in_force", "detail"])
def test_query_count_does_not_grow_with_the_number_of_regulations(client, municipality, case_officer, secretary, page):
    client.force_login(case_officer)

    def url():
        if page == "list":
            return reverse("regulations:list")
        if page == "list_in_force":
            return reverse("regulations:list") + "?in_force_on=2021-03-05"
        return reverse("regulations:detail", args=[Regulation.objects.order_by("id").first().pk])

    _make_regulations(municipality, case_officer, secretary, 5)
    five = _count(client, url())
    _make_regulations(municipality, case_officer, secretary, 45)
    fifty = _count(client, url())
    assert fifty == five


def test_detail_page_query_count_does_not_grow_with_versions(client, adopted, case_officer, secretary):
    client.force_login(case_officer)
    url = reverse("regulations:detail", args=[adopted.regulation_id])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    start = adopted.valid_until
    for week in range(3):
        ext = version_start(regulation=adopted.regulation, kind=VersionKind.EXTENSION, by=case_officer)
        _decide(
            ext,
            case_officer,
            secretary,
            valid_from=start + timedelta(days=7 * week),
            valid_until=start + timedelta(days=7 * (week + 1)),
            meeting=date(2021, 3, 16),
        )
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_pdf_stays_norwegian_for_an_english_reader(client, draft, case_officer):
    import io

    from pypdf import PdfReader

    client.force_login(case_officer)
    response = client.get(reverse("regulations:version_pdf", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "med hjemmel i" in text and "pursuant" not in text
    assert "Log in" not in client.get("/accounts/login/").content.decode()
