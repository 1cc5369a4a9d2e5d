"""Demo data for the national and regional layers, and for Oslo's and Bærum's rules of
November 2020.

- The covid-19 regulation (covid-19-forskriften, FOR-2020-03-27-470) of Helse- og
  omsorgsdepartementet, as one version: the national baseline in force in May 2021.
- The regional measure levels A, B and C (its chapters 5A–5C), each a regulation of the
  ministry; level B as `seeds/regional-measure-level-B-2021-05.txt` gives it, in full, with the
  municipalities placed on it and their dates.
- Oslo's and Bærum's local regulations of November 2020, the situation of the directorate's
  letter of 11 November 2020 (`seeds/directorate-letter-baerum-asker-2020-11-11.txt`): Bærum
  followed Oslo except on closing gyms and on a full skjenkestopp.

Everything is written through the regulation services, as the people who did it, and adopted
with its content hash and frozen PDF like the Harstad regulation (regulations/demo.py).

Invented, because the seeds do not give them: the national baseline's figures are a plausible
reading of the national rules of early May 2021 (step 1 of the reopening plan), not a copy of
the regulation; the decision dates and hours, the levels' start on 6 May 2021 00.00, the
smaller sets of levels A and C, and Oslo's and Bærum's dates, hours and sections' wording.
"""

from datetime import date, datetime

from core.demo import Log

from .demo_seed import (
    FIVE_GUESTS_AT_HOME,
    FULL_SKJENKESTOPP,
    GUEST_REGISTRATION,
    OSLO,
    SCHOOLS_YELLOW,
    SERVING_UNTIL_22,
    Adoption,
    RegulationSpec,
    SectionSpec,
    exceptions,
    regulation_seed,
)
from .models import DecisionBody, Layer


def _in_force(start: str, end: str | None = None, *, national: bool = True) -> SectionSpec:
    text = f"Forskriften trer i kraft {start}"
    text += f", og gjelder til og med {end}." if end else "."
    text += (
        "\n\nDepartementet kan forlenge, oppheve og endre forskriften."
        if national
        else "\n\nKommunen kan forlenge, oppheve og endre forskriften."
    )
    return SectionSpec("Ikrafttredelse og varighet", text)


LEVELS_FROM = datetime(2021, 5, 6, 0, 0, tzinfo=OSLO)
LEVELS_DECIDED_AT = datetime(2021, 5, 5, 18, 0, tzinfo=OSLO)
# «til og med 25. mai»: a placement stops applying when 26 May begins.
UNTIL_25_MAY = datetime(2021, 5, 26, 0, 0, tzinfo=OSLO)
UNTIL_21_MAY = datetime(2021, 5, 22, 0, 0, tzinfo=OSLO)

# The seed's two groups, by their municipality numbers of 2020–2023 (checked against the register).
LEVEL_B_PLACEMENTS = [(n, LEVELS_FROM, UNTIL_25_MAY) for n in ("3813", "3806", "3807")] + [
    (n, LEVELS_FROM, UNTIL_21_MAY) for n in ("3024", "3005", "3049", "3030", "3029", "3020", "3027", "3033", "3021")
]


def _ministry_regulation(**spec) -> RegulationSpec:
    """The national regulation or a regional level: the ministry decided them together on
    5 May 2021, in force from 6 May 00.00 until further notice, drafted and registered by its
    case officer and its head of department."""
    return RegulationSpec(
        issuer="hod",
        drafter="departement",
        adoption=Adoption(
            by="departementsleder", body=DecisionBody.MINISTRY, meeting_date=date(2021, 5, 5), now=LEVELS_DECIDED_AT
        ),
        valid_from=LEVELS_FROM,
        valid_until=None,
        **spec,
    )


def _level(level: str, **spec) -> RegulationSpec:
    """Regional measure level `level`: chapter 5`level` of the covid-19 regulation."""
    return _ministry_regulation(
        short_title=f"covid-19-forskriften kap. 5{level}", layer=Layer.REGIONAL, level=level, **spec
    )


MASK_PLACES = ["shops", "restaurants", "religious_venues", "public_transport"]

