"""Measures as comparable data: the kinds of measure, their parameters and the strictness order
of every parameter, declared in code with pydantic (the one module that imports it).

A measure is one kind (`MeasureKind`: a cap on people, a closure, a duty, a ban, a level, a
quarantine, or free text) applied to one or more settings (`Setting`: events, private homes,
gyms, …). Its parameters are of three sorts, told apart by the marker in their annotation:

- `Qualifier`: part of what the rule is about (indoors or outdoors, with fixed assigned seats,
  which school stage, which kind of quarantine). Two measures are compared only when every
  qualifier is equal; `expand=True` qualifiers are lists that stand for one rule per item.
- `Strictness`: a value compared across layers, with the order that decides which is stricter
  (the lowest cap, a duty if any layer imposes it, the earliest hour, red over yellow, …).
- the exceptions: typed entries (`ExceptionEntry`); an exception holds only if every layer
  that has the rule allows it, with the lowest of the numbers they allow.

The resolver (`measures.resolve`) relies on nothing but these declarations. Stored measures
(regulations' sections, assessments' recommendations) keep `(type code, parameters)`; the
codes of the first catalog (`LEGACY`) stay readable, because adopted texts are frozen with the
parameters they were adopted with, and are converted to the typed kinds when read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

MAX_PEOPLE = 1_000_000


# --- reference lists -------------------------------------------------------------------------


class Setting(models.TextChoices):
    """What a measure governs: the places and activities people look up."""

    PRIVATE_HOMES = "private_homes", _("Private hjem")
    PRIVATE_GATHERINGS = "private_gatherings", _("Private sammenkomster")
    EVENTS = "events", _("Arrangementer")
    RESTAURANTS = "restaurants", _("Serveringssteder")
    GYMS = "gyms", _("Treningssentre")
    POOLS = "pools", _("Svømmehaller, badeland og spa")
    CULTURE_VENUES = "culture_venues", _("Kino, teater og konsertsteder")
    MUSEUMS = "museums", _("Museer")
    AMUSEMENT = "amusement", _("Fornøyelsesparker, bingohaller, bowlinghaller og lekeland")
    LEISURE_VENUES = "leisure_venues", _("Andre steder for kultur, underholdning og fritid")
    SPORTS_LEISURE = "sports_leisure", _("Organisert idrett og fritid")
    SHOPS = "shops", _("Butikker og kjøpesentre")
    ONE_TO_ONE = "one_to_one", _("Frisører og andre én-til-én-tjenester")
    LIBRARIES = "libraries", _("Bibliotek")
    RELIGIOUS_VENUES = "religious_venues", _("Tros- og livssynshus")
    PUBLIC_TRANSPORT = "public_transport", _("Kollektivtransport")
    TAXIS = "taxis", _("Taxi")
    SCHOOLS = "schools", _("Skoler og barnehager")
    HIGHER_EDUCATION = "higher_education", _("Universiteter, høyskoler og fagskoler")
    WORKPLACES = "workplaces", _("Arbeidsplasser")
    TRAVEL = "travel", _("Reiser og karantene")
    PUBLIC_PLACES = "public_places", _("Offentlige steder")


class Where(models.TextChoices):
    ANYWHERE = "anywhere", _("innendørs og utendørs")
    INDOORS = "indoors", _("innendørs")
    OUTDOORS = "outdoors", _("utendørs")


class NotCounted(models.TextChoices):
    """Who a cap on people does not count (fewer of them is stricter)."""

    HOUSEHOLD = "household", _("egen husstand")
    STAFF = "staff", _("ansatte")
    PERFORMERS = "performers", _("utøvere")
    CREW = "crew", _("nødvendig produksjonspersonell")


class ExceptionCode(models.TextChoices):
    """The exceptions the rules of 2020–21 made; those with a number take «inntil N»."""

    UNDER_20 = "under_20", _("barn og unge under 20 år")
    TOP_ATHLETES = "top_athletes", _("toppidrettsutøvere")
    OUTDOOR_ADULTS = "outdoor_adults", _("utendørs aktivitet for voksne")
    OUTDOOR_GROUP_TRAINING_RESIDENTS = (
        "outdoor_group_training_residents",
        _("utendørs gruppetrening for dem som bor i kommunen"),
    )
    REHABILITATION = "rehabilitation", _("rehabilitering og opptrening individuelt eller i mindre grupper")
    INDIVIDUAL_BY_APPOINTMENT = (
        "individual_by_appointment",
        _("individuell trening og behandling som det kan bestilles time til"),
    )
    SCHOOL_SWIMMING = "school_swimming", _("skolesvømming, svømmekurs og svømmetrening for barn og unge under 20 år")
    BABY_SWIMMING = "baby_swimming", _("svømmekurs for babyer og småbarn med én foresatt per barn")
    FUNERALS = "funerals", _("begravelser, bisettelser og seremonier ved grav")
    RELIGIOUS_CEREMONIES = (
        "religious_ceremonies",
        _("livssynssamlinger og seremonier i tros- og livssynshus, også vielser, dåp og konfirmasjon"),
    )
    DIGITAL_EVENTS = "digital_events", _("arrangementer som sendes digitalt")
    TOP_FOOTBALL = "top_football", _("kamper i fotballens to øverste divisjoner uten publikum")
    TOP_HANDBALL = "top_handball", _("sluttspill og kvalifisering i topphåndballen uten publikum")
    OUTDOOR_MARKETS = "outdoor_markets", _("midlertidige utendørsmarkeder")
    SAME_HOUSEHOLD = "same_household", _("gjester fra én og samme husstand")
    KINDERGARTEN_COHORT = "kindergarten_cohort", _("gjester fra én barnehage- eller barneskolekohort")
    LIBRARIES_READING_ROOMS = "libraries_reading_rooms", _("biblioteker og lesesaler")
    SMALL_GROUP_TEACHING = "small_group_teaching", _("undervisning i mindre grupper")
    PRACTICAL_TRAINING = (
        "practical_training",
        _("forsøk og ferdighetstrening som ikke kan gjøres digitalt og er nødvendig for progresjonen"),
    )
    ONE_TO_ONE_SERVICES = "one_to_one_services", _("én-til-én-tjenester")
    FOOD_SERVING = "food_serving", _("servering av mat")


# Exceptions for the residents of the place the rule applies in: a visitor never has them.
RESIDENTS_ONLY = frozenset({ExceptionCode.OUTDOOR_GROUP_TRAINING_RESIDENTS})


class Stage(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("barnehage")
    PRIMARY = "primary", _("barneskole")
    LOWER_SECONDARY = "lower_secondary", _("ungdomsskole")
    UPPER_SECONDARY = "upper_secondary", _("videregående skole")


class Level(models.TextChoices):
    GREEN = "green", _("grønt nivå")
    YELLOW = "yellow", _("gult nivå")
    RED = "red", _("rødt nivå")


class HomeOfficeScope(models.TextChoices):
    WHERE_PRACTICABLE = "where_practicable", _("så langt det er praktisk mulig")
    FULL = "full", _("for alle som kan")


class QuarantineKind(models.TextChoices):
    ENTRY = "entry", _("innreisekarantene")
    CLOSE_CONTACT = "close_contact", _("smittekarantene for nærkontakter")
    HOUSEHOLD_OF_CONTACT = "household_of_contact", _("ventekarantene for husstandsmedlemmer av nærkontakter")


class Conduct(models.TextChoices):
    """What people are told to do or avoid, beyond a place's rules (mostly advice)."""

    LIMIT_CONTACTS = "limit_contacts", _("begrense antallet kontakter mest mulig")
    AVOID_TRAVEL = "avoid_travel", _("unngå reiser som ikke er nødvendige")
    SHOP_LOCALLY = "shop_locally", _("handle i egen kommune")
    CABIN_OWN_HOUSEHOLD = (
        "cabin_own_household",
        _("reise til fritidsbolig bare med egen husstand, uten besøk, og handle før avreise"),
    )
    SHIELD_RISK_GROUPS = "shield_risk_groups", _("personer med høy risiko lever mer skjermet")
    MEET_OUTDOORS = "meet_outdoors", _("møtes utendørs")


