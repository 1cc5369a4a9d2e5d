"""Bad input, generated: every field of every form people write in, and every parameter of
every read API, filled by Hypothesis with what people and scripts send (empty, huge, the
wrong kind, digits that are not ASCII, control characters, dates that do not exist).

What must hold for every case tried:
- no answer is a 500;
- an answer that refuses the input changes nothing: the audit trail, which records every
  write, stands where it stood;
- a form refused as a bad request (400) shows its error beside the field it is about (or
  above the form), and a refused API call names the parameter in its error body.

The number of cases tried is printed at the end of the run (tests/security/conftest.py).
"""

from urllib.parse import urljoin

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.selectors import trail_head
from tests.security.conftest import count_cases
from tests.security.test_hostile_forms import forms_on, pages, world

EXAMPLES = 12

# What people and scripts put in a field: nothing, spaces, numbers of every kind, dates that
# exist and dates that do not, markup, control characters, long text, other scripts.
values = st.one_of(
    st.just(""),
    st.just("   "),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["0", "-1", "1.5", "1e9", "NaN", "²", "٣", "true", "null", "[]", "{}"]),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2021-02-30", "2021-13-01", "31.02.2021", "2021-05-15T25:00", "15. mai 2021", "9999-12-31T23:59"]),
    st.text(min_size=1, max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs"]), min_size=1, max_size=10),
    st.sampled_from(["ø" * 25_000, "<b>x</b>", "'; DROP TABLE x; --", "%00", "\ud7ff"]),
)

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases in every run, so that a red run can be repeated
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _shown(client, response):
    return client.get(response["Location"]) if response.status_code in (301, 302, 303) else response


def _refused(response, shown) -> bool:
    """Not accepted: the form came back (with its errors, or for another step such as a new
    measure type), or a redirect led to an error message."""
    if response.status_code in (301, 302, 303):
        return "msg-error" in shown.content.decode()
    return True


def _form_cases(users, scenarios):
    """(role, action, the fields a browser sends, all field names) of every form."""
    from django.test import Client

    client = Client()
    found = []
    for role, url in pages(scenarios):
        client.force_login(users[role])
        for form in forms_on(client.get(url).content.decode()):
            action = urljoin(url, form["action"]) if form["action"] else url
            found.append(
                (role, action, form["fields"], sorted({*form["fields"], *form["text"]} - {"csrfmiddlewaretoken"}))
            )
    return found


@pytest.mark.once
def test_every_form_field_refuses_bad_input_without_a_500_or_a_partial_write(client, world):
    users, scenarios = world
    cases = _form_cases(users, scenarios)
    assert len({action for _r, action, _f, _n in cases}) >= 15

    for role, action, fields, names in cases:
        client.force_login(users[role])
        _post_generated(client, role, action, fields, names)


def _post_generated(client, role, action, fields, names):
    """POST the form at `action` with generated values in place of some of its fields."""

    @SETTINGS
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(names, values)))
    def post(changed):
        data = {**fields, **changed}
        with transaction.atomic():
            savepoint = transaction.savepoint()
            before = trail_head()
            response = client.post(action, data)
            where = f"POST {action} as {role} with {sorted(changed)}"
            assert response.status_code < 500, where
            shown = _shown(client, response)
            assert shown.status_code < 500, where
            if _refused(response, shown):
                html = shown.content.decode()
                if response.status_code == 400:
                    assert 'class="error"' in html or "has-error" in html or "msg-error" in html, where
                assert trail_head() == before, f"{where}: not accepted, yet something was written"
            transaction.savepoint_rollback(savepoint)
        count_cases("form fields", 1)

    post()


API_PARAMETERS = [
    "page",
    "at",
    "in_force_at",
    "in_force_on",
    "visiting",
    "municipality",
    "object",
    "subject",
    "since",
    "until",
    "after",
    "case",
    "reference",
    "status",
    "kind",
    "actor",
    "q",
    "organization",
    "layer",
]
APIS = ["/api/regulations/", "/api/assessments/", "/api/letters/", "/api/audit/", "/api/rules/"]
REQUIRED = {"/api/rules/": {"municipality"}}  # a refusal may name these when they are missing


@pytest.mark.parametrize("url", APIS)
def test_every_api_parameter_refuses_bad_input_by_name(client, world, url):
    from core.models import Role

    users, _scenarios = world
    client.force_login(users[Role.AUDITOR if url == "/api/audit/" else Role.CASE_OFFICER])

    @settings(SETTINGS, max_examples=40)
    @given(st.dictionaries(st.sampled_from(API_PARAMETERS), values, min_size=1, max_size=4))
    def get(query):
        before = trail_head()
        response = client.get(url, query)
        where = f"GET {url} {query!r}"
        assert response.status_code < 500, where
        if response.status_code == 400:
            body = response.json()
            assert body["error"] and body["parameter"] in {*query, *REQUIRED.get(url, ())}, where
        else:
            assert response.status_code == 200, where
        assert trail_head() == before, where
        count_cases("API parameters", 1)

    get()
