"""The seed letter (seeds/directorate-letter-baerum-asker-2020-11-11.txt) as demo data.

Helsedirektoratet's letter of 11 November 2020 kl. 11:50 to Asker and Bærum, ref. 20/42477-1:
drafted by the case officer, approved electronically by Jon Hilmar Iversen and then the
director, and dispatched by the records officer with one PDF per recipient. Everything is
written through the letter services, as the people who did it, at the historical times.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from cases.models import Case
from cases.services import case_open
from core.demo import Log, demo_organization, demo_user

from .models import Letter
from .services import (
    RecipientInput,
    approver_add,
    letter_approve,
    letter_create,
    letter_dispatch,
    letter_dispatch_run,
    letter_submit,
    recipient_add,
    signatory_add,
)

OSLO = ZoneInfo("Europe/Oslo")

CASE_YEAR = 2020
CASE_NUMBER = 42477
# The seed gives the case number, not the case's title: this one is written for the demo.
CASE_TITLE = "Covid-19 – samordning av smitteverntiltak i bo- og arbeidsmarkedsregion Oslo"
LETTER_DATE = datetime(2020, 11, 11, 11, 50, tzinfo=OSLO)
# The seed gives the letter's date and time only; the times of the approvals and of the
# dispatch are invented, a few minutes apart on the same day.
SUBMITTED_AT = datetime(2020, 11, 11, 11, 52, tzinfo=OSLO)
FIRST_APPROVAL_AT = datetime(2020, 11, 11, 12, 5, tzinfo=OSLO)
SECOND_APPROVAL_AT = datetime(2020, 11, 11, 12, 20, tzinfo=OSLO)
DISPATCHED_AT = datetime(2020, 11, 11, 12, 40, tzinfo=OSLO)

TITLE = "Brev til Bærum og Asker kommuner om covid-19 situasjonen i egen bo- og arbeidsregion"

# Word for word from the seed, including its spelling («HelseDirektoratet»,
# «arbeidsmarkedsregionensom»): the demo reproduces the document as it was sent.
PARAGRAPHS = [
    "Ved håndtering av større utbrudd av covid-19 er det ønskelig at smittevernråd og -tiltak er godt samordnet "
    "innenfor en bo- og arbeidsmarkedsregion. Kommunene Bærum og Oslo er i samme bo- og arbeidsmarkedsregion. På "
    "grunn av de store problemene med å få kontroll over smitten i Oslo, har kommunen valgt å innføre strengere "
    "smitteverntiltak på noen områder enn det som er foreslått i de generelle rådene til kommuner med større "
    "utbrudd. HelseDirektoratet registrerer at Bærum kommune har innført mange av de samme smitteverntiltakene som "
    "Oslo. Dette vil bidra til å styrke arbeidet med å slå ned smitten både i Oslo og Bærum.",
    "På to områder har Bærum kommune valgt å ikke følge Oslos vedtak. Det gjelder vedtakene om å stenge "
    "treningssentrene og å innføre full skjenkestopp. HelseDirektoratet har forståelse for at Bærum kommune etter "
    "en vurdering av smittesituasjonen er kommet frem til at disse tiltakene ikke er nødvendige for å slå ned "
    "smitten i Bærum. HelseDirektoratet vil likevel be Bærum kommune om å ta disse beslutningene opp til ny "
    "vurdering.",
    "Som kjent er smittesituasjonen for covid-19 nå alvorlig. Det gjelder for landet som helhet, men spesielt for "
    "bo- og arbeidsregion Oslo der smitten er særlig høy, og der det over lengre tid har vist seg å være vanskelig "
    "å få kontroll over smitten.",
    "I en slik situasjon er det viktig at alle berørte kommuner i tillegg til å vurdere egne behov, også vurderer "
    "tiltak som vil bidra til å løse problemer i hele bo- og arbeidsmarkedsregionensom de er en del av.",
    "Det er kort vei og en høy grad av mobilitet mellom Oslo og Bærum, og mobiliteten kan øke når "
    "smitteverntiltakene er forskjellige. Derfor blir det særlig viktig at smitteverntiltakene er så godt "
    "samkjørte som mulig i de to kommunene.",
]
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)

# Recipients in the seed's order, found in the registry (their postal addresses there are
# the ones printed in the seed's recipient table).
RECIPIENTS = ("asker", "baerum")
# Copies as printed in the seed. Addresses are not in the seed: these are the bodies'
# public postal addresses, given as free addresses. Contact persons as in the seed.
COPIES = (
    ("fhi", "FOLKEHELSEINSTITUTTET", "Utbrudd @fhi.no", "Postboks 222 Skøyen", "0213", "OSLO"),
    ("statsforvalteren_oslo_viken", "FYLKESMANNEN I OSLO OG VIKEN", "", "Postboks 325", "1502", "MOSS"),
    (None, "Helse- og omsorgsdepartementet", "Krisestab HOD", "Postboks 8011 Dep", "0030", "OSLO"),
    (None, "KS-KOMMUNESSEKTORENS ORGANISASJON", "", "Postboks 1378 Vika", "0114", "OSLO"),
    ("oslo", "OSLO KOMMUNE", "", "Rådhuset", "0037", "OSLO"),
)


def seed(*, log: Log) -> None:
    """Create the seed letter, approved and dispatched with its PDFs, unless it exists."""
    directorate = demo_organization("helsedirektoratet")
    officer = demo_user("brevsaksbehandler")
    consultant = demo_user("konsulent")
    director = demo_user("direktor")
    archivist = demo_user("arkivar")
    # The case officer also opens cases; the records officer would in a larger office.
    existing = Letter.objects.filter(
        case__organization=directorate, case__year=CASE_YEAR, case__number=CASE_NUMBER, document_number=1
    ).first()
    if existing is not None:
        log(f"  Brev finnes: {existing.reference}")
        return
    case = Case.objects.filter(organization=directorate, year=CASE_YEAR, number=CASE_NUMBER).first()
    if case is None:
        case = case_open(organization=directorate, title=CASE_TITLE, by=officer, year=CASE_YEAR, number=CASE_NUMBER)
    letter = letter_create(organization=directorate, case=case, by=officer, title=TITLE, body=BODY, now=LETTER_DATE)
    signatory_add(
        letter=letter, by=officer, user=director, name="Johan Georg Røstad Torgersen", title="direktør", on_behalf=True
    )
    signatory_add(letter=letter, by=officer, user=consultant, name="Jon Hilmar Iversen", title="konsulent")
    for key in RECIPIENTS:
        recipient_add(letter=letter, by=officer, data=RecipientInput(organization=demo_organization(key)))
    for key, name, contact, address, code, place in COPIES:
        recipient_add(
            letter=letter,
            by=officer,
            data=RecipientInput(
                organization=demo_organization(key) if key else None,
                name=name,
                contact_person=contact,
                address=address,
                postal_code=code,
                postal_place=place,
                kind="copy",
            ),
        )
    approver_add(letter=letter, by=officer, user=consultant)
    approver_add(letter=letter, by=officer, user=director)
    letter_submit(letter=letter, by=officer, now=SUBMITTED_AT)
    letter_approve(letter=letter, by=consultant, now=FIRST_APPROVAL_AT)
    letter_approve(letter=letter, by=director, now=SECOND_APPROVAL_AT)
    letter_dispatch(letter=letter, by=archivist, now=DISPATCHED_AT)
    # Made here, at the historical time; the queued dispatch job finds nothing left to do.
    letter_dispatch_run(letter_id=letter.pk, enqueue=False, now=DISPATCHED_AT)
    letter.refresh_from_db()
    log(f"  Brev opprettet og ekspedert: {letter.reference} {letter.title} ({letter.deliveries.count()} eksemplarer)")
