"""«Dette gjelder i …»: the public page of the rules in force, for anyone, without sign-in."""

import hashlib
import re

import pytest

from core.models import ArchivedDocument, Organization
from regulations.models import Layer, RegulationVersion
from tests.factories import oslo

from .conftest import decided

pytestmark = pytest.mark.django_db

MAY_15 = "2021-05-15T18:00"


@pytest.fixture
def situation(places, ministry):
    """Bærum on 15 May 2021: national rules and advice, level B until 21 May, its own rules."""
    national = decided(
        ministry,
        layer=Layer.NATIONAL,
        title="Forskrift om smitteverntiltak mv. ved koronautbruddet",
        valid_from=oslo(2021, 1, 1),
        sections=[
            (13, [("cap", {"settings": ["events"], "max_people": 100}, False)]),
            (14, [("distance", {"settings": ["public_places"], "metres": 1}, True)]),
        ],
    )
    level_b = decided(
        ministry,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 1, 1),
        sections=[
            (1, [("closure", {"settings": ["gyms"], "exceptions": [{"code": "rehabilitation"}]}, False)]),
            (2, [("face_mask", {"settings": ["shops", "public_transport"], "only_below_distance_m": 1}, False)]),
        ],
        placements=[("3024", oslo(2021, 5, 6), oslo(2021, 5, 21))],
    )
    baerum = Organization.objects.get(municipality_number="3024")
    local = decided(
        baerum,
        valid_from=oslo(2021, 3, 1),
        sections=[
            (3, [("cap", {"settings": ["events"], "max_people": 20}, False)]),
            (5, [("cap", {"settings": ["gyms"], "max_people": 20}, False)]),
        ],
    )
    return {"national": national, "level_b": level_b, "local": local, "baerum": baerum}


def page(client, number="3024", **query):
    response = client.get(f"/regler/{number}/", query)
    return response, response.content.decode()


def section(html, heading_id):
    """The HTML from the heading `heading_id` up to the next part of the page."""
    start = html.index(f'id="{heading_id}"')
    ends = [
        i for i in (html.find(marker, start + 1) for marker in ('class="advice-part"', 'class="ask-again')) if i > 0
    ]
    return html[start : min(ends)]


def test_the_form_sends_the_question_to_its_stable_shareable_address(client, places):
    response = client.get("/regler/", {"municipality": "Bærum (3024)", "at": MAY_15, "visiting": ""})
    assert response.status_code == 302
    assert response["Location"] == "/regler/3024/?at=2021-05-15T18:00"
    by_name = client.get("/regler/", {"municipality": "bærum", "at": "", "visiting": "0301"})
    assert by_name["Location"] == "/regler/3024/?visiting=0301"


