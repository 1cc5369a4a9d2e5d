"""What the regulation demo data share: a regulation described as data, and one way of writing it.

A `RegulationSpec` says what the regulation is (issuer, title, layer, period, its sections
with their measures, the municipalities placed on a level) and who drafted and decided it,
when. `regulation_draft` writes the draft through the regulation services as its drafter;
`regulation_seed` also submits and adopts it as its decider, unless a regulation of that
issuer and title exists (seeding is idempotent: see core/demo.py).
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.demo import Log, demo_organization, demo_user
from measures.models import MeasureType

from .models import Layer, Regulation, RegulationVersion, VersionKind
from .services import measure_add, placement_add, regulation_create, version_adopt, version_submit
from .services.drafting import SectionInput

OSLO = ZoneInfo("Europe/Oslo")

M = tuple[str, dict]  # (typed measure code, parameters)

# Measures that several of the demo regulations impose alike, stated once.
FULL_SKJENKESTOPP: M = ("alcohol_ban", {"settings": ["restaurants"], "licence_chapters": [4, 5]})
SERVING_UNTIL_22: M = ("alcohol_ban", {"settings": ["restaurants"], "from_time": "22:00"})
GUEST_REGISTRATION: M = ("registration", {"settings": ["restaurants"], "retention_days": 14})
FIVE_GUESTS_AT_HOME: M = ("cap", {"settings": ["private_homes"], "max_people": 5, "not_counted": ["household"]})
SCHOOLS_YELLOW: M = (
    "traffic_light",
    {"stages": ["kindergarten", "primary", "lower_secondary", "upper_secondary"], "level": "yellow"},
)


def exceptions(*codes, **limits) -> list[dict]:
    """A measure's exceptions: codes without a limit, then codes with their largest number of people."""
    return [{"code": c} for c in codes] + [{"code": c, "max_people": n} for c, n in limits.items()]


@dataclass
class SectionSpec:
    heading: str
    body: str
    rules: list[M] = field(default_factory=list)
    advice: list[M] = field(default_factory=list)


@dataclass
class Adoption:
    """The decision that adopted a regulation, as `version_adopt` takes it (`by` a demo username,
    `now` when the decision was registered)."""

    by: str
    body: str
    meeting_date: date
    now: datetime
    item_number: str = ""
    decision_text: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstaining: int | None = None


@dataclass
class RegulationSpec:
    issuer: str
    title: str
    drafter: str
    sections: list[SectionSpec]
    # When the draft was written; None: at 09.00 on the day the decision was registered.
    drafted_at: datetime | None = None
    short_title: str = ""
    lovdata_id: str = ""
    kind: str = VersionKind.ORIGINAL
    layer: str = Layer.LOCAL
    level: str = ""
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    placements: list[tuple[str, datetime, datetime | None]] = field(default_factory=list)
    # How it was adopted (`regulation_seed`); None for one that is not adopted (a hastevedtak).
    adoption: Adoption | None = None

    def draft_time(self) -> datetime | None:
        if self.drafted_at is not None or self.adoption is None:
            return self.drafted_at
        return self.adoption.now.replace(hour=9)


def first_version(spec: RegulationSpec) -> RegulationVersion | None:
    """Version 1 of the regulation the spec describes, if it has been seeded."""
    regulation = Regulation.objects.filter(municipality=demo_organization(spec.issuer), title=spec.title).first()
    return regulation.versions.get(number=1) if regulation is not None else None


def regulation_draft(spec: RegulationSpec) -> RegulationVersion:
    """Create the regulation as its drafter, with its sections, measures and placements."""
    drafter = demo_user(spec.drafter)
    version = regulation_create(
        municipality=demo_organization(spec.issuer),
        title=spec.title,
        short_title=spec.short_title,
        lovdata_id=spec.lovdata_id,
        kind=spec.kind,
        layer=spec.layer,
        level=spec.level,
        by=drafter,
        valid_from=spec.valid_from,
        valid_until=spec.valid_until,
        sections=[SectionInput(number=n, heading=s.heading, body=s.body) for n, s in enumerate(spec.sections, start=1)],
        now=spec.draft_time(),
    )
    types = {t.code: t for t in MeasureType.objects.all()}
    sections = {s.number: s for s in version.sections.all()}
    for n, s in enumerate(spec.sections, start=1):
        for advice, measures in ((False, s.rules), (True, s.advice)):
            for code, parameters in measures:
                measure_add(
                    section=sections[n], by=drafter, measure_type=types[code], parameters=parameters, is_advice=advice
                )
    for number, start, end in spec.placements:
        placement_add(version=version, by=drafter, municipality_number=number, valid_from=start, valid_until=end)
    return version


def regulation_seed(
    spec: RegulationSpec, log: Log, *, created: str = "Opprettet og vedtatt: {title}"
) -> RegulationVersion:
    """Version 1 of the regulation: the one seeded before, or drafted, submitted and adopted now.

    `created` is the line logged when it is made ({title} stands for its title).
    """
    version = first_version(spec)
    if version is not None:
        log(f"  Finnes: {spec.title}")
        return version
    adoption = spec.adoption
    assert adoption is not None, "regulation_seed adopts the regulation: its spec needs the adoption"
    version = regulation_draft(spec)
    version_submit(version=version, by=demo_user(spec.drafter), now=spec.draft_time())
    version = version_adopt(version=version, **(asdict(adoption) | {"by": demo_user(adoption.by)}))
    log("  " + created.format(title=spec.title))
    return version