NATIONAL = _ministry_regulation(
    title="Forskrift om smitteverntiltak mv. ved koronautbruddet (covid-19-forskriften)",
    short_title="covid-19-forskriften",
    lovdata_id="FOR-2020-03-27-470",
    layer=Layer.NATIONAL,
    level="",
    sections=[
        SectionSpec(
            "Formål og virkeområde",
            "Formålet med forskriften er å forebygge og begrense spredning av SARS-CoV-2 i befolkningen. "
            "Forskriften gjelder i hele landet.",
        ),
        SectionSpec(
            "Private sammenkomster og besøk i hjemmet",
            "Det bør ikke være flere enn 10 gjester i hjemmet, i tillegg til egne husstandsmedlemmer.\n\n"
            "Private sammenkomster på offentlig sted eller i leide eller lånte lokaler kan ha inntil 20 deltakere.",
            rules=[("cap", {"settings": ["private_gatherings"], "where": "indoors", "max_people": 20})],
            advice=[("cap", {"settings": ["private_homes"], "max_people": 10, "not_counted": ["household"]})],
        ),
        SectionSpec(
            "Arrangementer",
            "Innendørs arrangementer uten faste, tilviste plasser kan ha inntil 10 deltakere, og inntil 100 "
            "med faste, tilviste plasser. Utendørs arrangementer kan ha inntil 200 deltakere. Ansatte og "
            "utøvere telles ikke med.\n\n"
            "Begravelser, bisettelser og seremonier ved grav kan ha inntil 100 deltakere.",
            rules=[
                (
                    "cap",
                    {
                        "settings": ["events"],
                        "where": "indoors",
                        "max_people": 10,
                        "not_counted": ["staff", "performers"],
                        "exceptions": exceptions(funerals=100),
                    },
                ),
                (
                    "cap",
                    {
                        "settings": ["events"],
                        "where": "indoors",
                        "fixed_seats": True,
                        "max_people": 100,
                        "not_counted": ["staff", "performers"],
                    },
                ),
                (
                    "cap",
                    {
                        "settings": ["events"],
                        "where": "outdoors",
                        "max_people": 200,
                        "not_counted": ["staff", "performers"],
                    },
                ),
            ],
        ),
        SectionSpec(
            "Serveringssteder",
            "Serveringssteder kan skjenke alkohol til kl. 22.00, og bare når det serveres mat. Serveringssteder "
            "skal registrere kontaktopplysninger til gjestene; opplysningene slettes etter 14 dager.",
            rules=[
                SERVING_UNTIL_22,
                GUEST_REGISTRATION,
            ],
        ),
        SectionSpec(
            "Avstand og munnbind",
            "Alle skal holde minst 1 meters avstand til andre enn husstandsmedlemmer.\n\n"
            "Det anbefales å bruke munnbind i butikker, på serveringssteder, i tros- og livssynshus og på "
            "kollektivtransport når det ikke er mulig å holde 1 meters avstand. Anbefalingen gjelder ikke barn "
            "under 12 år.",
            rules=[("distance", {"settings": ["public_places"], "metres": 1})],
            advice=[
                (
                    "face_mask",
                    {"settings": MASK_PLACES, "only_below_distance_m": 1, "exempt_under_age": 12},
                )
            ],
        ),
        SectionSpec(
            "Arbeidsliv",
            "Arbeidsgivere bør legge til rette for hjemmekontor så langt det er praktisk mulig.",
            advice=[("home_office", {})],
        ),
        SectionSpec(
            "Skoler og barnehager",
            "Barnehager og skoler drives på gult tiltaksnivå etter trafikklysmodellen.",
            rules=[SCHOOLS_YELLOW],
        ),
        SectionSpec(
            "Innreise og karantene",
            "Personer som ankommer Norge etter opphold i utlandet, skal være i innreisekarantene i 10 døgn og "
            "teste seg ved ankomst.\n\n"
            "Nærkontakter av smittede skal være i smittekarantene i 10 døgn.",
            rules=[
                ("quarantine", {"kind": "entry", "days": 10, "test_required": True}),
                ("quarantine", {"kind": "close_contact", "days": 10}),
            ],
        ),
        _in_force("6. mai 2021 kl. 00.00"),
    ],
)

_CULTURE_LEISURE = ["culture_venues", "sports_leisure", "leisure_venues"]

