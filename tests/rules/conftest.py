"""Building decided versions of every layer directly (the workflow is tested elsewhere): a
draft with its sections, measures and placements, then marked decided for its period."""

from datetime import date

import pytest

from cases.models import Case
from core.models import Organization, OrganizationKind
from measures import schema
from measures.models import MeasureType
from register.models import County, Municipality
from regulations.models import Layer, LevelPlacement, Measure, Regulation, RegulationVersion, Section

_case_numbers = iter(range(1, 10_000))


@pytest.fixture
def places(db):
    """Register entries and municipality organizations for Oslo, Bærum and Asker."""
    county = County.objects.create(number="30", name="Viken", valid_from=date(2020, 1, 1))
    oslo_county = County.objects.create(number="03", name="Oslo", valid_from=date(2020, 1, 1))
    out = {}
    for number, name, c in (("0301", "Oslo", oslo_county), ("3024", "Bærum", county), ("3025", "Asker", county)):
        out[number] = Municipality.objects.create(number=number, name=name, county=c, valid_from=date(2020, 1, 1))
        Organization.objects.create(
            name=f"{name} kommune", kind=OrganizationKind.MUNICIPALITY, municipality_number=number
        )
    return out


@pytest.fixture
def ministry(db):
    return Organization.objects.create(name="Helse- og omsorgsdepartementet", kind=OrganizationKind.MINISTRY)


def decided(
    issuer,
    *,
    valid_from,
    valid_until=None,
    layer=Layer.LOCAL,
    level="",
    sections=(),
    placements=(),
    title=None,
    decided_at=None,
):
    """A decided (adopted) version of a new regulation of `issuer`.

    `sections`: [(number, [(code, params, is_advice), …]), …];
    `placements`: [(municipality number, from, until), …]."""
    case = Case.objects.create(organization=issuer, year=2021, number=next(_case_numbers), title="Sak")
    regulation = Regulation.objects.create(
        municipality=issuer,
        case=case,
        title=title or f"Forskrift {issuer.name}",
        short_title="covid-19-forskriften kap. 5" + level if level else "",
        layer=layer,
        level=level,
    )
    version = RegulationVersion.objects.create(
        regulation=regulation, number=1, valid_from=valid_from, valid_until=valid_until
    )
    types = {t.code: t for t in MeasureType.objects.all()}
    for number, measures in sections:
        section = Section.objects.create(version=version, number=number, heading=f"§ {number}", body="Tekst.")
        for code, params, advice in measures:
            Measure.objects.create(
                section=section,
                measure_type=types[code],
                parameters=schema.dump(schema.validate(code, params)),
                is_advice=advice,
            )
    for number, start, end in placements:
        LevelPlacement.objects.create(version=version, municipality_number=number, valid_from=start, valid_until=end)
    # Marked decided (with its decision time) in one write while still unfrozen: on PostgreSQL a
    # decided version's rows refuse later changes. What the workflow does is tested in
    # tests/regulations.
    RegulationVersion.objects.filter(pk=version.pk).update(status="adopted", decided_at=decided_at)
    return RegulationVersion.objects.get(pk=version.pk)
