"""Harstad demo assessments for `manage.py seed_demo` (runs after regulations.demo.seed).

- Week 9 2021 (3 March 2021): the chief medical officer's risk assessment from the seed,
  sections A–F with the seed's text, the indicator values of section E, official level 2
  with the seed's justification, the nine recommended measures of section F, and the link
  to the regulation formannskapet adopted on 3 March 2021.
- Weeks 5–8 2021: INVENTED figures (not from any source), so that the trend chart has
  something to show. Their text says so.

Everything is written through the assessment services, as the medical officer.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.demo import Log, demo_organization, demo_user
from measures.models import MeasureType
from regulations.demo import REGULATION_SECTIONS, REGULATION_TITLE
from regulations.models import Regulation

from . import demo_text
from .indicators import IndicatorInputs
from .models import Assessment
from .services import (
    assessment_approve,
    assessment_create,
    assessment_link_regulation,
    assessment_set_indicators,
    assessment_set_risk_level,
    assessment_submit,
    recommended_measure_add,
)

OSLO = ZoneInfo("Europe/Oslo")
WEEK9_DATE = date(2021, 3, 3)
# The hour of approval is invented; the date is the seed's ("Skrevet: Uke 9 (3. mars 2021)").
WEEK9_APPROVED_AT = datetime(2021, 3, 3, 12, 0, tzinfo=OSLO)

# Section E: 112/100k → N2, 1,8 % → N2, R 1,2 (national) → N3, 4/100k → N1, 5,1 (2/39) → N1.
# The seed gives values, not all their inputs. Cases: the 25 in the outbreak and three
# imported (section B) = 28; 28 × 100 000 / 24 845 inhabitants = 112,7, which the seed
# prints as 112. Tested/positive (1 555 / 28 = 1,8 %) and one admission (4,0 per 100 000,
# "UNN Harstad står registrert med en innlagt pasient", section D) are chosen to give the
# seed's values.
WEEK9_INPUTS = IndicatorInputs(
    cases=28,
    days=14,
    population=24845,
    tested=1555,
    positive=28,
    r_value="1.2",
    r_source="national",
    admissions=1,
    municipalities_over=2,
    municipalities_total=39,
)
WEEK9_LEVEL = 2
WEEK9_JUSTIFICATION = (
    "Siden vi nå er i en situasjon hvor det er økende spredning vurderes det at Harstad kommune nå har et "
    "risikonivå i Harstad som legger seg på nivå 2, helt i grenseland til å være på risikonivå 3."
)

# Regulation section (1-based, in regulations.demo.REGULATION_SECTIONS) whose heading and
# text a recommended rule becomes; None for advice.
# (measure type, parameters, section, FHI level package, covid-19 regulation chapter, advice)
WEEK9_MEASURES = [
    (
        "other",
        {"description": "Test ved ankomst til Harstad fra regioner med høyt smittetrykk"},
        None,
        None,
        "",
        True,
        "Testing ved ankomst fra regioner med høyt smittetrykk",
    ),
    (
        "other",
        {"description": "Sykehjemmene i nivå 2; rammet sykehjem i nivå 4"},
        None,
        None,
        "",
        True,
        "Sykehjemmene i nivå 2",
    ),
    (
        "guests_private_home",
        {"max_guests": 5, "exceptions": ["same_household", "kindergarten_primary_cohort"]},
        3,
        3,
        "",
        False,
        None,
    ),
    ("events", {"max_people": 10, "funerals_max": 50}, 4, 4, "5B", False, None),
    (
        "venue_closure",
        {
            "venues": ["gyms", "pools_spas", "museums", "cinemas_theatres_concerts", "bingo_bowling_playlands"],
            "exceptions": ["top_athletes"],
        },
        5,
        4,
        "5B",
        False,
        None,
    ),
    ("home_office", {"scope": "where_practicable"}, 6, 2, "", False, None),
    (
        "face_masks",
        {
            "where": ["shops", "malls", "restaurants", "religious_venues", "public_transport", "taxis"],
            "distance_m": 1,
            "exempt_under_age": 12,
        },
        7,
        3,
        "",
        False,
        None,
    ),
    ("alcohol_serving_stop", {"licence_chapters": "4 og 5"}, 8, 4, "5C", False, None),
    # Yellow elsewhere is the national level; the recommendation is red in upper secondary (§ 10).
    (
        "traffic_light",
        {"stages": ["upper_secondary"], "level": "red"},
        10,
        None,
        "",
        False,
        None,
    ),
]

INVENTED_NOTE = (
    "OPPDIKTET DEMOEKSEMPEL: tallene og teksten for denne uken er laget for demonstrasjonen og stammer ikke "
    "fra Harstad kommunes vurderinger."
)
# (date, cases, tested, positive, R, county municipalities over, level) — all INVENTED.
INVENTED_WEEKS = [
    (date(2021, 2, 3), 3, 1210, 4, "0.9", 1, 1),
    (date(2021, 2, 10), 2, 1105, 3, "0.8", 1, 1),
    (date(2021, 2, 17), 5, 1180, 6, "0.9", 2, 1),
    (date(2021, 2, 24), 9, 1320, 11, "1.0", 2, 1),
]


def _seed_invented_week(harstad, officer, on, cases, tested, positive, r, over, level, log: Log) -> None:
    iso_year, iso_week, _d = on.isocalendar()
    if Assessment.objects.filter(municipality=harstad, iso_year=iso_year, iso_week=iso_week).exists():
        log(f"  Finnes: risikovurdering uke {iso_week} {iso_year}")
        return
    at = datetime(on.year, on.month, on.day, 12, 0, tzinfo=OSLO)
    assessment = assessment_create(
        municipality=harstad,
        by=officer,
        on=on,
        now=at,
        sections={
            "introduction": INVENTED_NOTE,
            "epidemiological_situation": INVENTED_NOTE + "\n\nFå sporadiske tilfeller, alle med kjent smittevei.",
            "summary": "Kontroll. " + INVENTED_NOTE,
        },
    )
    assessment = assessment_set_indicators(
        assessment=assessment,
        by=officer,
        inputs=IndicatorInputs(
            cases=cases,
            days=14,
            population=harstad.population,
            tested=tested,
            positive=positive,
            r_value=r,
            r_source="national",
            admissions=0,
            municipalities_over=over,
            municipalities_total=39,
        ),
    )
    assessment = assessment_set_risk_level(
        assessment=assessment,
        by=officer,
        level=level,
        justification="" if assessment.suggested_risk_level == level else INVENTED_NOTE,
    )
    assessment_submit(assessment=assessment, by=officer, now=at)
    assessment_approve(assessment=assessment, by=officer, now=at)
    log(f"  Opprettet (oppdiktet): risikovurdering uke {iso_week} {iso_year}")


def _seed_week9(harstad, officer, log: Log) -> Assessment:
    iso_year, iso_week, _d = WEEK9_DATE.isocalendar()
    existing = Assessment.objects.filter(municipality=harstad, iso_year=iso_year, iso_week=iso_week).first()
    if existing is not None:
        log(f"  Finnes: risikovurdering uke {iso_week} {iso_year}")
        return existing
    assessment = assessment_create(
        municipality=harstad,
        by=officer,
        on=WEEK9_DATE,
        now=WEEK9_APPROVED_AT,
        sections={
            "introduction": demo_text.INTRODUCTION,
            "epidemiological_situation": demo_text.EPIDEMIOLOGICAL_SITUATION,
            "spread_potential": demo_text.SPREAD_POTENTIAL,
            "disease_burden": demo_text.DISEASE_BURDEN,
            "summary": demo_text.SUMMARY,
            "measures_assessment": demo_text.MEASURES_ASSESSMENT,
        },
    )
    assessment = assessment_set_indicators(assessment=assessment, by=officer, inputs=WEEK9_INPUTS)
    assessment = assessment_set_risk_level(
        assessment=assessment, by=officer, level=WEEK9_LEVEL, justification=WEEK9_JUSTIFICATION
    )
    types = {t.code: t for t in MeasureType.objects.all()}
    for (code, parameters, section, fhi_level, chapter, advice, advice_heading), justification in zip(
        WEEK9_MEASURES, demo_text.MEASURE_TEXTS, strict=False
    ):
        heading, text = (advice_heading, "") if section is None else REGULATION_SECTIONS[section - 1]
        recommended_measure_add(
            assessment=assessment,
            by=officer,
            measure_type=types[code],
            parameters=parameters,
            heading=heading,
            text=text,
            justification=justification,
            fhi_level=fhi_level,
            regulation_chapter=chapter,
            is_advice=advice,
        )
    assessment_submit(assessment=assessment, by=officer, now=WEEK9_APPROVED_AT)
    assessment = assessment_approve(assessment=assessment, by=officer, now=WEEK9_APPROVED_AT)
    log("  Opprettet og godkjent: risikovurdering uke 9 2021 (fra kildedokumentet)")
    return assessment


def seed(*, log: Log) -> None:
    """Create Harstad's assessments of weeks 5–9 2021 if missing and link week 9 to the regulation."""
    harstad = demo_organization("harstad")
    officer = demo_user("kommuneoverlege")
    for on, cases, tested, positive, r, over, level in INVENTED_WEEKS:
        _seed_invented_week(harstad, officer, on, cases, tested, positive, r, over, level, log)
    week9 = _seed_week9(harstad, officer, log)
    regulation = Regulation.objects.filter(municipality=harstad, title=REGULATION_TITLE).first()
    if regulation is not None and week9.regulation_id is None:
        assessment_link_regulation(assessment=week9, regulation=regulation, by=officer)
        log(f"  Knyttet til: {REGULATION_TITLE}")
