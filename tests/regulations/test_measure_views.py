"""Adding and changing a measure from the version page: the type and its parameters in one form
under the section, the type's fields swapped in with htmx or, without JavaScript, by «Velg
tiltakstype» on the same URL."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from measures.models import MeasureType
from regulations.models import Measure
from regulations.services import measure_add

pytestmark = pytest.mark.django_db


def _add_url(version, section):
    return reverse("regulations:measure_add", args=[version.pk, section.pk])


def _options(html: str, key: str) -> list[str]:
    select = re.search(rf'<select name="measure_type"[^>]*id="{key}_measure_type".*?</select>', html, re.S)
    assert select, f"no type select for {key}"
    return re.findall(r'<option value="([^"]*)"', select.group(0))


def test_every_section_of_a_draft_has_an_add_form_offering_only_the_typed_kinds(client, draft, case_officer):
    client.force_login(case_officer)
    html = client.get(reverse("regulations:version_detail", args=[draft.pk])).content.decode()
    for section in draft.sections.all():
        assert f'action="{_add_url(draft, section)}"' in html
        offered = _options(html, f"add{section.pk}")
        assert offered[0] == "" and "cap" in offered and "closure" in offered
        assert not set(offered) & set(MeasureType.objects.filter(legacy=True).values_list("code", flat=True))
    assert "Velg tiltakstype" in html


def test_the_version_page_of_a_long_draft_costs_the_same_queries_and_still_offers_every_section_its_form(
    client, draft, case_officer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from regulations.services import SectionInput, version_update

    client.force_login(case_officer)
    url = reverse("regulations:version_detail", args=[draft.pk])

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries.captured_queries), response.content.decode()

    measure_add(
        section=draft.sections.get(number=3),
        by=case_officer,
        measure_type=MeasureType.objects.get(code="alcohol_ban"),
        parameters={"from_time": "22:00"},
    )
    three, _html = count()
    draft.refresh_from_db()
    kept = [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in draft.sections.all()]
    added = [SectionInput(number=n, heading=f"Tiltak {n}", body=f"Tekst {n}.") for n in range(4, 16)]
    version_update(
        version=draft,
        by=case_officer,
        expected_revision=draft.revision,
        sections=kept + added,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
    )
    fifteen, html = count()
    assert fifteen == three
    sections = list(draft.sections.all())
    assert len(sections) == 15
    for section in sections:
        offered = _options(html, f"add{section.pk}")
        assert offered[0] == "" and "cap" in offered and "alcohol_ban" in offered
        assert f'hx-get="{_add_url(draft, section)}"' in html
    assert "Legg til tiltak i § 15" in html and "Skjenkestopp" in strip_tags(html)


def test_choosing_a_type_with_htmx_returns_that_types_fields_alone(client, draft, case_officer):
    client.force_login(case_officer)
    section = draft.sections.get(number=3)
    response = client.get(_add_url(draft, section), {"measure_type": "cap"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.startswith("<form") and f'id="add{section.pk}-form"' in html
    assert 'name="p_max_people"' in html and 'name="exc_funerals"' in html and 'name="exc_funerals_max"' in html
    assert 'name="p_settings" value="events"' in html
    assert "Legg til tiltak i § 3" in html


def test_choosing_a_type_without_javascript_shows_the_page_with_that_types_fields_under_the_section(
    client, draft, case_officer
):
    client.force_login(case_officer)
    section = draft.sections.get(number=3)
    response = client.post(_add_url(draft, section), {"measure_type": "alcohol_ban", "choose": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and draft.regulation.title in html
    assert re.search(r"<details class=\"measure-add\" open>\s*<summary>Legg til tiltak i § 3", html)
    assert f'id="add{section.pk}_p_from_time"' in html
    # The type's default setting is ticked.
    assert re.search(r'value="restaurants"[^>]*checked|checked[^>]*value="restaurants"', html)
    assert not Measure.objects.exists()


def test_a_measure_is_added_from_the_section_in_one_post(client, draft, case_officer):
    client.force_login(case_officer)
    section = draft.sections.get(number=3)
    response = client.post(
        _add_url(draft, section),
        {
            "measure_type": "cap",
            "p_settings": ["events"],
            "p_where": "indoors",
            "p_max_people": "10",
            "exc_funerals": "on",
            "exc_funerals_max": "50",
            "save": "1",
        },
    )
    assert response.status_code == 302 and response.url.endswith(f"#s{section.number}")
    measure = Measure.objects.get(section=section)
    assert (measure.measure_type.code, measure.parameters, measure.is_advice) == (
        "cap",
        {
            "settings": ["events"],
            "where": "indoors",
            "max_people": 10,
            "exceptions": [{"code": "funerals", "max_people": 50}],
        },
        False,
    )
    page = strip_tags(client.get(response.url).content.decode())
    assert "Maks antall personer: 10 — Arrangementer, innendørs; unntak: begravelser" in page
    assert "(inntil 50 personer)" in page and "Påbud/forbud" in page


def test_saving_with_htmx_sends_the_browser_to_the_version_page(client, draft, case_officer):
    client.force_login(case_officer)
    section = draft.sections.get(number=3)
    response = client.post(
        _add_url(draft, section),
        {"measure_type": "distance", "p_metres": "1,5", "is_advice": "on", "save": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204 and response["HX-Redirect"].endswith("#s3")
    measure = Measure.objects.get(section=section)
    assert measure.parameters == {"settings": ["public_places"], "metres": 1.5} and measure.is_advice


def test_a_bad_value_is_shown_at_its_field_and_nothing_is_saved(client, draft, case_officer):
    client.force_login(case_officer)
    section = draft.sections.get(number=3)
    response = client.post(
        _add_url(draft, section),
        {"measure_type": "cap", "p_settings": ["events"], "p_max_people": "-1", "save": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    field = re.search(
        r'<div class="field has-error">.*?</div>', html[html.index(f'id="add{section.pk}_p_max_people"') - 400 :], re.S
    )
    assert field and "«Maks antall personer» må være mellom 0 og 1 000 000." in field.group(0)
    assert re.search(r"<details class=\"measure-add\" open>", html)
    response = client.post(
        _add_url(draft, section),
        {"measure_type": "cap", "p_settings": ["events"], "p_max_people": "10", "exc_funerals_max": "50", "save": "1"},
    )
    assert "Kryss av unntaket når du oppgir et antall." in response.content.decode()
    response = client.post(
        _add_url(draft, section),
        {"measure_type": "closing_time", "p_settings": ["restaurants"], "p_closes_at": "25.00", "save": "1"},
    )
    assert "«Stengt fra klokken» må være et klokkeslett, for eksempel 22.00." in response.content.decode()
    assert not Measure.objects.exists()


def test_a_type_of_the_first_catalog_cannot_be_chosen(client, draft, case_officer):
    client.force_login(case_officer)
    section = draft.sections.get(number=3)
    response = client.post(
        _add_url(draft, section), {"measure_type": "guests_private_home", "p_max_guests": "5", "save": "1"}
    )
    assert response.status_code == 200
    assert "Velg en tiltakstype fra listen." in response.content.decode()
    assert not Measure.objects.exists()


def test_a_measure_is_changed_in_the_same_form_and_a_stale_form_is_refused(client, draft, case_officer):
    client.force_login(case_officer)
    section = draft.sections.get(number=3)
    measure = measure_add(
        section=section,
        by=case_officer,
        measure_type=MeasureType.objects.get(code="alcohol_ban"),
        parameters={"from_time": "22:00"},
    )
    url = reverse("regulations:measure_edit", args=[draft.pk, measure.pk])
    draft.refresh_from_db()
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="22.00"' in html and "selected>Skjenkestopp" in html.replace('value="alcohol_ban" ', "")
    assert f'name="revision" value="{draft.revision}"' in html
    data = {
        "measure_type": "alcohol_ban",
        "p_settings": ["restaurants"],
        "p_licence_chapters": ["4", "5"],
        "p_from_time": "21.30",
        "revision": draft.revision,
        "save": "1",
    }
    assert client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert measure.parameters == {"settings": ["restaurants"], "from_time": "21:30:00"}
    response = client.post(url, data | {"p_from_time": "20.00"})
    assert response.status_code == 200 and "etter at du åpnet det" in response.content.decode()
    measure.refresh_from_db()
    assert measure.parameters["from_time"] == "21:30:00"


def test_the_committee_secretary_cannot_add_a_measure(client, draft, secretary):
    client.force_login(secretary)
    section = draft.sections.get(number=3)
    response = client.post(
        _add_url(draft, section), {"measure_type": "cap", "p_settings": ["events"], "p_max_people": "5", "save": "1"}
    )
    assert response.status_code == 403 and not Measure.objects.exists()
