"""The DEFAULT threshold tables loaded by migration 0002 when the system is installed.

They are a starting point, not the law: administrators replace them (admin → Terskeltabeller)
with a new table effective from a date whenever FHI revises its indicators. The ranges are
chosen so that the Harstad assessment of week 9 2021 (section E of the seed) gets the levels
printed there: 112 per 100 000 → N2, 1.8 % → N2, R 1.2 → N3, 4 per 100 000 → N1, 2 of 39
municipalities (5.1 %) → N1. Each band is [lower, upper); None = no upper limit.
"""

DEFAULT_EFFECTIVE_FROM = "2020-01-01"
DEFAULT_NAME = "Standardtabell (lagt inn ved installasjon)"
DEFAULT_NOTE = (
    "Standardverdier lagt inn ved installasjon som utgangspunkt. Kontroller mot FHIs gjeldende "
    "indikatorer og legg inn en ny tabell med ny gyldighetsdato når de endres."
)

DEFAULT_TABLES = {
    "incidence_14d": [(1, "0", "50"), (2, "50", "150"), (3, "150", "300"), (4, "300", "500"), (5, "500", None)],
    "positive_share": [(1, "0", "1"), (2, "1", "3"), (3, "3", "5"), (4, "5", "10"), (5, "10", None)],
    "r_number": [(1, "0", "0.8"), (2, "0.8", "1.1"), (3, "1.1", "1.3"), (4, "1.3", "1.5"), (5, "1.5", None)],
    "admissions_14d": [(1, "0", "5"), (2, "5", "10"), (3, "10", "20"), (4, "20", "40"), (5, "40", None)],
    "county_share": [(1, "0", "10"), (2, "10", "25"), (3, "25", "50"), (4, "50", "75"), (5, "75", None)],
}
