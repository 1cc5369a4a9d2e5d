"""Lovtidend demo data: the Harstad regulation of 3 March 2021 announced, and one regulation in
force but not announced, so that the overview's flag «I kraft, men ikke kunngjort i Norsk
Lovtidend» has something to show. Written through the services, as the people who did it.
"""

from datetime import date, datetime

from core.demo import Log, demo_organization, demo_user
from regulations.demo import REGULATION_TITLE
from regulations.demo_seed import OSLO, Adoption, RegulationSpec, SectionSpec, regulation_seed
from regulations.models import RegulationVersion

from .models import Announcement
from .services import announcement_record

# The seed does not give the regulation's Lovdata number or the day it was announced: both
# are invented (the datokode's date is the seed's, the day of the decision).
HARSTAD_LOVDATA_ID = "FOR-2021-03-03-521"
HARSTAD_ANNOUNCED_ON = date(2021, 3, 4)

# Invented for the demo, not in the seeds: a text-only regulation (no structured measures, so
# the rules in force are unchanged) that is in force until further notice and not announced.
UNANNOUNCED = RegulationSpec(
    issuer="harstad",
    title="Forskrift om besøk i helse- og omsorgsinstitusjoner i Harstad kommune",
    short_title="Besøk i institusjoner Harstad",
    drafter="saksbehandler",
    drafted_at=datetime(2021, 3, 29, 10, 0, tzinfo=OSLO),
    valid_from=datetime(2021, 4, 1, 0, 0, tzinfo=OSLO),
    sections=[
        SectionSpec(
            "Formål",
            "Formålet med forskriften er å hindre spredning av SARS CoV-2 til beboere i helse- og omsorgsinstitusjoner.",
        ),
        SectionSpec("Virkeområde", "Forskriften gjelder i Harstad kommune."),
        SectionSpec(
            "Besøk",
            "Besøk i kommunens helse- og omsorgsinstitusjoner skal avtales på forhånd med institusjonen.\n\n"
            "Besøkende skal:\n"
            "a. være uten luftveissymptomer,\n"
            "b. holde minst én meters avstand til andre enn beboeren de besøker.",
        ),
        SectionSpec(
            "Ikrafttredelse og varighet", "Forskriften trer i kraft 1. april 2021 kl. 00.00 og gjelder inntil videre."
        ),
    ],
    adoption=Adoption(
        by="sekretar", body="formannskap", meeting_date=date(2021, 3, 31), now=datetime(2021, 3, 31, 13, 0, tzinfo=OSLO)
    ),
)


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
    regulation_seed(UNANNOUNCED, log, created="Opprettet og vedtatt, ikke kunngjort: {title}")