# --- markers ---------------------------------------------------------------------------------


class Order(StrEnum):
    LOWER = "lower"  # the lowest number wins: caps on people
    HIGHER = "higher"  # the highest number wins: distance, days of quarantine
    ANY_TRUE = "any_true"  # a duty if any layer imposes it
    EARLIER = "earlier"  # the earliest time of day wins: closing hour, skjenkestopp from
    RANK = "rank"  # the latest in the declared ranks wins: green < yellow < red
    UNION = "union"  # a list where more is stricter: the alcohol licence chapters covered
    INTERSECTION = "intersection"  # a list where fewer is stricter: who is not counted


@dataclass(frozen=True)
class Strictness:
    """How a parameter is compared. `none_is` says what an empty value means: "strictest"
    (skjenkestopp with no hour: the whole day; masks with no distance: always) or "laxest"."""

    order: Order
    label: Any
    ranks: tuple[str, ...] = ()
    none_is: str = "laxest"


@dataclass(frozen=True)
class Qualifier:
    """A parameter that says what the rule is about; `expand` lists stand for one rule each."""

    label: Any
    expand: bool = False


class ExceptionEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: ExceptionCode
    max_people: int | None = Field(default=None, ge=0, le=MAX_PEOPLE)


class MeasureKind(StrEnum):
    CAP = "cap"
    CLOSURE = "closure"
    DUTY = "duty"
    BAN = "ban"
    LEVEL = "level"
    QUARANTINE = "quarantine"
    TEXT = "text"


