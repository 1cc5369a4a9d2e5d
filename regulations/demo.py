"""Harstad demo data (seeds/harstad-risk-assessment-and-regulation-2021-03-03.txt).

- The chief medical officer's hastevedtak from midnight 28 February 2021, for one week,
  which formannskapet replaced on 3 March 2021 (section F of the risk assessment).
- The regulation formannskapet adopted on 3 March 2021: § 1–§ 12 word for word from the
  seed, with its measures as structured data.

Everything is written through the regulation services, as the people who did it.
"""

from datetime import date, datetime

from core.demo import Log, demo_user

from .demo_seed import (
    FULL_SKJENKESTOPP,
    OSLO,
    Adoption,
    RegulationSpec,
    SectionSpec,
    first_version,
    regulation_draft,
    regulation_seed,
)
from .models import RegulationVersion, VersionKind, VersionStatus
from .services import version_issue_urgent, version_lapse

URGENT_TITLE = "Hastevedtak om smitteverntiltak i Harstad kommune"
URGENT_VALID_FROM = datetime(2021, 2, 28, 0, 0, tzinfo=OSLO)
URGENT_DAYS = 7
# The seed says the decision was made "kun få timer etter at utbruddet var et faktum lørdag
# 27. februar"; the hour is invented.
URGENT_DECIDED_AT = datetime(2021, 2, 27, 22, 0, tzinfo=OSLO)
URGENT_LAPSE_COMMENT = "Erstattet av forskrift vedtatt av formannskapet 3. mars 2021"

# The seed does not give the hastevedtak's own text, only that it was made and for how long
# (section F). These sections are therefore written for the demo: § 1 and § 2 follow the
# wording of the regulation of 3 March, § 3 states the period from section F. No measures
# are recorded on it, since the seed does not say which they were.
URGENT = RegulationSpec(
    issuer="harstad",
    title=URGENT_TITLE,
    drafter="kommuneoverlege",
    kind=VersionKind.URGENT,
    drafted_at=URGENT_DECIDED_AT,
    sections=[
        SectionSpec(
            "Formål",
            "Formålet med vedtaket er å hindre eller begrense spredning av SARS CoV-2 etter "
            "utbruddet som ble kjent lørdag 27. februar 2021.",
        ),
        SectionSpec("Virkeområde", "Vedtaket gjelder i Harstad kommune."),
        SectionSpec(
            "Ikrafttredelse og varighet",
            "Vedtaket gjelder fra midnatt 28. februar 2021 og i en uke, til 7. mars 2021 kl. 00.00.\n\n"
            "Vedtaket legges fram for formannskapet, som stadfester eller erstatter det.",
        ),
    ],
)

REGULATION_TITLE = "Forskrift om smitteverntiltak i Harstad kommune"
REGULATION_SHORT_TITLE = "Smitteverntiltak Harstad"
REGULATION_VALID_FROM = datetime(2021, 3, 3, 14, 0, tzinfo=OSLO)
REGULATION_VALID_UNTIL = datetime(2021, 3, 17, 14, 0, tzinfo=OSLO)
MEETING_DATE = date(2021, 3, 3)
# The seed names the body and the date of the meeting but not its item number or the vote;
# these three values are invented.
MEETING_ITEM_NUMBER = "12/21"
MEETING_VOTES = {"votes_for": 9, "votes_against": 0, "votes_abstaining": 0}
# The hours at which the draft was written and the decision registered are invented; the
# dates are the seed's (extraordinary meeting on 3 March, in force from 14.00 that day).
REGULATION_DRAFTED_AT = datetime(2021, 3, 2, 15, 0, tzinfo=OSLO)
DECISION_REGISTERED_AT = datetime(2021, 3, 3, 13, 0, tzinfo=OSLO)
DECISION_TEXT = "Formannskapet vedtar forslag til lokal forskrift om smitteverntiltak i Harstad kommune."

