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
GUEST_EXCEPTIONS = [
    ["same_household", "Gjester fra én og samme husstand"],
    ["kindergarten_primary_cohort", "Én barnehage-/barneskolekohort"],
]
CLOSURE_EXCEPTIONS = [
    ["top_athletes", "Toppidrett (toppidrettsprotokollen)"],
    ["under_20", "Barn og unge under 20 år"],
    ["rehabilitation", "Rehabilitering og helsehjelp"],
]
HOME_OFFICE_SCOPES = [
    ["where_practicable", "Så langt det er praktisk mulig"],
    ["full", "Hjemmekontor for alle som kan"],
]
FACE_MASK_PLACES = [
    ["shops", "Butikker"],
    ["malls", "Kjøpesentre"],
    ["restaurants", "Serveringssteder"],
    ["religious_venues", "Tros- og livssynshus"],
    ["public_transport", "Kollektivtransport"],
    ["taxis", "Taxi"],
]


def _parameter(key: str, label: str, kind: str, *, required: bool = False, choices=None) -> dict[str, Any]:
    """One parameter of a first-catalog type, as its row describes it."""
    parameter: dict[str, Any] = {"key": key, "label": label, "kind": kind}
    if required:
        parameter["required"] = True
    if choices is not None:
        parameter["choices"] = choices
    return parameter


def _measure_type(code: str, name: str, *parameters: dict[str, Any]) -> dict[str, Any]:
    """One row of the first catalog: its code, its name and its parameters."""
    return {"code": code, "name": name, "parameter_schema": list(parameters)}


FIRST_CATALOG: list[dict[str, Any]] = [
    _measure_type(
        "guests_private_home",
        "Gjester i private hjem",
        _parameter("max_guests", "Maks antall gjester i tillegg til husstanden", "int", required=True),
        _parameter("exceptions", "Unntak", "multichoice", choices=GUEST_EXCEPTIONS),
    ),
    _measure_type(
        "private_gatherings",
        "Private sammenkomster",
        _parameter("max_people", "Maks antall personer", "int", required=True),
        _parameter("applies_to_rented_premises", "Gjelder også offentlig sted og leide/lånte lokaler", "bool"),
    ),
    _measure_type(
        "events",
        "Arrangementer",
        _parameter("max_people", "Maks antall deltakere", "int", required=True),
        _parameter("funerals_max", "Maks i begravelser og bisettelser", "int"),
        _parameter("religious_fixed_seats_max", "Maks i livssynsseremonier med faste plasser", "int"),
        _parameter("fixed_seats_max", "Maks med faste tilviste plasser", "int"),
    ),
    _measure_type(
        "venue_closure",
        "Stenging av steder og virksomheter",
        _parameter("venues", "Steder som skal holde stengt", "multichoice", required=True, choices=VENUES),
        _parameter("exceptions", "Unntak", "multichoice", choices=CLOSURE_EXCEPTIONS),
    ),
    _measure_type(
        "home_office",
        "Hjemmekontor",
        _parameter("scope", "Omfang", "choice", required=True, choices=HOME_OFFICE_SCOPES),
    ),
    _measure_type(
        "face_masks",
        "Munnbind",
        _parameter("where", "Hvor", "multichoice", required=True, choices=FACE_MASK_PLACES),
        _parameter("distance_m", "Når avstand under (meter) ikke kan holdes", "decimal"),
        _parameter("exempt_under_age", "Gjelder ikke barn under (år)", "int"),
    ),
    _measure_type(
        "alcohol_serving_stop",
        "Skjenkestopp",
        _parameter("licence_chapters", "Bevillinger etter alkoholloven kapittel", "text", required=True),
        _parameter("from_time", "Skjenkestopp fra klokkeslett (tom = hele døgnet)", "text"),
    ),
    _measure_type(
        "restaurant_rules",
        "Regler for serveringssteder",
        _parameter("contact_registration", "Registrering av gjesters kontaktopplysninger", "bool"),
        _parameter("retention_days", "Opplysningene slettes etter (dager)", "int"),
    ),
    _measure_type(
        "school_level",
        "Tiltaksnivå i barnehager og skoler (trafikklysmodellen)",
        _parameter("kindergarten", "Barnehage", "choice", choices=SCHOOL_LEVEL),
        _parameter("primary", "Barneskole", "choice", choices=SCHOOL_LEVEL),
        _parameter("lower_secondary", "Ungdomsskole", "choice", choices=SCHOOL_LEVEL),
        _parameter("upper_secondary", "Videregående skole", "choice", choices=SCHOOL_LEVEL),
    ),
    _measure_type(
        "quarantine",
        "Karantene",
        _parameter("kind", "Type karantene", "text", required=True),
        _parameter("days", "Varighet (dager)", "int"),
    ),
    _measure_type(
        "distance",
        "Avstand",
        _parameter("metres", "Minste avstand (meter)", "decimal", required=True),
    ),
    _measure_type(
        "other",
        "Annet tiltak",
        _parameter("description", "Beskrivelse", "text", required=True),
    ),
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