SettingList = Annotated[list[Setting], Field(min_length=1), Qualifier(_("Gjelder"), expand=True)]
WhereQ = Annotated[Where, Qualifier(_("Hvor"))]
Exceptions = Annotated[list[ExceptionEntry], Field(default_factory=list)]


class MeasureParams(BaseModel):
    """The parameters every kind shares: the settings it governs and its exceptions."""

    model_config = ConfigDict(extra="forbid")

    settings: SettingList

    @field_validator("settings", "not_counted", "licence_chapters", "stages", check_fields=False)
    @classmethod
    def _no_repeats(cls, value: list) -> list:
        return list(dict.fromkeys(value))


class CapParams(MeasureParams):
    where: WhereQ = Where.ANYWHERE
    fixed_seats: Annotated[bool, Qualifier(_("med faste, tilviste plasser"))] = False
    max_people: Annotated[int, Field(ge=0, le=MAX_PEOPLE), Strictness(Order.LOWER, _("Maks antall personer"))]
    not_counted: Annotated[
        list[NotCounted], Field(default_factory=list), Strictness(Order.INTERSECTION, _("Telles ikke med"))
    ]
    exceptions: Exceptions


class ClosureParams(MeasureParams):
    where: WhereQ = Where.ANYWHERE
    exceptions: Exceptions


class FaceMaskParams(MeasureParams):
    only_below_distance_m: Annotated[
        float | None,
        Field(default=None, ge=0, le=10),
        Strictness(Order.HIGHER, _("Når denne avstanden (meter) ikke kan holdes"), none_is="strictest"),
    ]
    includes_staff: Annotated[bool, Strictness(Order.ANY_TRUE, _("Gjelder også ansatte"))] = False
    exempt_under_age: Annotated[
        int, Field(default=0, ge=0, le=18), Strictness(Order.LOWER, _("Gjelder ikke barn under (år)"))
    ]


class RegistrationParams(MeasureParams):
    retention_days: Annotated[
        int | None,
        Field(default=None, ge=1, le=365),
        Strictness(Order.HIGHER, _("Opplysningene slettes etter (dager)")),
    ]


class DistanceParams(MeasureParams):
    metres: Annotated[float, Field(gt=0, le=10), Strictness(Order.HIGHER, _("Minste avstand (meter)"))]