# § 1–§ 12 word for word from the seed. Ledd are separated by blank lines; lettered items
# stand on their own lines under the ledd that introduces them. Two repairs of the seed's
# layout, not of its words: § 4 a) was broken over two lines, and § 12 read "kl. 1400".
REGULATION_SECTIONS: list[tuple[str, str]] = [
    (
        "Formål",
        "Formålet med forskriften er å hindre eller begrense spredning av SARS CoV-2 i en periode "
        "med økende smittetall.",
    ),
    ("Virkeområde", "Forskriften gjelder i Harstad kommune."),
    (
        "Antall gjester i hjemmet og antall deltakere på private sammenkomster",
        "Det er ikke tillatt med flere enn 5 gjester i hjem, hage eller fritidsbolig, i tillegg til "
        "egne husstandsmedlemmer. Dette gjelder ikke for personer fra samme husstand eller dersom "
        "gjestene er fra én barnehage- eller barneskolekohort.\n\n"
        "Med privat sammenkomst menes sammenkomster for familie, venner og bekjente eller sosiale "
        "samlinger i tilknytning til arbeid eller skole, inkludert tilstelninger etter seremonier, "
        "fester og bespisning med servering av alkohol i forbindelse med seminarer, konferanser, kurs "
        "og andre faglige sammenkomster\n\n"
        "Det er ikke tillatt å arrangere eller delta på private sammenkomster med flere enn ti personer "
        "til stede. Dette gjelder også private sammenkomster innendørs på offentlig sted eller i leide "
        "eller lånte lokaler. Forbudet gjelder ikke private sammenkomster der alle de tilstedeværende er "
        "fra samme husstand.\n\n"
        "Selv om antallet personer er ti eller færre, er det kun tillatt å arrangere eller delta på "
        "private sammenkomster i lokaler som er dimensjonert slik at alle deltakerne kan holde minst én "
        "meters avstand.",
    ),
    (
        "Arrangement",
        "Det er ikke tillatt å gjennomføre arrangementer som definert i covid-19-forskriften § 13. "
        "Dette gjelder med følgende unntak:\n"
        "a) 10 personer på innendørs og utendørs arrangement som regulert i covid-19-forskriften § 13 "
        "første ledd bokstavene c til e.\n"
        "b) 50 personer i begravelser og bisettelser",
    ),
    (
        "Stenging av offentlige steder og virksomheter der det foregår kultur-, underholdnings- eller "
        "fritidsaktiviteter innendørs",
        "Offentlige steder og virksomheter der det foregår kultur-, underholdnings- eller "
        "fritidsaktiviteter som samler mennesker innendørs, skal holde stengt. Dette omfatter blant annet:\n"
        "a. Treningsentre, idrettsanlegg, og lignende steder. Dette gjelder ikke for idrettslag som "
        "følger toppidrettsprotokollen.\n"
        "b. Svømmehaller, badeland, spaanlegg, hotellbasseng og lignende.\n"
        "c. Museer, kino, teater, konsertsteder og tilsvarende kultur- og underholdningssteder.\n"
        "d. Bingohaller, bowlinghaller, lekeland og tilsvarende steder der det pågår underholdnings- og "
        "fritidsaktiviteter.",
    ),
    (
        "Hjemmekontor og møtevirksomhet",
        "Arbeidsgivere skal sørge for at ansatte jobber hjemmefra så langt det er praktisk mulig. "
        "Arbeidsgivere skal kunne dokumentere at beskjed om hvordan dette skal gjennomføres i "
        "virksomheten er gitt ansatte.",
    ),
    (
        "Plikt til bruk av munnbind",
        "Når det ikke er mulig å holde minst én meters avstand, ut over kortvarige passeringer til andre, "
        "skal det brukes munnbind i butikker, i fellesarealene på kjøpesentre, på serveringssteder, i "
        "tros- og livssynshus, ved bruk av kollektivtransport og taxi, og på andre lokaliteter hvor det "
        "ikke er mulig å holde en avstand på minst en meter.\n\n"
        "Plikten til å bruke munnbind i første ledd gjelder tilsvarende for ansatte på steder hvor det "
        "ikke er mulig å holde minst én meters avstand fra besøkende, jf. første ledd. Dette gjelder ikke "
        "ansatte på steder hvor det er iverksatt andre smitteverntiltak for de ansatte som bruk av visir, "
        "skillevegger o.l. i henhold til folkehelseinstituttets anbefalinger.\n\n"
        "Plikten til å bruke munnbind gjelder ikke for barn under 12 år, eller for de som av medisinske "
        "eller andre årsaker ikke kan bruke munnbind. Folkehelseinstituttets anbefalinger om bruk av "
        "munnbind gjelder tilsvarende.",
    ),
    (
        "Skjenkestopp",
        "Serveringssteder som har skjenkebevilling etter alkoholloven kapittel 4 og 5 skal ikke utøve "
        "skjenkebevillingen.",
    ),
    (
        "Serveringssteder",
        "Serveringssteder, som f.eks. kafeer og restauranter, kan holde åpent dersom de oppfyller kravene "
        "til forsvarlig drift ved serveringssteder som følger covid-19-forskriften § 14 a. Kommunen kan "
        "stenge de serveringsstedene som ikke overholder kravene til smittevern faglig forsvarlig drift og "
        "kravene i denne bestemmelsen, jf. smittevernloven § 4-1 tredje ledd.\n\n"
        "Serveringssteder skal registrere kontaktopplysninger til gjestene før servering. Det er "
        "tilstrekkelig å registrere opplysningene til én person i hver husstand. Med kontaktopplysninger "
        "menes informasjon som gjør det mulig å komme i kontakt med gjesten, for eksempel telefonnummer. "
        "Serveringsstedet skal også registrere dato og tidspunkt for besøket, og om mulig plassering i "
        "lokalet. Kontaktopplysningene skal kun brukes for å bistå kommunen ved en eventuell senere "
        "smitteoppsporing etter smittevernloven § 3-6.",
    ),
    (
        "Rødt tiltaksnivå i videregående skoler",
        "Rødt tiltaksnivå skal innføres i videregående skoler i kommunen.",
    ),
    ("Ansvar", "Harstad kommune påtar seg ikke økonomisk ansvar som følge av pålagte tiltak."),
    (
        "Ikrafttredelse og varighet",
        "Forskriften trer i kraft 3. mars 2021 kl. 14.00, og gjelder til og med 17. mars 2021 kl. 14.00.\n\n"
        "Kommunen kan forlenge, oppheve og endre forskriften.",
    ),
]