LEVEL_B = _level(
    "B",
    title="Tiltaksnivå B: Høyt tiltaksnivå (covid-19-forskriften kapittel 5B)",
    placements=LEVEL_B_PLACEMENTS,
    sections=[
        SectionSpec(
            "Virkeområde",
            "Kapitlet gjelder i kommunene som regjeringen har plassert på tiltaksnivå B, for perioden de er "
            "plassert der. Det vil alltid være de strengeste innførte tiltakene (lokalt, regionalt, nasjonalt) i "
            "et område som gjelder.",
        ),
        SectionSpec(
            "Stenging av virksomheter",
            "Følgende virksomheter og steder skal holde stengt:\n"
            "a. Treningssentre, likevel slik at utendørs gruppetrening for de som er bosatt i kommunen, "
            "rehabilitering og opptrening som tilbys individuelt eller i mindre grupper med arrangør, og "
            "individuell trening og behandling som det kan bestilles time til, kan holde åpent.\n"
            "b. Svømmehaller, badeland, spaanlegg, hotellbasseng og lignende, likevel slik at skolesvømming, "
            "organiserte svømmekurs, organisert svømmetrening for personer under 20 år og svømming for "
            "toppidrettsutøvere, svømmekurs for babyer og småbarn med én foresatt per barn, rehabilitering og "
            "opptrening individuelt eller i mindre grupper, og annen individuell behandling som det kan bestilles "
            "time til og hvor bad er en del av behandlingen, kan holde åpent.\n"
            "c. Fornøyelsesparker, bingohaller, spillehaller, lekeland, bowlinghaller og tilsvarende steder.\n"
            "d. Museer.\n"
            "e. Kino, teater, konsertsteder og tilsvarende kultur- og underholdningssteder.\n"
            "f. Andre offentlige steder og virksomheter der det foregår kultur-, underholdnings- eller "
            "fritidsaktiviteter som samler mennesker innendørs.",
            rules=[
                (
                    "closure",
                    {
                        "settings": ["gyms"],
                        "exceptions": exceptions(
                            "outdoor_group_training_residents", "rehabilitation", "individual_by_appointment"
                        ),
                    },
                ),
                (
                    "closure",
                    {
                        "settings": ["pools"],
                        "exceptions": exceptions(
                            "school_swimming",
                            "top_athletes",
                            "baby_swimming",
                            "rehabilitation",
                            "individual_by_appointment",
                        ),
                    },
                ),
                ("closure", {"settings": ["amusement"]}),
                ("closure", {"settings": ["museums"]}),
                ("closure", {"settings": ["culture_venues"]}),
                ("closure", {"settings": ["leisure_venues"], "where": "indoors"}),
            ],
        ),
        SectionSpec(
            "Organiserte kultur-, idretts- og fritidsaktiviteter",
            "Offentlige steder og virksomheter kan likevel holde åpnet for organiserte kultur-, idretts- og "
            "fritidsaktiviteter for barn og unge under 20 år, utendørs aktivitet for voksne, og trening innendørs "
            "og utendørs for toppidrettsutøvere.",
            rules=[
                (
                    "closure",
                    {
                        "settings": ["sports_leisure"],
                        "exceptions": exceptions("under_20", "outdoor_adults", "top_athletes"),
                    },
                )
            ],
        ),
        SectionSpec(
            "Forbud mot arrangementer",
            "Det er ikke tillatt å gjennomføre arrangementer. Det er likevel tillatt å arrangere:\n"
            "a. Begravelser, bisettelser og seremonier ved grav med inntil 50 personer (fra mandag 10. mai; før "
            "det etter de nasjonale reglene).\n"
            "b. Andre livssynssamlinger og seremonier i tros- og livssynshus (inkludert vielser, dåp og "
            "konfirmasjon) med inntil 20 personer, i tillegg til ansatte som er nødvendige for gjennomføringen.\n"
            "c. Arrangementer som sendes digitalt med fem personer til stede fysisk, i tillegg til utøvere og "
            "nødvendig produksjonspersonell.\n"
            "d. Utendørs treningskamper og seriekamper i fotballens to øverste divisjoner for kvinner og menn, "
            "uten publikum til stede.\n"
            "e. Serie- og NM-finale i topphåndballen for kvinner, opp- og nedrykkskvalifiseringsspill til REMA "
            "1000-ligaen for menn, samt nødvendige treningskamper som forberedelse til dette, uten publikum.\n"
            "f. Midlertidige utendørsmarkeder.",
            rules=[
                # The seed's funerals «endres til maksimalt 50 personer f.o.m. mandag 10. mai»: the demo
                # keeps the one version with 50 (the national rules allowed more before that day).
                (
                    "closure",
                    {
                        "settings": ["events"],
                        "exceptions": exceptions(
                            "top_football",
                            "top_handball",
                            "outdoor_markets",
                            funerals=50,
                            religious_ceremonies=20,
                            digital_events=5,
                        ),
                    },
                ),
                # Who is not counted is a parameter of a cap, not of an exception: the ceremonies'
                # cap (staff not counted) is its own rule; the digital events' «utøvere og
                # produksjonspersonell» stay in the § text.
                (
                    "cap",
                    {"settings": ["religious_venues"], "max_people": 20, "not_counted": ["staff"]},
                ),
            ],
        ),
        SectionSpec(
            "Skjenkestopp",
            "Serveringssteder som har skjenkebevilling etter alkoholloven kapittel 4 og 5 skal ikke utøve "
            "skjenkebevillingen.",
            rules=[FULL_SKJENKESTOPP],
        ),
        SectionSpec(
            "Påbud om hjemmekontor",
            "Arbeidsgivere skal sørge for at ansatte jobber hjemmefra så langt det er praktisk mulig. "
            "Arbeidsgivere skal kunne dokumentere at det er gitt beskjed til de ansatte om hvordan dette skal "
            "gjennomføres i virksomheten.",
            rules=[("home_office", {"scope": "where_practicable"})],
        ),
        SectionSpec(
            "Opplærings- og utdanningsinstitusjoner",
            "Universiteter, høyskoler og fagskoler skal holde sine lokaler stengt for elever og studenter, slik "
            "at undervisningen skjer digitalt. Biblioteker og lesesaler i lokalene kan holde åpent. Institusjonene "
            "kan gjøre unntak når tilgang til lokalene er avgjørende for forsøk eller ferdighetstrening som ikke "
            "kan gjennomføres digitalt og er nødvendig for progresjonen. Ordinær undervisning i mindre grupper på "
            "inntil 10 personer er tillatt.",
            rules=[
                (
                    "closure",
                    {
                        "settings": ["higher_education"],
                        "exceptions": exceptions(
                            "libraries_reading_rooms", "practical_training", small_group_teaching=10
                        ),
                    },
                )
            ],
        ),
        SectionSpec(
            "Skoler og barnehager",
            "Det er gult tiltaksnivå i skoler og barnehager som for resten av landet. Kommunen kan beslutte rødt "
            "nivå der det er nødvendig ut fra en smittevernfaglig vurdering.",
            rules=[SCHOOLS_YELLOW],
        ),
        SectionSpec(
            "Plikt til å bruke munnbind",
            "Når det ikke er mulig å holde minst én meters avstand, ut over kortvarige passeringer til andre enn "
            "husstandsmedlemmer, skal det brukes munnbind i butikker, i fellesarealene på kjøpesentre, på "
            "serveringssteder, i tros- og livssynshus, på kollektivtransport og innendørs stasjonsområder, og i "
            "lokaler for kultur-, sports- og fritidsaktiviteter. Plikten gjelder tilsvarende for ansatte der det "
            "ikke er iverksatt andre smitteverntiltak for dem.\n\n"
            "Passasjerer skal bruke munnbind i taxi, og sjåføren når det er passasjer i taxien.\n\n"
            "Plikten til å bruke munnbind gjelder ikke for barn under 12 år, eller for de som av medisinske eller "
            "andre årsaker ikke kan bruke munnbind.",
            rules=[
                (
                    "face_mask",
                    {
                        "settings": MASK_PLACES + _CULTURE_LEISURE,
                        "only_below_distance_m": 1,
                        "includes_staff": True,
                        "exempt_under_age": 12,
                    },
                ),
                ("face_mask", {"settings": ["taxis"], "includes_staff": True, "exempt_under_age": 12}),
            ],
        ),
        SectionSpec(
            "Anbefalinger",
            "Man bør ikke ha flere enn fem gjester i eget hjem. Antallet kontakter gjennom en uke bør begrenses "
            "mest mulig. Det bør holdes 2 meter avstand til personer i risikogrupper og der smitterisikoen er "
            "høyere. Alle bør unngå reiser som ikke er nødvendige. Bosatte anbefales å benytte lokale "
            "kjøpesentre. Ved reise til fritidsbolig: reis bare med egen husstand og ta ikke imot besøk. "
            "Kollektivtransporten bør bare brukes opptil 50 prosent av kapasiteten. Personer med høy risiko bør "
            "leve mer skjermet. Én-til-én-virksomheter bør bruke munnbind der 1 meters avstand ikke kan holdes. "
            "Personer i smittekarantene bør teste seg på dag 7–10, nærkontakter i utbrudd av det muterte viruset "
            "ved inngang og utgang av karantenen, og husstandsmedlemmer av nærkontakter bør være i karantene til "
            "første PCR-test foreligger.",
            advice=[
                FIVE_GUESTS_AT_HOME,
                ("conduct", {"conduct": "limit_contacts"}),
                ("conduct", {"settings": ["private_homes"], "conduct": "meet_outdoors"}),
                # 2 m to people in risk groups, and where the risk is higher (intense physical activity).
                ("distance", {"settings": ["public_places"], "metres": 2}),
                ("distance", {"settings": ["sports_leisure"], "metres": 2}),
                ("conduct", {"settings": ["travel"], "conduct": "avoid_travel"}),
                ("conduct", {"settings": ["shops"], "conduct": "shop_locally"}),
                ("conduct", {"settings": ["travel"], "conduct": "cabin_own_household"}),
                ("capacity", {"settings": ["public_transport"], "max_percent": 50}),
                ("conduct", {"conduct": "shield_risk_groups"}),
                ("face_mask", {"settings": ["one_to_one"], "only_below_distance_m": 1}),
                # The seed's three testing points: test on day 7–10 of smittekarantene; close contacts in an
                # outbreak of the mutated virus tested at entry and exit; household members in quarantine
                # until the close contact's first PCR test.
                ("quarantine", {"kind": "close_contact", "test_required": True}),
                ("quarantine", {"kind": "household_of_contact", "test_required": True}),
            ],
        ),
        _in_force("6. mai 2021 kl. 00.00"),
    ],
)