class HomeOfficeParams(MeasureParams):
    scope: Annotated[
        HomeOfficeScope,
        Strictness(Order.RANK, _("Omfang"), ranks=(HomeOfficeScope.WHERE_PRACTICABLE, HomeOfficeScope.FULL)),
    ] = HomeOfficeScope.WHERE_PRACTICABLE
    exceptions: Exceptions


class AlcoholBanParams(MeasureParams):
    licence_chapters: Annotated[
        list[int],
        Field(default_factory=lambda: [4, 5]),
        Strictness(Order.UNION, _("Bevillinger etter alkoholloven kapittel")),
    ]
    from_time: Annotated[
        dt.time | None,
        Field(default=None),
        Strictness(Order.EARLIER, _("Skjenkestopp fra klokken (tomt: hele døgnet)"), none_is="strictest"),
    ]

    @field_validator("licence_chapters")
    @classmethod
    def _chapters(cls, value: list[int]) -> list[int]:
        if any(chapter not in (1, 4, 5, 8) for chapter in value):
            raise ValueError("alkoholloven har skjenkebevillinger i kapittel 1, 4, 5 og 8")
        return sorted(set(value))


class ClosingTimeParams(MeasureParams):
    closes_at: Annotated[dt.time, Strictness(Order.EARLIER, _("Stengt fra klokken"))]


LEVEL_RANKS = (Level.GREEN, Level.YELLOW, Level.RED)


class SchoolLevelParams(MeasureParams):
    stages: Annotated[list[Stage], Field(min_length=1), Qualifier(_("Trinn"), expand=True)]
    level: Annotated[Level, Strictness(Order.RANK, _("Tiltaksnivå"), ranks=LEVEL_RANKS)]


class QuarantineParams(MeasureParams):
    kind: Annotated[QuarantineKind, Qualifier(_("Type karantene"))]

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_from_text(cls, value: Any) -> Any:
        """The first catalog wrote the kind as text («avklaringskarantene»)."""
        if isinstance(value, str) and value not in QuarantineKind.values:
            text = value.lower()
            if "innreise" in text:
                return QuarantineKind.ENTRY
            if any(word in text for word in ("vente", "avklaring", "husstand")):
                return QuarantineKind.HOUSEHOLD_OF_CONTACT
            return QuarantineKind.CLOSE_CONTACT
        return value

    days: Annotated[int | None, Field(default=None, ge=1, le=60), Strictness(Order.HIGHER, _("Varighet (dager)"))]
    test_required: Annotated[bool, Strictness(Order.ANY_TRUE, _("Krav om test"))] = False


class ConductParams(MeasureParams):
    conduct: Annotated[Conduct, Qualifier(_("Hva"))]


class CapacityParams(MeasureParams):
    max_percent: Annotated[int, Field(ge=0, le=100), Strictness(Order.LOWER, _("Høyst prosent av kapasiteten"))]


class TextParams(MeasureParams):
    description: Annotated[str, Field(min_length=1, max_length=2000), Qualifier(_("Beskrivelse"))]


@dataclass(frozen=True)
class MeasureType:
    """One kind of measure as users choose it: a name, what it does, its parameters."""

    code: str
    name: Any
    kind: MeasureKind
    params: type[MeasureParams]
    default_settings: tuple[Setting, ...] = ()


