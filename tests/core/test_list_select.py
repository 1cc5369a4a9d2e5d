"""A long select written in one go (core.forms.ListSelect) says exactly what Django's own <select>
says: the same options, the same one chosen, the same attributes, everything escaped."""

import re

import pytest
from django import forms

from core.forms import ListSelect, OrganizationChoiceField
from core.models import Organization

pytestmark = pytest.mark.django_db


def _tags(html: str) -> str:
    """The markup without the line breaks and indentation Django's template puts between tags."""
    return re.sub(r">\s+<", "><", str(html)).strip()


def _both(make_field, data):
    class Ours(forms.Form):
        choice = make_field(ListSelect)

    class Djangos(forms.Form):
        choice = make_field(forms.Select)

    return _tags(Ours(data)["choice"]), _tags(Djangos(data)["choice"])


def test_a_choice_field_renders_as_djangos_select_with_the_chosen_option_escaped_labels_and_attributes():
    def field(widget):
        return forms.ChoiceField(
            required=False,
            choices=[("", "Alle"), ("a&b", "Å <b>fet</b>"), ("x", 'Sitat "her"'), ("x", "Samme verdi")],
            widget=widget(attrs={"class": "wide", "data-x": "1<2", "disabled": False, "autofocus": True}),
        )

    for data in (None, {"choice": "a&b"}, {"choice": "x"}, {"choice": "finnes ikke"}):
        ours, djangos = _both(field, data)
        assert ours == djangos
    ours, _djangos = _both(field, {"choice": "x"})
    assert ours.count(" selected") == 1 and "<b>" not in ours and "&lt;b&gt;fet&lt;/b&gt;" in ours


def test_an_organization_field_renders_as_djangos_select_for_the_register(municipality):
    Organization.objects.create(name="Å & Ø <avdeling>", kind="directorate")

    def field(widget):
        return OrganizationChoiceField(
            queryset=Organization.objects.order_by("name"), empty_label="Alle", widget=widget
        )

    for data in (None, {"choice": str(municipality.pk)}):
        ours, djangos = _both(field, data)
        assert ours == djangos and municipality.name in ours
    assert f'<option value="{municipality.pk}" selected>' in _both(field, {"choice": str(municipality.pk)})[0]


def test_option_groups_and_several_chosen_fall_back_to_djangos_template():
    def grouped(widget):
        return forms.ChoiceField(choices=[("Nord", [("1", "Tromsø"), ("2", "Bodø")]), ("3", "Oslo")], widget=widget)

    ours, djangos = _both(grouped, {"choice": "2"})
    assert ours == djangos and '<optgroup label="Nord">' in ours


def test_pages_with_lists_of_records_read_them_without_a_server_side_cursor(client, case_officer, draft):
    """On PostgreSQL Django reads a ModelChoiceField's choices through a server-side cursor
    (DECLARE, FETCH, CLOSE) for every list on the page; ours are read as one plain query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client.force_login(case_officer)
    pages = {
        reverse("regulations:version_detail", args=[draft.pk]): '<select name="measure_type"',  # under every §
        reverse("cases:detail", args=[draft.regulation.case_id]): 'name="incoming-in_reply_to"',
    }
    for url, select in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and select in response.content.decode()
        assert not [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("DECLARE")]