LEVEL_A = _level(
    "A",
    title="Tiltaksnivå A: Særlig høyt tiltaksnivå (covid-19-forskriften kapittel 5A)",
    sections=[
        SectionSpec(
            "Virkeområde",
            "Kapitlet gjelder i kommunene som regjeringen har plassert på tiltaksnivå A, for perioden de er "
            "plassert der.",
        ),
        SectionSpec(
            "Stenging",
            "Treningssentre, svømmehaller, museer, kino, teater og andre kultur- og fritidssteder skal holde stengt.",
            rules=[
                (
                    "closure",
                    {"settings": ["gyms", "pools", "museums", "culture_venues", "leisure_venues", "amusement"]},
                ),
            ],
        ),
        SectionSpec(
            "Arrangementer og skjenkestopp",
            "Arrangementer er forbudt, unntatt begravelser med inntil 10 personer. Serveringssteder med "
            "skjenkebevilling etter alkoholloven kapittel 4 og 5 skal ikke skjenke alkohol.",
            rules=[
                ("closure", {"settings": ["events"], "exceptions": exceptions(funerals=10)}),
                FULL_SKJENKESTOPP,
            ],
        ),
        SectionSpec(
            "Skoler og hjemmekontor",
            "Videregående skoler drives på rødt tiltaksnivå. Arbeidsgivere skal sørge for hjemmekontor for alle "
            "som kan.",
            rules=[
                ("traffic_light", {"stages": ["lower_secondary", "upper_secondary"], "level": "red"}),
                ("home_office", {"scope": "full"}),
            ],
        ),
        _in_force("6. mai 2021 kl. 00.00"),
    ],
)

