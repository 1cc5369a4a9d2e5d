"""The measure catalog's rows (MeasureType), one per kind declared in `measures.schema`.

`FIRST_CATALOG` is the catalog of the first release (DOMAIN.md), loaded by regulations 0002: its
types had parameters described in the rows and could not be compared. Measures of those types
stay in adopted texts, frozen as adopted; the rows are kept, marked `legacy`, not offered for
new measures, and `measures.schema.typed` reads them as the typed kinds."""

from typing import Any

VENUES = [
    ["gyms", "Treningssentre, idrettsanlegg o.l."],
    ["pools_spas", "Svømmehaller, badeland, spa, hotellbasseng"],
    ["museums", "Museer"],
    ["cinemas_theatres_concerts", "Kino, teater, konsertsteder"],
    ["bingo_bowling_playlands", "Bingohaller, bowlinghaller, lekeland"],
]
SCHOOL_LEVEL = [["green", "Grønt"], ["yellow", "Gult"], ["red", "Rødt"]]

FIRST_CATALOG: list[dict[str, Any]] = [
    {
        "code": "guests_private_home",
        "name": "Gjester i private hjem",
        "parameter_schema": [
            {
                "key": "max_guests",
                "label": "Maks antall gjester i tillegg til husstanden",
                "kind": "int",
                "required": True,
            },
            {
                "key": "exceptions",
                "label": "Unntak",
                "kind": "multichoice",
                "choices": [
                    ["same_household", "Gjester fra én og samme husstand"],
                    ["kindergarten_primary_cohort", "Én barnehage-/barneskolekohort"],
                ],
            },
        ],
    },
    {
        "code": "private_gatherings",
        "name": "Private sammenkomster",
        "parameter_schema": [
            {"key": "max_people", "label": "Maks antall personer", "kind": "int", "required": True},
            {
                "key": "applies_to_rented_premises",
                "label": "Gjelder også offentlig sted og leide/lånte lokaler",
                "kind": "bool",
            },
        ],
    },
    {
        "code": "events",
        "name": "Arrangementer",
        "parameter_schema": [
            {"key": "max_people", "label": "Maks antall deltakere", "kind": "int", "required": True},
            {"key": "funerals_max", "label": "Maks i begravelser og bisettelser", "kind": "int"},
            {"key": "religious_fixed_seats_max", "label": "Maks i livssynsseremonier med faste plasser", "kind": "int"},
            {"key": "fixed_seats_max", "label": "Maks med faste tilviste plasser", "kind": "int"},
        ],
    },
    {
        "code": "venue_closure",
        "name": "Stenging av steder og virksomheter",
        "parameter_schema": [
            {
                "key": "venues",
                "label": "Steder som skal holde stengt",
                "kind": "multichoice",
                "required": True,
                "choices": VENUES,
            },
            {
                "key": "exceptions",
                "label": "Unntak",
                "kind": "multichoice",
                "choices": [
                    ["top_athletes", "Toppidrett (toppidrettsprotokollen)"],
                    ["under_20", "Barn og unge under 20 år"],
                    ["rehabilitation", "Rehabilitering og helsehjelp"],
                ],
            },
        ],
    },
    {
        "code": "home_office",
        "name": "Hjemmekontor",
        "parameter_schema": [
            {
                "key": "scope",
                "label": "Omfang",
                "kind": "choice",
                "required": True,
                "choices": [
                    ["where_practicable", "Så langt det er praktisk mulig"],
                    ["full", "Hjemmekontor for alle som kan"],
                ],
            },
        ],
    },
    {
        "code": "face_masks",
        "name": "Munnbind",
        "parameter_schema": [
            {
                "key": "where",
                "label": "Hvor",
                "kind": "multichoice",
                "required": True,
                "choices": [
                    ["shops", "Butikker"],
                    ["malls", "Kjøpesentre"],
                    ["restaurants", "Serveringssteder"],
                    ["religious_venues", "Tros- og livssynshus"],
                    ["public_transport", "Kollektivtransport"],
                    ["taxis", "Taxi"],
                ],
            },
            {"key": "distance_m", "label": "Når avstand under (meter) ikke kan holdes", "kind": "decimal"},
            {"key": "exempt_under_age", "label": "Gjelder ikke barn under (år)", "kind": "int"},
        ],
    },
    {
        "code": "alcohol_serving_stop",
        "name": "Skjenkestopp",
        "parameter_schema": [
            {
                "key": "licence_chapters",
                "label": "Bevillinger etter alkoholloven kapittel",
                "kind": "text",
                "required": True,
            },
            {"key": "from_time", "label": "Skjenkestopp fra klokkeslett (tom = hele døgnet)", "kind": "text"},
        ],
    },
    {
        "code": "restaurant_rules",
        "name": "Regler for serveringssteder",
        "parameter_schema": [
            {"key": "contact_registration", "label": "Registrering av gjesters kontaktopplysninger", "kind": "bool"},
            {"key": "retention_days", "label": "Opplysningene slettes etter (dager)", "kind": "int"},
        ],
    },
    {
        "code": "school_level",
        "name": "Tiltaksnivå i barnehager og skoler (trafikklysmodellen)",
        "parameter_schema": [
            {"key": "kindergarten", "label": "Barnehage", "kind": "choice", "choices": SCHOOL_LEVEL},
            {"key": "primary", "label": "Barneskole", "kind": "choice", "choices": SCHOOL_LEVEL},
            {"key": "lower_secondary", "label": "Ungdomsskole", "kind": "choice", "choices": SCHOOL_LEVEL},
            {"key": "upper_secondary", "label": "Videregående skole", "kind": "choice", "choices": SCHOOL_LEVEL},
        ],
    },
    {
        "code": "quarantine",
        "name": "Karantene",
        "parameter_schema": [
            {"key": "kind", "label": "Type karantene", "kind": "text", "required": True},
            {"key": "days", "label": "Varighet (dager)", "kind": "int"},
        ],
    },
    {
        "code": "distance",
        "name": "Avstand",
        "parameter_schema": [
            {"key": "metres", "label": "Minste avstand (meter)", "kind": "decimal", "required": True},
        ],
    },
    {
        "code": "other",
        "name": "Annet tiltak",
        "parameter_schema": [
            {"key": "description", "label": "Beskrivelse", "kind": "text", "required": True},
        ],
    },
]


def first_catalog_load(*, model) -> None:
    """The first release's rows (regulations 0002 loads them on a new database)."""
    for order, entry in enumerate(FIRST_CATALOG, start=1):
        model.objects.update_or_create(
            code=entry["code"],
            defaults={"name": entry["name"], "parameter_schema": entry["parameter_schema"], "order": order},
        )


def catalog_load(*, model) -> None:
    """One row of `model` (MeasureType, or its historical state in a migration) per kind in
    `measures.schema.TYPES`, by code, and the first catalog's other rows marked legacy; running
    it again changes nothing."""
    from django.utils import translation

    from .schema import TYPES

    with translation.override("nb"):
        for order, kind in enumerate(TYPES.values(), start=1):
            model.objects.update_or_create(
                code=kind.code, defaults={"name": str(kind.name), "order": order, "legacy": False}
            )
    model.objects.exclude(code__in=list(TYPES)).update(legacy=True, order=1000)
