"""The access matrix's region scenario: a commuting region kept by a directorate (so that
neither the own nor the other municipality of the matrix keeps it), of two municipalities."""

from datetime import date


def build_region_scenario() -> dict:
    from core.models import Organization, OrganizationKind, Role
    from regions.services import region_create
    from register.models import County, Municipality
    from tests.factories import member

    county, _ = County.objects.get_or_create(number="30", defaults={"name": "Viken", "valid_from": date(2020, 1, 1)})
    for number, name in (("3024", "Bærum"), ("3025", "Asker")):
        Municipality.objects.get_or_create(
            number=number, defaults={"name": name, "county": county, "valid_from": date(2020, 1, 1)}
        )
    directorate = Organization.objects.create(name="Matrisedirektoratet", kind=OrganizationKind.DIRECTORATE)
    officer = member(Role.CASE_OFFICER, directorate, username="matrix-region-officer")
    region = region_create(by=officer, name="Matriseregion", municipality_numbers=["3024", "3025"])
    return {"pk": region.pk}