LEVEL_C = _level(
    "C",
    title="Tiltaksnivå C (covid-19-forskriften kapittel 5C)",
    sections=[
        SectionSpec(
            "Virkeområde",
            "Kapitlet gjelder i kommunene som regjeringen har plassert på tiltaksnivå C, for perioden de er "
            "plassert der.",
        ),
        SectionSpec(
            "Arrangementer",
            "Innendørs arrangementer uten faste, tilviste plasser kan ha inntil 10 personer.",
            rules=[("cap", {"settings": ["events"], "where": "indoors", "max_people": 10})],
        ),
        SectionSpec(
            "Serveringssteder og munnbind",
            "Serveringssteder skal ikke skjenke alkohol etter kl. 22.00. Det skal brukes munnbind i butikker og "
            "på kollektivtransport når 1 meters avstand ikke kan holdes.",
            rules=[
                SERVING_UNTIL_22,
                (
                    "face_mask",
                    {"settings": ["shops", "public_transport"], "only_below_distance_m": 1, "exempt_under_age": 12},
                ),
            ],
        ),
        _in_force("6. mai 2021 kl. 00.00"),
    ],
)


def _local_regulation(municipality: str, **spec) -> RegulationSpec:
    """A municipality's own regulation of November 2020, drafted by its case officer (the demo
    user named after the municipality) and in force until 30 November 00.00."""
    return RegulationSpec(
        issuer=municipality,
        drafter=municipality,
        layer=Layer.LOCAL,
        valid_until=datetime(2020, 11, 30, 0, 0, tzinfo=OSLO),
        **spec,
    )