# Section number → (typed measure code, parameters), read off the text of that section.
REGULATION_MEASURES: dict[int, list[tuple[str, dict]]] = {
    3: [
        (
            "cap",
            {
                "settings": ["private_homes"],
                "max_people": 5,
                "not_counted": ["household"],
                "exceptions": [{"code": "same_household"}, {"code": "kindergarten_cohort"}],
            },
        ),
        (
            "cap",
            {"settings": ["private_gatherings"], "max_people": 10, "exceptions": [{"code": "same_household"}]},
        ),
        ("distance", {"settings": ["private_gatherings"], "metres": 1}),
    ],
    4: [("cap", {"settings": ["events"], "max_people": 10, "exceptions": [{"code": "funerals", "max_people": 50}]})],
    5: [
        # The top athletes' exception is in a. (gyms and sports venues) only.
        ("closure", {"settings": ["gyms"], "exceptions": [{"code": "top_athletes"}]}),
        (
            "closure",
            {"settings": ["pools", "museums", "culture_venues", "amusement", "leisure_venues"], "where": "indoors"},
        ),
    ],
    6: [("home_office", {"scope": "where_practicable"})],
    7: [
        (
            "face_mask",
            {
                "settings": ["shops", "restaurants", "religious_venues", "public_transport", "taxis"],
                "only_below_distance_m": 1,
                "includes_staff": True,
                "exempt_under_age": 12,
            },
        ),
        # «… og på andre lokaliteter hvor det ikke er mulig å holde en avstand på minst en meter».
        ("face_mask", {"settings": ["public_places"], "only_below_distance_m": 1, "exempt_under_age": 12}),
    ],
    8: [FULL_SKJENKESTOPP],
    9: [("registration", {"settings": ["restaurants"]})],
    10: [("traffic_light", {"stages": ["upper_secondary"], "level": "red"})],
}


REGULATION = RegulationSpec(
    issuer="harstad",
    title=REGULATION_TITLE,
    short_title=REGULATION_SHORT_TITLE,
    drafter="saksbehandler",
    drafted_at=REGULATION_DRAFTED_AT,
    valid_from=REGULATION_VALID_FROM,
    valid_until=REGULATION_VALID_UNTIL,
    sections=[
        SectionSpec(heading, body, rules=REGULATION_MEASURES.get(n, []))
        for n, (heading, body) in enumerate(REGULATION_SECTIONS, start=1)
    ],
    adoption=Adoption(
        by="sekretar",
        body="formannskap",
        meeting_date=MEETING_DATE,
        now=DECISION_REGISTERED_AT,
        item_number=MEETING_ITEM_NUMBER,
        decision_text=DECISION_TEXT,
        **MEETING_VOTES,
    ),
)


def _seed_urgent_decision(log: Log) -> RegulationVersion:
    version = first_version(URGENT)
    if version is not None:
        log(f"  Finnes: {URGENT_TITLE}")
        return version
    version = version_issue_urgent(
        version=regulation_draft(URGENT),
        by=demo_user(URGENT.drafter),
        valid_from=URGENT_VALID_FROM,
        duration_days=URGENT_DAYS,
        comment="Hastevedtak etter utbruddet som ble kjent lørdag 27. februar 2021.",
        now=URGENT_DECIDED_AT,
    )
    log(f"  Opprettet: {URGENT_TITLE} (gjelder 28.02.2021 kl. 00.00 i {URGENT_DAYS} dager)")
    return version


def seed(*, log: Log) -> None:
    """Create the Harstad hastevedtak and regulation of February–March 2021 if missing."""
    urgent = _seed_urgent_decision(log)
    regulation_seed(REGULATION, log, created="Opprettet og vedtatt: {title} (formannskapet 3. mars 2021)")
    if urgent.status == VersionStatus.URGENT:
        version_lapse(
            version=urgent,
            by=demo_user("sekretar"),
            comment=URGENT_LAPSE_COMMENT,
            ends_at=REGULATION_VALID_FROM,
            now=DECISION_REGISTERED_AT,
        )
        log("  Hastevedtaket er registrert som erstattet av forskriften av 3. mars 2021")
