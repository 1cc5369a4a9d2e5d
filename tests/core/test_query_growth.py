"""Every page answers in a number of SQL queries that does not grow with the rows it shows.

Every GET page and API of the URLconf (the same declarations the access matrix walks), opened
by the first role its access rule lets in, is counted with the matrix's organizations and
scenarios, then again after a second set of them (regulations in every state, an assessment
with its rules (two more, in draft), letters drafted, awaiting approval and dispatched) has been added to the same
organization. A page that runs a query per row shows it as a difference. Downloads (PDF, CSV,
XML, Atom) are left out: they are files, counted in their own tests and benchmarks.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import tests.security.test_matrix as matrix
from core.access import OK, rule_for
from core.models import Role
from tests.module_data import kept_for_module
from tests.security.test_matrix import fake_pdfs

pytestmark = pytest.mark.django_db

DOWNLOAD = re.compile(r"(pdf|csv|xml|json|atom|feed)[^/]*/?$")
ROLE_ORDER = [
    Role.CASE_OFFICER,
    Role.MEDICAL_OFFICER,
    Role.COMMITTEE_SECRETARY,
    Role.RECORDS_OFFICER,
    Role.APPROVER,
    Role.AUDITOR,
    Role.ADMIN,
    Role.COMMITTEE_MEMBER,
]


def _pages(side) -> list[tuple[str, str, object]]:
    """(route, path, user) for every GET page the own organization's people may open."""
    found = []
    for route, pattern in matrix.GET_ROUTES:
        rule = rule_for(pattern.callback)
        if DOWNLOAD.search(route) or route.startswith(("admin/", "accounts/")):
            continue
        if rule.obj is not None and rule.obj not in side.scenarios:
            continue
        kwargs = {**dict(rule.kwargs), **side.scenarios.get(rule.obj or "", {})}
        if "number" in pattern.pattern.converters:  # a municipality's public page: the own one's
            kwargs["number"] = side.own_org.municipality_number
        if any(kwargs.get(name) is None for name in pattern.pattern.converters):
            continue
        role = next((r for r in ROLE_ORDER if rule.expected(role=r, own=True) == OK), None)
        if role is not None:
            found.append((route, matrix._reverse(route, pattern, kwargs), side.own_users[role]))
    return found


def _more_rows(side) -> None:
    """A second set of the own organization's documents, beside the matrix's first."""
    from datetime import date

    from assessments.services import assessment_create, recommended_measure_add
    from measures.models import MeasureType
    from regulations.services import version_submit

    users = side.own_users
    officer, medical = users[Role.CASE_OFFICER], users[Role.MEDICAL_OFFICER]
    matrix._draft_regulation(side.own_org, officer, title="Nok en forskrift")
    version_submit(version=matrix._draft_regulation(side.own_org, officer, title="Nok en til behandling"), by=officer)
    matrix._draft_regulation(side.own_org, medical, title="Nok et hastevedtak", kind="urgent")
    matrix._adopted_regulation(side.own_org, users)
    for week in (10, 11):
        assessment = assessment_create(municipality=side.own_org, by=medical, on=date.fromisocalendar(2021, week, 3))
        recommended_measure_add(
            assessment=assessment,
            by=medical,
            measure_type=MeasureType.objects.get(code="alcohol_serving_stop"),
            parameters={"licence_chapters": "4"},
            heading="A",
            text="a",
            justification="j",
        )
    matrix.build_letter_scenarios(side.own_org, users)


def _queries(client, pages) -> dict[str, int]:
    counts = {}
    for route, path, user in pages:
        client.force_login(user)
        client.get(path)  # the first answer may fill a cache or the session; the next is counted
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code in (301, 302):  # an old address that sends on: it shows no rows
            continue
        assert response.status_code == 200, f"{path}: {response.status_code}"
        counts[route] = len(captured)
    return counts


def _world():
    """The matrix's world, the own municipality also in the register (its public page)."""
    from datetime import date

    from register.models import County, Municipality

    built = matrix._build_world()
    own = built["municipal"].own_org
    county = County.objects.get(number="30")
    Municipality.objects.create(
        number=own.municipality_number, name=own.name, county=county, valid_from=date(2020, 1, 1)
    )
    return built


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with kept_for_module(django_db_blocker, _world) as built:
        yield built


def test_no_page_runs_more_queries_when_it_has_more_rows_to_show(client, fake_pdfs, world):
    side = world["municipal"]
    pages = _pages(side)
    assert len(pages) > 40, "the walk found the pages"
    before = _queries(client, pages)

    _more_rows(side)
    after = _queries(client, pages)

    assert after.keys() == before.keys()
    grew = {route: (before[route], after[route]) for route in before if after[route] != before[route]}
    assert not grew, "SQL queries per page, one set of documents → two: " + ", ".join(
        f"{route or '(oversikten)'} {a} → {b}" for route, (a, b) in grew.items()
    )