# Oslo's and Bærum's rules in the situation of the letter of 11 November 2020. Oslo adopted a
# «sosial nedstengning»; Bærum followed it except on closing gyms and on a full skjenkestopp,
# which is what the directorate asked Bærum to reconsider. In reality Oslo's regulation was
# adopted by the byråd; the demo records it as kommunestyret (the bodies the model knows).
OSLO_RULES = _local_regulation(
    "oslo",
    title="Forskrift om forsterkede tiltak for å hindre spredning av covid-19 i Oslo kommune",
    short_title="Smitteverntiltak Oslo november 2020",
    valid_from=datetime(2020, 11, 9, 0, 0, tzinfo=OSLO),
    adoption=Adoption(
        by="oslosekretar",
        body=DecisionBody.KOMMUNESTYRE,
        meeting_date=date(2020, 11, 6),
        now=datetime(2020, 11, 6, 16, 0, tzinfo=OSLO),
        item_number="201/20",
    ),
    sections=[
        SectionSpec("Virkeområde", "Forskriften gjelder i Oslo kommune."),
        SectionSpec(
            "Besøk og private sammenkomster",
            "Det er ikke tillatt med flere enn 5 gjester i hjemmet, i tillegg til egne husstandsmedlemmer. "
            "Private sammenkomster utenfor hjemmet er forbudt.",
            rules=[
                FIVE_GUESTS_AT_HOME,
                ("closure", {"settings": ["private_gatherings"]}),
            ],
        ),
        SectionSpec(
            "Arrangementer",
            "Innendørs arrangementer er forbudt, unntatt begravelser og bisettelser med inntil 50 personer. "
            "Utendørs arrangementer kan ha inntil 50 personer.",
            rules=[
                ("closure", {"settings": ["events"], "where": "indoors", "exceptions": exceptions(funerals=50)}),
                ("cap", {"settings": ["events"], "where": "outdoors", "max_people": 50}),
            ],
        ),
        SectionSpec(
            "Stenging",
            "Treningssentre, svømmehaller, museer, kinoer, teatre, konsertsteder, bingohaller, bowlinghaller og "
            "lekeland skal holde stengt. Organisert fritidsaktivitet innendørs er bare tillatt for barn og unge "
            "under 20 år og for toppidrettsutøvere.",
            rules=[
                (
                    "closure",
                    {"settings": ["gyms", "pools"], "exceptions": exceptions("top_athletes", "school_swimming")},
                ),
                ("closure", {"settings": ["museums", "culture_venues", "amusement"]}),
                (
                    "closure",
                    {
                        "settings": ["sports_leisure"],
                        "where": "indoors",
                        "exceptions": exceptions("under_20", "top_athletes"),
                    },
                ),
            ],
        ),
        SectionSpec(
            "Skjenkestopp",
            "Det er full skjenkestopp: serveringssteder med skjenkebevilling etter alkoholloven kapittel 4 og 5 "
            "skal ikke skjenke alkohol.",
            rules=[FULL_SKJENKESTOPP],
        ),
        SectionSpec(
            "Munnbind, hjemmekontor og skoler",
            "Det skal brukes munnbind i butikker, på serveringssteder, på kollektivtransport og i taxi der det "
            "ikke er mulig å holde 1 meters avstand; ikke for barn under 12 år. Arbeidsgivere skal sørge for "
            "hjemmekontor så langt det er praktisk mulig. Videregående skoler drives på rødt nivå.",
            rules=[
                (
                    "face_mask",
                    {
                        "settings": ["shops", "restaurants", "public_transport", "taxis"],
                        "only_below_distance_m": 1,
                        "exempt_under_age": 12,
                    },
                ),
                ("home_office", {"scope": "where_practicable"}),
                ("traffic_light", {"stages": ["upper_secondary"], "level": "red"}),
            ],
        ),
        _in_force("9. november 2020 kl. 00.00", "29. november 2020", national=False),
    ],
)

