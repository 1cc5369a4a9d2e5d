"""The register holds Oslo (0301) in the security tests, so that the public rules page for a
municipality (`/regler/0301/`, declared with that number) has a place to answer for."""

from datetime import date

import pytest


@pytest.fixture(autouse=True)
def oslo_in_the_register(request):
    if "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    from register.models import County, Municipality

    county, _created = County.objects.get_or_create(
        number="03", defaults={"name": "Oslo", "valid_from": date(2020, 1, 1)}
    )
    Municipality.objects.get_or_create(
        number="0301", defaults={"name": "Oslo", "county": county, "valid_from": date(2020, 1, 1)}
    )