TYPES: dict[str, MeasureType] = {
    t.code: t
    for t in [
        MeasureType("cap", _("Maks antall personer"), MeasureKind.CAP, CapParams),
        MeasureType("closure", _("Stenging / forbud"), MeasureKind.CLOSURE, ClosureParams),
        MeasureType("face_mask", _("Påbud om munnbind"), MeasureKind.DUTY, FaceMaskParams),
        MeasureType("registration", _("Registrering av besøkende"), MeasureKind.DUTY, RegistrationParams),
        MeasureType(
            "distance", _("Avstand"), MeasureKind.DUTY, DistanceParams, default_settings=(Setting.PUBLIC_PLACES,)
        ),
        MeasureType(
            "home_office", _("Hjemmekontor"), MeasureKind.DUTY, HomeOfficeParams, default_settings=(Setting.WORKPLACES,)
        ),
        MeasureType(
            "alcohol_ban", _("Skjenkestopp"), MeasureKind.BAN, AlcoholBanParams, default_settings=(Setting.RESTAURANTS,)
        ),
        MeasureType("closing_time", _("Stengetid"), MeasureKind.BAN, ClosingTimeParams),
        MeasureType(
            "traffic_light",
            _("Tiltaksnivå i skoler og barnehager (trafikklysmodellen)"),
            MeasureKind.LEVEL,
            SchoolLevelParams,
            default_settings=(Setting.SCHOOLS,),
        ),
        MeasureType(
            "quarantine", _("Karantene"), MeasureKind.QUARANTINE, QuarantineParams, default_settings=(Setting.TRAVEL,)
        ),
        MeasureType("capacity", _("Høyst en andel av kapasiteten"), MeasureKind.CAP, CapacityParams),
        MeasureType(
            "conduct",
            _("Påbud eller råd om atferd"),
            MeasureKind.DUTY,
            ConductParams,
            default_settings=(Setting.PUBLIC_PLACES,),
        ),
        MeasureType("text", _("Annet tiltak (fritekst)"), MeasureKind.TEXT, TextParams),
    ]
}
FREE_TEXT_CODE = "text"


