"""Assessment pages and the read API: what each person sees and can do, and bad input."""

import re
from datetime import date

import pytest
from django.urls import reverse

from assessments.charts import trend_svg
from assessments.models import Assessment, AssessmentStatus
from tests.assessments.conftest import add_rule

pytestmark = pytest.mark.django_db


def _page(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


def test_detail_page_shows_values_levels_missing_and_the_chart(client, draft_assessment, medical_officer):
    from assessments.services import IndicatorInputs, assessment_set_indicators

    assessment_set_indicators(
        assessment=draft_assessment,
        by=medical_officer,
        inputs=IndicatorInputs(cases=28, population=24845, tested=1555, positive=28),
    )
    html = _page(client, medical_officer, reverse("assessments:detail", args=[draft_assessment.pk])).content.decode()
    assert "112,7" in html and "N2" in html
    assert html.count("Mangler") == 3
    assert "<svg" in html and "trend-chart" in html
    assert "Send til godkjenning" in html and "Registrer indikatorer" in html


def test_outsider_does_not_see_a_draft_but_sees_an_approved_assessment(
    client, approved_assessment, draft_assessment, outsider
):
    client.force_login(outsider)
    assert client.get(reverse("assessments:detail", args=[approved_assessment.pk])).status_code == 200
    other = Assessment.objects.exclude(pk=approved_assessment.pk)
    assert not other.exists() or client.get(reverse("assessments:detail", args=[other.first().pk])).status_code == 404


@pytest.mark.parametrize(
    "data, field_error",
    [
        ({"cases": "-4", "population": "24845"}, "Verdien må være større enn eller lik 0."),
        ({"cases": "tjue", "population": "24845"}, "Oppgi et heltall"),
        ({"cases": "5", "population": "0"}, "større enn eller lik 1"),
        ({"tested": "10", "positive": "12"}, "Antall positive kan ikke være større enn antall testede."),
        ({"municipalities_over": "40", "municipalities_total": "39"}, "Andelen kan ikke være over 100 %"),
        ({"r_value": "40", "r_source": "national"}, "mindre enn eller lik 10"),
        ({"r_value": "1,2"}, "Oppgi om R er nasjonalt, regionalt eller lokalt."),
    ],
)
def test_bad_figures_give_form_errors_not_500(client, draft_assessment, medical_officer, data, field_error):
    client.force_login(medical_officer)
    response = client.post(reverse("assessments:indicators", args=[draft_assessment.pk]), data)
    assert response.status_code == 200
    assert field_error in response.content.decode()


def test_level_override_without_justification_is_a_form_error(client, draft_assessment, medical_officer):
    client.force_login(medical_officer)
    response = client.post(
        reverse("assessments:level", args=[draft_assessment.pk]), {"risk_level": "4", "level_justification": ""}
    )
    assert response.status_code == 200
    assert "avviker fra det foreslåtte nivået 2" in response.content.decode()


def test_medical_officer_approves_through_the_page(
    client, draft_assessment, medical_officer, django_capture_on_commit_callbacks
):
    add_rule(draft_assessment, medical_officer)
    client.force_login(medical_officer)
    client.post(reverse("assessments:transition", args=[draft_assessment.pk, "submit"]), {"direct": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessments:transition", args=[draft_assessment.pk, "approve"]), {"direct": "1"})
    draft_assessment.refresh_from_db()
    assert draft_assessment.status == AssessmentStatus.APPROVED
    pdf = client.get(reverse("assessments:pdf", args=[draft_assessment.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-SHA256"] == draft_assessment.archived_pdf.sha256
    response = client.post(reverse("assessments:make_regulation", args=[draft_assessment.pk]))
    assert re.match(r"/regulations/versions/\d+/$", response["Location"])


def test_committee_member_reads_but_gets_no_buttons_and_cannot_post(client, draft_assessment, committee_member):
    html = _page(client, committee_member, reverse("assessments:detail", args=[draft_assessment.pk])).content.decode()
    assert "Registrer indikatorer" not in html and "Send til godkjenning" not in html
    assert client.post(reverse("assessments:level", args=[draft_assessment.pk]), {"risk_level": "3"}).status_code == 403
    assert client.post(reverse("assessments:transition", args=[draft_assessment.pk, "submit"])).status_code == 403


def test_draft_pdf_is_rendered_on_demand_as_utkast(client, draft_assessment, medical_officer):
    response = _page(client, medical_officer, reverse("assessments:pdf", args=[draft_assessment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "utkast" in response["Content-Disposition"]


def test_list_and_create_pages(client, medical_officer, municipality):
    client.force_login(medical_officer)
    assert "Ny risikovurdering" in client.get(reverse("assessments:list")).content.decode()
    response = client.post(reverse("assessments:create"), {"municipality": municipality.pk, "date": "2021-03-10"})
    assessment = Assessment.objects.get(iso_week=10)
    assert response["Location"] == reverse("assessments:indicators", args=[assessment.pk])
    again = client.post(reverse("assessments:create"), {"municipality": municipality.pk, "date": "2021-03-11"})
    assert again.status_code == 200 and "allerede en risikovurdering for uke 10" in again.content.decode()


def test_api_lists_assessments_with_indicators_and_is_scoped(
    client, approved_assessment, outsider, medical_officer, other_municipality
):
    from assessments.services import assessment_create

    assert client.get("/api/assessments/").status_code == 401
    draft = assessment_create(municipality=approved_assessment.municipality, by=medical_officer, on=date(2021, 3, 10))
    client.force_login(outsider)
    data = client.get("/api/assessments/?municipality=5402").json()
    assert [a["id"] for a in data] == [approved_assessment.pk]
    item = data[0]
    assert (item["date"], item["week"], item["status"], item["risk_level"], item["suggested_risk_level"]) == (
        "2021-03-03",
        9,
        "approved",
        2,
        2,
    )
    assert item["municipality"]["number"] == "5402"
    assert item["indicators"][0] == {"code": "incidence_14d", "value": 112.7, "level": 2}
    # All five indicators, in their order.
    assert [i["code"] for i in item["indicators"]] == [
        "incidence_14d",
        "positive_share",
        "r_number",
        "admissions_14d",
        "county_share",
    ]
    assert item["recommended_measures"][0]["measure_type"] == "alcohol_ban"
    assert item["recommended_measures"][0]["parameters_text"] == [
        "Skjenkestopp — Serveringssteder; Skjenkestopp fra klokken: 22.00"
    ]
    assert item["pdf_url"].endswith(reverse("assessments:pdf", args=[approved_assessment.pk]))
    client.force_login(medical_officer)
    assert {a["id"] for a in client.get("/api/assessments/?municipality=5402").json()} == {
        approved_assessment.pk,
        draft.pk,
    }
    assert client.get("/api/assessments/?municipality=54").status_code == 400
    assert client.get("/api/assessments/?municipality=9999").status_code == 400
    assert client.get(f"/api/assessments/?municipality={other_municipality.municipality_number}").json() == []


def test_trend_chart_is_svg_with_a_point_per_week_and_missing_values_marked(draft_assessment):
    svg = str(trend_svg([draft_assessment]))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg
    plotted = svg[: svg.index('<g class="legend">')]
    assert plotted.count("<circle") == 6  # the legend below has one more circle per level
    assert "112,7 (N2)" in svg and "uke 9 2021" in svg


def test_regulation_page_fragment_shows_the_frozen_risk_picture_and_the_change(
    client, approved_assessment, medical_officer, municipality
):
    from django.template import Context, Template

    from assessments.services import assessment_create_draft_regulation
    from tests.assessments.test_services import _approve_week

    version = assessment_create_draft_regulation(assessment=approved_assessment, by=medical_officer)
    template = Template("{% load assessment_tags %}{% regulation_risk_picture regulation %}")
    html = template.render(Context({"regulation": version.regulation}))
    assert "Risikobildet ved vedtaket" in html and "112,7" in html and "endret" not in html
    _approve_week(municipality, medical_officer, date(2021, 3, 10), 4, 120)
    html = template.render(Context({"regulation": version.regulation}))
    assert "Risikobildet er endret siden vedtaket: nivå 2 → 4" in html
    client.force_login(medical_officer)
    assert "risikobildet er endret siden vedtaket: nivå 2 → 4" in client.get("/").content.decode()


def test_assessment_list_detail_and_api_do_not_read_archived_pdf_bytes(
    client, approved_assessment, medical_officer, archived_bytes_selected
):
    client.force_login(medical_officer)
    assert approved_assessment.archived_pdf_id
    assert archived_bytes_selected(reverse("assessments:list")) == []
    assert archived_bytes_selected(reverse("assessments:detail", args=[approved_assessment.pk])) == []
    assert archived_bytes_selected("/api/assessments/?municipality=5402") == []
    [item] = client.get("/api/assessments/?municipality=5402").json()
    assert item["pdf_sha256"] == approved_assessment.archived_pdf.sha256
    pdf = client.get(reverse("assessments:pdf", args=[approved_assessment.pk]))
    assert b"".join(pdf) == bytes(approved_assessment.archived_pdf.content)


def test_a_page_of_the_assessment_list_is_read_in_order_from_an_index(draft_assessment, medical_officer):
    from assessments.selectors import assessment_list
    from tests.queries import sorts_every_row

    first_page = assessment_list(user=medical_officer)[:25]
    assert [a.pk for a in first_page] == [draft_assessment.pk]
    assert not sorts_every_row(first_page)


def test_the_trend_table_under_the_chart_holds_exactly_the_values_the_chart_plots(
    client, draft_assessment, medical_officer
):
    from assessments.services import IndicatorInputs, assessment_set_indicators

    assessment_set_indicators(
        assessment=draft_assessment,
        by=medical_officer,
        inputs=IndicatorInputs(cases=28, population=24845, tested=1555, positive=28),
    )
    html = _page(client, medical_officer, reverse("assessments:detail", args=[draft_assessment.pk])).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="trend-title trend-desc"' in svg
    assert '<title id="trend-title">Utvikling per uke for' in svg
    assert re.findall(r'class="week">([^<]+)<', svg) == ["uke 9 2021"]
    assert all(f">N{level}</text>" in svg for level in range(1, 6)) and "uten nivå" in svg

    table = html[html.index('<details class="chart-table">') : html.index("</details>")]
    assert "<summary>Vis tallene som tabell</summary>" in table and "<caption>" in table
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)[1:]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', table)
    assert [week for week, _cells in rows] == ["uke 9 2021"]
    cells = dict(zip(headers, re.findall(r"<td>([^<]*)</td>", rows[0][1]), strict=True))
    plotted = {}
    for series in re.findall(r'<g class="series" data-series="[^"]+">(.*?)</g>', svg):
        label = re.search(r'font-weight="bold">([^<]+)<', series).group(1)
        points = re.findall(r"<circle [^>]+><title>([^<]+)</title>", series)
        plotted[label] = points[0] if points else "mangler"
    assert cells == plotted
    assert "112,7 (N2)" in cells.values()


def _approved_assessments(author, municipalities, n_each: int) -> None:
    """`n_each` approved assessments per municipality, built in bulk (the list's reading is measured)."""
    from datetime import timedelta

    rows = []
    for k, org in enumerate(municipalities):
        for i in range(n_each):
            day = date(2021, 1, 4) + timedelta(days=7 * i + k)
            iso = day.isocalendar()
            rows.append(
                Assessment(
                    municipality=org,
                    author=author,
                    date=day,
                    iso_year=iso[0],
                    iso_week=iso[1],
                    status=AssessmentStatus.APPROVED,
                    summary="Stabil.",
                    risk_level=2,
                )
            )
    Assessment.objects.bulk_create(rows)


def test_the_list_filters_by_any_municipality_in_queries_that_do_not_grow(client, municipality, medical_officer):
    """Every municipality is offered in the filter (the chosen one kept), whatever their number,
    and the list reads the same number of queries for 2 municipalities as for 40."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MunicipalityFactory

    client.force_login(medical_officer)
    url = reverse("assessments:list")
    _approved_assessments(medical_officer, [municipality, MunicipalityFactory(name="Ørland kommune")], 2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    others = MunicipalityFactory.create_batch(38)
    _approved_assessments(medical_officer, others, 3)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few)
    select = page[page.index('<select name="municipality"') :]
    select = select[: select.index("</select>")]
    assert select.count("<option") == 41 and '<option value="" selected>Alle</option>' in select
    assert ">Ørland kommune</option>" in select

    chosen = client.get(url, {"municipality": others[5].pk}).content.decode()
    assert f'<option value="{others[5].pk}" selected>{others[5].name}</option>' in chosen
    rows = re.findall(r"<tr[ >].*?</tr>", chosen[chosen.index("<tbody") :], re.S)
    assert len(rows) == 3 and all(others[5].name in row for row in rows)


def test_the_lists_pages_keep_the_filter_and_show_each_row_as_before(client, municipality, medical_officer):
    """Paging a filtered list stays in the filter: «Neste» on Harstad's assessments leads to
    Harstad's second page, not everyone's. Each row still names its municipality, week, date,
    status and risk level (the list reads only those)."""
    from tests.factories import MunicipalityFactory

    other = MunicipalityFactory(name="Ørland kommune")
    _approved_assessments(medical_officer, [municipality], 30)
    _approved_assessments(medical_officer, [other], 30)
    client.force_login(medical_officer)
    url = reverse("assessments:list")
    first = client.get(url, {"municipality": municipality.pk}).content.decode()
    [next_link] = re.findall(r'<a href="\?([^"]*)">Neste</a>', first)
    assert "Side 1 av 2" in first
    second = client.get(url + "?" + next_link.replace("&amp;", "&")).content.decode()
    rows = re.findall(r"<tr[ >].*?</tr>", second[second.index("<tbody") :], re.S)
    assert "Side 2 av 2" in second and len(rows) == 5
    assert all(municipality.name in row and "Ørland" not in row for row in rows)
    assert re.search(
        r"Uke \d+ 2021</a></td>\s*<td>\d+\. \w+ 2021</td>\s*<td><span class=\"badge astatus-approved\">Godkjent</span></td>\s*<td>[^<]+</td>",
        rows[0],
    )


def test_the_story_writes_the_recorded_figures_with_a_decimal_comma(client, draft_assessment, medical_officer):
    decimals = [r.value for r in draft_assessment.readings.all() if r.value is not None and r.value % 1]
    assert decimals
    client.force_login(medical_officer)
    html = client.get(reverse("audit:story", args=["assessments.assessment", draft_assessment.pk])).content.decode()
    for value in decimals:
        written = f"{value.normalize():f}"
        assert written.replace(".", ",") in html, written
        assert f">{written}<" not in html, written


def test_the_trend_charts_first_and_last_points_keep_their_labels_clear_of_the_scale(draft_assessment, medical_officer):
    import re as regex

    from assessments.charts import LABEL_WIDTH, RIGHT

    width = 720
    svg = str(trend_svg([draft_assessment, draft_assessment], width=width))
    plotted = svg[: svg.index('<g class="legend">')]
    xs = [float(x) for x in regex.findall(r'<circle cx="([\d.]+)"', plotted)]
    # A label such as «0,9 (N2)» is centred on its point: half of it lies left of the point.
    assert xs and min(xs) >= LABEL_WIDTH + 30 and max(xs) <= width - RIGHT - 30
