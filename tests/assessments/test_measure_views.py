"""Recommending a measure: the type, its parameters and the recommendation's text in one form;
the type's fields swapped in with htmx, or by «Velg tiltakstype» without JavaScript."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from assessments.models import RecommendedMeasure
from measures.models import MeasureType
from tests.assessments.conftest import add_rule

pytestmark = pytest.mark.django_db


def _recommendation(**extra):
    return {
        "heading": "Arrangementer",
        "text": "Arrangementer kan ha inntil 20 deltakere innendørs.",
        "justification": "Utbrudd på et arrangement.",
        "regulation_chapter": "",
        "fhi_level": "",
        "save": "1",
    } | extra


def test_the_form_offers_only_the_typed_kinds_and_htmx_swaps_in_the_chosen_types_fields(
    client, draft_assessment, medical_officer
):
    client.force_login(medical_officer)
    url = reverse("assessments:measure_add", args=[draft_assessment.pk])
    html = client.get(url).content.decode()
    offered = re.findall(
        r'<option value="([^"]+)"', re.search(r'<select name="measure_type".*?</select>', html, re.S)[0]
    )
    assert "cap" in offered and "quarantine" in offered
    assert not set(offered) & set(MeasureType.objects.filter(legacy=True).values_list("code", flat=True))
    assert f'hx-get="{url}"' in html and 'hx-target="#measure-fields"' in html
    fields = client.get(url, {"measure_type": "quarantine"}, HTTP_HX_REQUEST="true").content.decode()
    assert fields.startswith('<div id="measure-fields">') and "<html" not in fields
    assert 'name="p_kind"' in fields and 'name="p_days"' in fields
    # An empty heading is given the type's name (swapped in out of band); a written one is kept.
    assert re.search(r'<input[^>]*name="heading"[^>]*value="Karantene"[^>]*hx-swap-oob="true"', fields) or re.search(
        r'<input[^>]*hx-swap-oob="true"[^>]*value="Karantene"', fields
    )
    kept = client.get(url, {"measure_type": "quarantine", "heading": "Egen overskrift"}, HTTP_HX_REQUEST="true")
    assert 'name="heading"' not in kept.content.decode()


def test_without_javascript_choosing_a_type_keeps_what_was_written(client, draft_assessment, medical_officer):
    client.force_login(medical_officer)
    url = reverse("assessments:measure_add", args=[draft_assessment.pk])
    data = _recommendation(measure_type="cap", choose="1")
    del data["save"]
    html = client.post(url, data).content.decode()
    assert 'name="p_max_people"' in html and "Utbrudd på et arrangement." in html
    assert 'class="error"' not in html
    assert not RecommendedMeasure.objects.exists()


def test_a_recommendation_is_saved_in_one_post_and_shown_in_plain_norwegian(client, draft_assessment, medical_officer):
    client.force_login(medical_officer)
    url = reverse("assessments:measure_add", args=[draft_assessment.pk])
    response = client.post(
        url,
        _recommendation(
            measure_type="cap",
            p_settings=["events"],
            p_where="indoors",
            p_max_people="20",
            p_not_counted=["staff", "performers"],
        ),
    )
    assert response.status_code == 302
    measure = RecommendedMeasure.objects.get()
    assert (measure.measure_type.code, measure.parameters) == (
        "cap",
        {"settings": ["events"], "where": "indoors", "max_people": 20, "not_counted": ["staff", "performers"]},
    )
    page = strip_tags(client.get(reverse("assessments:detail", args=[draft_assessment.pk])).content.decode())
    assert "Maks antall personer: 20 — Arrangementer, innendørs; Telles ikke med: ansatte, utøvere" in page
    assert "Påbud/forbud" in page


def test_a_bad_value_is_shown_at_its_field_and_nothing_is_saved(client, draft_assessment, medical_officer):
    client.force_login(medical_officer)
    url = reverse("assessments:measure_add", args=[draft_assessment.pk])
    html = client.post(
        url, _recommendation(measure_type="cap", p_settings=["events"], p_max_people="-1")
    ).content.decode()
    assert "«Maks antall personer» må være mellom 0 og 1 000 000." in html
    html = client.post(url, _recommendation(measure_type="guests_private_home", p_max_guests="5")).content.decode()
    assert "Velg en tiltakstype fra listen." in html
    assert not RecommendedMeasure.objects.exists()


def test_a_recommendation_is_changed_in_the_same_form(client, draft_assessment, medical_officer):
    measure = add_rule(draft_assessment, medical_officer)
    client.force_login(medical_officer)
    url = reverse("assessments:measure_edit", args=[draft_assessment.pk, measure.pk])
    draft_assessment.refresh_from_db()
    html = client.get(url).content.decode()
    assert 'value="22.00"' in html and 'value="Skjenkestopp"' in html
    data = _recommendation(
        measure_type="alcohol_ban",
        heading="Skjenkestopp",
        p_settings=["restaurants"],
        p_licence_chapters=["4", "5"],
        p_from_time="20:00",
        revision=draft_assessment.revision,
    )
    assert client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert measure.parameters == {"settings": ["restaurants"], "from_time": "20:00:00"}
    assert "ingenting er overskrevet" in client.post(url, data | {"p_from_time": "19:00"}).content.decode()