class MeasureError(ValueError):
    """Parameters that do not fit their type; `errors` maps a parameter to a Norwegian message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def measure_type(code: str) -> MeasureType:
    try:
        return TYPES[code]
    except KeyError:
        raise MeasureError({"type": str(_("Ukjent tiltakstype «%(code)s».") % {"code": code})}) from None


def validate(code: str, parameters: dict) -> MeasureParams:
    """The typed parameters of a measure of type `code`; MeasureError names what is wrong."""
    kind = measure_type(code)
    data = dict(parameters)
    if not data.get("settings") and kind.default_settings:
        data["settings"] = list(kind.default_settings)
    try:
        return kind.params.model_validate(data)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else "type"
            errors.setdefault(key, _message(kind.params, key, error))
        raise MeasureError(errors) from None


def _message(params: type[MeasureParams], key: str, error: Any) -> str:
    field = params.model_fields.get(key)
    label = str(field_label(field)) if field else key
    if error["type"] == "extra_forbidden":
        return str(_("Ukjent parameter «%(key)s».") % {"key": key})
    if error["type"] == "missing":
        return str(_("«%(label)s» må fylles ut.") % {"label": label})
    return str(_("Ugyldig verdi for «%(label)s».") % {"label": label})


def dump(params: MeasureParams) -> dict:
    """The JSON that is stored (and hashed): only what differs from the defaults, in order."""
    return params.model_dump(mode="json", exclude_defaults=True) | {"settings": [s.value for s in params.settings]}


def field_marker(field) -> Strictness | Qualifier | None:
    for item in field.metadata:
        if isinstance(item, (Strictness, Qualifier)):
            return item
    return None


def field_label(field) -> Any:
    marker = field_marker(field)
    if marker is not None:
        return marker.label
    return _("Unntak") if field.annotation == list[ExceptionEntry] else ""


def strict_fields(params: type[MeasureParams]) -> dict[str, Strictness]:
    return {
        name: marker
        for name, field in params.model_fields.items()
        if isinstance(marker := field_marker(field), Strictness)
    }


def qualifier_fields(params: type[MeasureParams]) -> dict[str, Qualifier]:
    return {
        name: marker
        for name, field in params.model_fields.items()
        if isinstance(marker := field_marker(field), Qualifier)
    }


def has_exceptions(params: type[MeasureParams]) -> bool:
    return "exceptions" in params.model_fields


# --- comparing values ------------------------------------------------------------------------


def _sort_key(marker: Strictness, value: Any) -> Any:
    """A key where a larger key is stricter."""
    if value is None or value == []:
        if marker.order in (Order.UNION, Order.INTERSECTION):
            return _sort_key(marker, ()) if value is None else None
        return (1,) if marker.none_is == "strictest" else (-1,)
    if marker.order == Order.LOWER:
        return (0, -value)
    if marker.order == Order.HIGHER:
        return (0, value)
    if marker.order == Order.ANY_TRUE:
        return (0, bool(value))
    if marker.order == Order.EARLIER:
        return (0, -(value.hour * 60 + value.minute))
    if marker.order == Order.RANK:
        return (0, marker.ranks.index(value))
    raise ValueError(marker.order)


def stricter(marker: Strictness, a: Any, b: Any) -> Any:
    """The stricter of two values of one parameter (for lists: their union or intersection)."""
    if marker.order == Order.UNION:
        return sorted(set(a or []) | set(b or []), key=str)
    if marker.order == Order.INTERSECTION:
        return sorted(set(a or []) & set(b or []), key=str)
    return a if _sort_key(marker, a) >= _sort_key(marker, b) else b


def is_stricter(marker: Strictness, a: Any, b: Any) -> bool:
    """Whether `a` is strictly stricter than `b`."""
    if marker.order == Order.UNION:
        return set(a or []) > set(b or [])
    if marker.order == Order.INTERSECTION:
        return set(a or []) < set(b or [])
    return _sort_key(marker, a) > _sort_key(marker, b)


def exceptions_intersect(lists: list[list[ExceptionEntry]]) -> list[ExceptionEntry]:
    """The exceptions every list allows, each with the lowest number any of them allows."""
    if not lists:
        return []
    codes = set.intersection(*({e.code for e in entries} for entries in lists))
    merged = []
    for code in ExceptionCode:
        if code not in codes:
            continue
        limits = [e.max_people for entries in lists for e in entries if e.code == code and e.max_people is not None]
        merged.append(ExceptionEntry(code=code, max_people=min(limits) if limits else None))
    return merged


# --- showing values --------------------------------------------------------------------------


def shown(value: Any, marker: Strictness | Qualifier | None = None) -> str:
    """A value as Norwegians write it."""
    if value is None:
        if isinstance(marker, Strictness) and marker.none_is == "strictest":
            return str(_("hele døgnet")) if marker.order == Order.EARLIER else str(_("alltid"))
        return "—"
    if isinstance(value, bool):
        return str(_("ja")) if value else str(_("nei"))
    if isinstance(value, models.Choices):
        return str(value.label)
    if isinstance(value, dt.time):
        return f"{value.hour:02d}.{value.minute:02d}"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value) if value else str(_("ingen"))
    if isinstance(value, ExceptionEntry):
        return exception_shown(value)
    return str(value)


def exception_shown(entry: ExceptionEntry) -> str:
    if entry.max_people is None:
        return str(entry.code.label)
    return str(_("%(what)s (inntil %(n)s personer)") % {"what": entry.code.label, "n": entry.max_people})


def describe(code: str, params: MeasureParams) -> list[tuple[str, str]]:
    """(label, value) pairs for display, in the declared order, without defaults left empty."""
    rows = [(str(_("Tiltakstype")), str(measure_type(code).name))]
    for name, field in type(params).model_fields.items():
        value = getattr(params, name)
        if name != "settings" and (value == field.get_default(call_default_factory=True)):
            continue
        rows.append((str(field_label(field)), shown(value, field_marker(field))))
    return rows


# --- the first catalog, read as typed measures ----------------------------------------------

LEGACY_VENUES = {
    "gyms": Setting.GYMS,
    "pools_spas": Setting.POOLS,
    "museums": Setting.MUSEUMS,
    "cinemas_theatres_concerts": Setting.CULTURE_VENUES,
    "bingo_bowling_playlands": Setting.AMUSEMENT,
}
LEGACY_EXCEPTIONS = {
    "top_athletes": ExceptionCode.TOP_ATHLETES,
    "under_20": ExceptionCode.UNDER_20,
    "rehabilitation": ExceptionCode.REHABILITATION,
    "same_household": ExceptionCode.SAME_HOUSEHOLD,
    "kindergarten_primary_cohort": ExceptionCode.KINDERGARTEN_COHORT,
}
LEGACY_MASK_PLACES = {
    "shops": Setting.SHOPS,
    "malls": Setting.SHOPS,
    "restaurants": Setting.RESTAURANTS,
    "religious_venues": Setting.RELIGIOUS_VENUES,
    "public_transport": Setting.PUBLIC_TRANSPORT,
    "taxis": Setting.TAXIS,
}


def _exceptions(codes: list[str]) -> list[dict]:
    return [{"code": LEGACY_EXCEPTIONS[c]} for c in codes or [] if c in LEGACY_EXCEPTIONS]


def _legacy_events(p: dict) -> list[tuple[str, dict]]:
    exceptions = []
    if p.get("funerals_max") is not None:
        exceptions.append({"code": ExceptionCode.FUNERALS, "max_people": p["funerals_max"]})
    if p.get("religious_fixed_seats_max") is not None:
        exceptions.append({"code": ExceptionCode.RELIGIOUS_CEREMONIES, "max_people": p["religious_fixed_seats_max"]})
    out = [("cap", {"settings": ["events"], "max_people": p["max_people"], "exceptions": exceptions})]
    if p.get("fixed_seats_max") is not None:
        out.append(("cap", {"settings": ["events"], "fixed_seats": True, "max_people": p["fixed_seats_max"]}))
    return out


def _legacy_school(p: dict) -> list[tuple[str, dict]]:
    by_level: dict[str, list[str]] = {}
    for stage in Stage:
        if p.get(stage.value):
            by_level.setdefault(p[stage.value], []).append(stage.value)
    return [("traffic_light", {"stages": stages, "level": level}) for level, stages in by_level.items()]


def _legacy_alcohol(p: dict) -> list[tuple[str, dict]]:
    chapters = sorted({int(c) for c in _digits(p.get("licence_chapters", "")) if int(c) in (1, 4, 5, 8)}) or [4, 5]
    from_time = (p.get("from_time") or "").strip().replace(".", ":") or None
    return [("alcohol_ban", {"licence_chapters": chapters, "from_time": from_time})]


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", str(text))


LEGACY: dict[str, Callable[[dict], list[tuple[str, dict]]]] = {
    "guests_private_home": lambda p: [
        (
            "cap",
            {
                "settings": ["private_homes"],
                "max_people": p["max_guests"],
                "not_counted": ["household"],
                "exceptions": _exceptions(p.get("exceptions", [])),
            },
        )
    ],
    "private_gatherings": lambda p: [
        (
            "cap",
            {
                "settings": ["private_gatherings"] + (["public_places"] if p.get("applies_to_rented_premises") else []),
                "max_people": p["max_people"],
            },
        )
    ],
    "events": _legacy_events,
    "venue_closure": lambda p: [
        (
            "closure",
            {
                "settings": [LEGACY_VENUES[v] for v in p.get("venues", []) if v in LEGACY_VENUES],
                "exceptions": _exceptions(p.get("exceptions", [])),
            },
        )
    ],
    "face_masks": lambda p: [
        (
            "face_mask",
            {
                "settings": list(dict.fromkeys(LEGACY_MASK_PLACES[w] for w in p.get("where", []))),
                "only_below_distance_m": p.get("distance_m"),
                "exempt_under_age": p.get("exempt_under_age") or 0,
            },
        )
    ],
    "alcohol_serving_stop": _legacy_alcohol,
    "restaurant_rules": lambda p: (
        [("registration", {"settings": ["restaurants"], "retention_days": p.get("retention_days")})]
        if p.get("contact_registration")
        else []
    ),
    "school_level": _legacy_school,
    "other": lambda p: [("text", {"settings": ["public_places"], "description": p["description"]})],
}
# "home_office", "distance" and "quarantine" kept their codes: the typed kinds read the first
# catalog's parameters as they are.


def typed(code: str, parameters: dict) -> list[tuple[str, MeasureParams]]:
    """A stored measure as typed measures: itself, or what a measure of the first catalog
    (frozen in adopted texts) means in the typed kinds."""
    if code in TYPES:
        return [(code, validate(code, parameters))]
    if code in LEGACY:
        return [(new, validate(new, params)) for new, params in LEGACY[code](parameters)]
    raise MeasureError({"type": str(_("Ukjent tiltakstype «%(code)s».") % {"code": code})})
