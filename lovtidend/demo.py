"""Lovtidend demo data: the Harstad regulation of 3 March 2021 announced, and one regulation in
force but not announced, so that the overview's flag «I kraft, men ikke kunngjort i Norsk
Lovtidend» has something to show. Written through the services, as the people who did it.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.demo import Log, demo_organization, demo_user
from regulations.demo import REGULATION_TITLE
from regulations.models import Regulation, RegulationVersion
from regulations.services import regulation_create, version_adopt, version_submit
from regulations.services.drafting import SectionInput

from .models import Announcement
from .services import announcement_record

OSLO = ZoneInfo("Europe/Oslo")

# The seed does not give the regulation's Lovdata number or the day it was announced: both
# are invented (the datokode's date is the seed's, the day of the decision).
HARSTAD_LOVDATA_ID = "FOR-2021-03-03-521"
HARSTAD_ANNOUNCED_ON = date(2021, 3, 4)

# Invented for the demo, not in the seeds: a text-only regulation (no structured measures, so
# the rules in force are unchanged) that is in force until further notice and not announced.
UNANNOUNCED_TITLE = "Forskrift om besøk i helse- og omsorgsinstitusjoner i Harstad kommune"
UNANNOUNCED_MEETING = date(2021, 3, 31)
UNANNOUNCED_VALID_FROM = datetime(2021, 4, 1, 0, 0, tzinfo=OSLO)
UNANNOUNCED_DRAFTED_AT = datetime(2021, 3, 29, 10, 0, tzinfo=OSLO)
UNANNOUNCED_DECIDED_AT = datetime(2021, 3, 31, 13, 0, tzinfo=OSLO)
UNANNOUNCED_SECTIONS = [
    SectionInput(
        number=1,
        heading="Formål",
        body="Formålet med forskriften er å hindre spredning av SARS CoV-2 til beboere i helse- og omsorgsinstitusjoner.",
    ),
    SectionInput(number=2, heading="Virkeområde", body="Forskriften gjelder i Harstad kommune."),
    SectionInput(
        number=3,
        heading="Besøk",
        body=(
            "Besøk i kommunens helse- og omsorgsinstitusjoner skal avtales på forhånd med institusjonen.\n\n"
            "Besøkende skal:\n"
            "a. være uten luftveissymptomer,\n"
            "b. holde minst én meters avstand til andre enn beboeren de besøker."
        ),
    ),
    SectionInput(
        number=4,
        heading="Ikrafttredelse og varighet",
        body="Forskriften trer i kraft 1. april 2021 kl. 00.00 og gjelder inntil videre.",
    ),
]


def _seed_unannounced(harstad, log: Log) -> None:
    if Regulation.objects.filter(municipality=harstad, title=UNANNOUNCED_TITLE).exists():
        log(f"  Finnes: {UNANNOUNCED_TITLE}")
        return
    case_officer = demo_user("saksbehandler")
    version = regulation_create(
        municipality=harstad,
        title=UNANNOUNCED_TITLE,
        short_title="Besøk i institusjoner Harstad",
        by=case_officer,
        valid_from=UNANNOUNCED_VALID_FROM,
        valid_until=None,
        sections=UNANNOUNCED_SECTIONS,
        now=UNANNOUNCED_DRAFTED_AT,
    )
    version_submit(version=version, by=case_officer, now=UNANNOUNCED_DRAFTED_AT)
    version_adopt(
        version=version,
        by=demo_user("sekretar"),
        body="formannskap",
        meeting_date=UNANNOUNCED_MEETING,
        now=UNANNOUNCED_DECIDED_AT,
    )
    log(f"  Opprettet og vedtatt, ikke kunngjort: {UNANNOUNCED_TITLE}")


def seed(*, log: Log) -> None:
    """Announce the Harstad regulation (version 1) and add the unannounced one, if missing."""
    harstad = demo_organization("harstad")
    version = RegulationVersion.objects.filter(
        regulation__municipality=harstad, regulation__title=REGULATION_TITLE, number=1
    ).first()
    if version is not None and not Announcement.objects.filter(version=version).exists():
        announcement_record(
            version=version,
            by=demo_user("saksbehandler"),
            announced_on=HARSTAD_ANNOUNCED_ON,
            lovdata_id=HARSTAD_LOVDATA_ID,
            reason="Kunngjort i Norsk Lovtidend avd. II",
        )
        log(f"  Kunngjort: {REGULATION_TITLE} ({HARSTAD_LOVDATA_ID})")
    elif version is not None:
        log(f"  Finnes: kunngjøringen av {REGULATION_TITLE}")
    _seed_unannounced(harstad, log)