BAERUM_RULES = _local_regulation(
    "baerum",
    title="Forskrift om smitteverntiltak i Bærum kommune",
    short_title="Smitteverntiltak Bærum november 2020",
    valid_from=datetime(2020, 11, 10, 0, 0, tzinfo=OSLO),
    adoption=Adoption(
        by="baerumsekretar",
        body=DecisionBody.FORMANNSKAP,
        meeting_date=date(2020, 11, 9),
        now=datetime(2020, 11, 9, 18, 0, tzinfo=OSLO),
        item_number="118/20",
    ),
    sections=[
        SectionSpec("Virkeområde", "Forskriften gjelder i Bærum kommune."),
        SectionSpec(
            "Besøk og private sammenkomster",
            "Det er ikke tillatt med flere enn 5 gjester i hjemmet, i tillegg til egne husstandsmedlemmer. "
            "Private sammenkomster utenfor hjemmet kan ha inntil 10 deltakere.",
            rules=[
                FIVE_GUESTS_AT_HOME,
                ("cap", {"settings": ["private_gatherings"], "max_people": 10}),
            ],
        ),
        SectionSpec(
            "Arrangementer",
            "Innendørs arrangementer er forbudt, unntatt begravelser og bisettelser med inntil 50 personer.",
            rules=[("closure", {"settings": ["events"], "where": "indoors", "exceptions": exceptions(funerals=50)})],
        ),
        SectionSpec(
            "Stenging",
            "Svømmehaller, museer, kinoer, teatre, konsertsteder, bingohaller, bowlinghaller og lekeland skal "
            "holde stengt. Treningssentre kan holde åpent.",
            rules=[
                ("closure", {"settings": ["pools"], "exceptions": exceptions("school_swimming", "top_athletes")}),
                ("closure", {"settings": ["museums", "culture_venues", "amusement"]}),
            ],
        ),
        SectionSpec(
            "Serveringssteder",
            "Serveringssteder skal ikke skjenke alkohol etter kl. 22.00, og skal registrere gjestenes "
            "kontaktopplysninger.",
            rules=[
                SERVING_UNTIL_22,
                GUEST_REGISTRATION,
            ],
        ),
        SectionSpec(
            "Munnbind og hjemmekontor",
            "Det skal brukes munnbind i butikker og på kollektivtransport der det ikke er mulig å holde 1 meters "
            "avstand; ikke for barn under 12 år. Arbeidsgivere skal sørge for hjemmekontor så langt det er "
            "praktisk mulig.",
            rules=[
                (
                    "face_mask",
                    {"settings": ["shops", "public_transport"], "only_below_distance_m": 1, "exempt_under_age": 12},
                ),
                ("home_office", {"scope": "where_practicable"}),
            ],
        ),
        _in_force("10. november 2020 kl. 00.00", "29. november 2020", national=False),
    ],
)

REGULATIONS = (NATIONAL, LEVEL_A, LEVEL_B, LEVEL_C, OSLO_RULES, BAERUM_RULES)


def seed(*, log: Log) -> None:
    """Create the national regulation, the regional levels A–C and Oslo's and Bærum's rules
    of November 2020 if missing."""
    for spec in REGULATIONS:
        regulation_seed(spec, log)