def test_the_question_page_lists_every_municipality_alphabetically_without_sign_in(client, places):
    response = client.get("/regler/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<datalist id="kommuner">' in html and 'value="Bærum (3024)"' in html
    links = re.findall(r'<a href="/regler/(\d{4})/">([^<]+)</a>', html)
    assert links == [("3025", "Asker"), ("3024", "Bærum"), ("0301", "Oslo")]
    assert "Logg ut" not in html and "Hovedmeny" not in html


def test_the_question_page_is_kept_until_the_register_changes(client, places, django_assert_max_num_queries):
    from core.history import save_with_history

    first = client.get("/regler/")
    with django_assert_max_num_queries(1):  # the audit trail's head, to name the kept page
        again = client.get("/regler/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304  # a browser that has it keeps it
    oslo = places["0301"]
    oslo.name = "Kristiania"
    save_with_history(oslo, None, "Nytt navn i registeret")
    changed = client.get("/regler/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    html = changed.content.decode()
    assert 'value="Kristiania (0301)"' in html and 'value="Oslo (0301)"' not in html


def test_the_answer_names_the_place_and_the_instant_and_groups_the_rules(client, situation):
    response, html = page(client, at=MAY_15)
    assert response.status_code == 200
    assert "Dette gjelder i Bærum kommune 15. mai 2021 kl. 18.00" in html
    rules = section(html, "regler")
    headings = re.findall(r"<h3 [^>]*>([^<]+)</h3>", rules)
    assert headings == ["Arrangementer", "Trening og fritid", "Munnbind"]
    assert '<span class="line">Maks 20 personer.</span>' in rules  # the heading says «Arrangementer»
    # The cap the closure overrides is not shown as if it applied.
    assert "<strong>Treningssentre:</strong> stengt; unntatt rehabilitering" in rules
    leisure = rules[rules.index('id="regel-leisure"') : rules.index('id="regel-face_masks"')]
    assert "maks 20 personer" not in leisure.lower()
    # One line for the masks in shops and on public transport: same rule, same source.
    assert (
        "<strong>Butikker og kjøpesentre og kollektivtransport:</strong> "
        "munnbind påbudt når minst 1 meters avstand ikke kan holdes." in rules
    )


def test_every_line_links_the_archived_pdf_of_its_source_which_opens_without_sign_in(client, situation):
    _response, html = page(client, at=MAY_15)
    local_pdf = f"/regulations/versions/{situation['local'].pk}/pdf/"
    level_pdf = f"/regulations/versions/{situation['level_b'].pk}/pdf/"
    assert f'<a href="{local_pdf}">lokal forskrift § 3 <span class="file">(PDF)</span></a>' in html
    assert f'<a href="{level_pdf}">tiltaksnivå B (covid-19-forskriften kap. 5B)' in html
    content = b"%PDF-1.7 arkivert"
    archived = ArchivedDocument.objects.create(
        content=content, sha256=hashlib.sha256(content).hexdigest(), filename="forskrift.pdf"
    )
    RegulationVersion.objects.filter(pk=situation["local"].pk).update(archived_pdf=archived)
    opened = client.get(local_pdf)
    assert opened.status_code == 200 and opened["Content-Type"] == "application/pdf"
    body = b"".join(opened.streaming_content) if opened.streaming else opened.content
    assert body == content


def test_the_sanction_notice_stands_under_the_rules_and_advice_is_set_apart(client, situation):
    _response, html = page(client, at=MAY_15)
    sanction = "Brudd på reglene kan straffes med bøter eller fengsel, jf. smittevernloven § 8-1."
    rules, advice = section(html, "regler"), section(html, "anbefalinger")
    assert sanction in rules and rules.index(sanction) > rules.index("Munnbind")
    assert "Minst 1 meters avstand" in advice and "avstand" not in rules.replace("meters avstand ikke", "")
    assert html.index('id="regler"') < html.index('id="anbefalinger"')


def test_without_rules_the_page_says_so_and_shows_no_sanction(client, places):
    _response, html = page(client, at=MAY_15)
    assert "Ingen smittevernregler er registrert for dette stedet og tidspunktet." in html
    assert "straffes" not in html and 'id="anbefalinger"' not in html


def test_a_decided_change_is_announced_with_its_instant_and_a_link_to_it(client, situation):
    _response, html = page(client, at=MAY_15)
    assert "Endres fra 21. mai kl. 00.00" in html
    assert 'href="/regler/3024/?at=2021-05-21T00:00">Se hva som gjelder da' in html


def test_no_change_is_announced_when_nothing_later_is_decided(client, situation):
    _response, html = page(client, at="2021-05-25T12:00")
    assert "Endres fra" not in html


def test_the_visitor_switch_applies_the_stricter_of_home_and_the_place_visited(client, situation):
    oslo_org = Organization.objects.get(municipality_number="0301")
    decided(
        oslo_org,
        valid_from=oslo(2021, 3, 1),
        sections=[(4, [("alcohol_ban", {"settings": ["restaurants"]}, False)])],
    )
    _response, html = page(client, "3024", at=MAY_15, visiting="0301")
    assert "Dette gjelder for den som bor i Bærum og er i Oslo 15. mai 2021 kl. 18.00" in html
    assert "Skjenkestopp hele døgnet." in html and "lokal forskrift i Oslo kommune § 4" in html
    assert "<strong>Treningssentre:</strong> stengt; unntatt rehabilitering" in html
    assert 'value="Oslo (0301)"' in html  # the switch keeps the place visited


def test_an_unknown_municipality_gets_a_norwegian_404_page(client, places):
    response, html = page(client, "9999")
    assert response.status_code == 404
    assert "Fant ikke kommunen" in html and "Kommunenummer 9999 finnes ikke i kommuneregisteret." in html


@pytest.mark.parametrize("query", [{"at": "i går"}, {"at": "2021-13-45T18:00"}, {"at": "1999-05-15T18:00"}])
def test_a_bad_instant_gets_the_question_again_with_a_clear_message(client, places, query):
    response, html = page(client, **query)
    assert response.status_code == 400
    assert "Skriv dato og klokkeslett som 15.05.2021 18:00 eller 2021-05-15T18:00" in html


def test_an_unknown_place_visited_gets_a_clear_message(client, places):
    response, html = page(client, at=MAY_15, visiting="Atlantis")
    assert response.status_code == 400
    assert "Fant ingen kommune «Atlantis» i kommuneregisteret." in html


def test_now_is_cached_until_the_next_change_takes_effect(client, situation, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: oslo(2021, 5, 20, 23, 30))
    response, html = page(client)
    assert "Dette gjelder i Bærum kommune nå" in html
    assert response["Cache-Control"].replace(" ", "").split(",") == ["public", "max-age=1800"]


def test_a_given_instant_and_an_answer_without_a_decided_change_are_cached_for_an_hour(client, situation, monkeypatch):
    response, _html = page(client, at=MAY_15)
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    monkeypatch.setattr("django.utils.timezone.now", lambda: oslo(2021, 6, 1, 12))
    response, _html = page(client)
    assert "max-age=3600" in response["Cache-Control"]


def test_an_unchanged_answer_is_not_sent_again(client, situation):
    first, _html = page(client, at=MAY_15)
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) == 66
    again = client.get("/regler/3024/", {"at": MAY_15}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    other, _html = page(client, at="2021-05-25T12:00")
    assert other["ETag"] != etag


def test_the_page_for_now_has_the_same_etag_from_one_minute_to_the_next(client, situation, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: oslo(2021, 5, 15, 18, 0))
    first, _html = page(client)
    monkeypatch.setattr("django.utils.timezone.now", lambda: oslo(2021, 5, 15, 18, 1))
    second, _html = page(client)
    assert first["ETag"] == second["ETag"]


def test_a_head_request_gets_the_headers_a_cache_needs(client, situation):
    response = client.head("/regler/3024/", {"at": MAY_15})
    assert response.status_code == 200 and response["ETag"] and "max-age=3600" in response["Cache-Control"]


def test_a_local_rule_in_force_but_not_announced_in_norsk_lovtidend_is_flagged_until_it_is(client, situation):
    from datetime import date

    from core.models import Role
    from lovtidend.models import Announcement, Department
    from tests.factories import member

    flag = "I kraft, men ikke kunngjort i Norsk Lovtidend"
    page = client.get("/regler/3024/", {"at": MAY_15}).content.decode()
    assert page.count(flag) >= 1
    # Only the local regulation is flagged: the national and regional ones are not local.
    national_lines = [chunk for chunk in page.split("<li>") if "tiltaksnivå B" in chunk]
    assert national_lines and all(flag not in chunk for chunk in national_lines)

    Announcement.objects.create(
        version=situation["local"],
        announced_on=date(2021, 3, 4),
        department=Department.AVD_II,
        lovdata_id="FOR-2021-03-03-999",
        recorded_by=member(Role.RECORDS_OFFICER, situation["baerum"]),
    )
    assert flag not in client.get("/regler/3024/", {"at": MAY_15}).content.decode()


def test_an_answer_already_made_is_sent_again_without_resolving_the_rules(
    client, situation, django_assert_max_num_queries
):
    _first, html = page(client, at=MAY_15)
    with django_assert_max_num_queries(2):  # where the audit trail stands, and the municipality
        _again, again_html = page(client, at=MAY_15)
    assert again_html == html
    assert "Dette gjelder i Bærum kommune 15. mai 2021 kl. 18.00" in again_html


def test_a_decision_shows_at_once_on_an_answer_already_made(client, situation):
    from datetime import date

    from core.models import Role
    from lovtidend.services import announcement_record
    from tests.factories import member

    flag = "I kraft, men ikke kunngjort i Norsk Lovtidend"
    records_officer = member(Role.RECORDS_OFFICER, situation["baerum"])
    assert flag in page(client, at=MAY_15)[1]
    assert flag in page(client, at=MAY_15)[1]  # kept
    announcement_record(
        version=situation["local"],
        by=records_officer,
        announced_on=date(2021, 3, 4),
        lovdata_id="FOR-2021-03-04-999",
    )
    assert flag not in page(client, at=MAY_15)[1]


def test_the_kept_answer_for_now_is_made_anew_when_the_next_change_takes_effect(client, situation, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: oslo(2021, 5, 20, 23, 30))
    before = page(client)[1]
    assert "Endres fra 21. mai kl. 00.00" in before and "tiltaksnivå B" in before
    monkeypatch.setattr("django.utils.timezone.now", lambda: oslo(2021, 5, 21, 0, 30))
    after = page(client)[1]
    assert "Endres fra 21. mai" not in after and "tiltaksnivå B" not in after
