"""`manage.py seed_demo`: the demo organizations, users and Harstad documents of March 2021."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases.models import Case
from core.demo import ORGANIZATIONS, USERS
from core.models import Membership, Organization, OrganizationKind, Role, WorkflowDecision
from core.selectors import has_role
from core.validators import org_number_is_valid
from measures.schema import TYPES
from measures.schema import dump as _dump
from measures.schema import validate as _validate
from regulations.demo import (
    REGULATION_MEASURES,
    REGULATION_SECTIONS,
    REGULATION_TITLE,
    URGENT_LAPSE_COMMENT,
    URGENT_TITLE,
)
from regulations.models import (
    Measure,
    Regulation,
    RegulationVersion,
    Section,
    VersionKind,
    VersionStatus,
)
from regulations.selectors import regulations_in_force, version_in_force
from regulations.text import split_paragraphs
from tests.factories import oslo
from tests.module_data import seed_demo

pytestmark = pytest.mark.django_db


def validation_dump(code: str, parameters: dict) -> dict:
    return _dump(_validate(code, parameters))


SEED_HEADINGS = [
    "Formål",
    "Virkeområde",
    "Antall gjester i hjemmet og antall deltakere på private sammenkomster",
    "Arrangement",
    "Stenging av offentlige steder og virksomheter der det foregår kultur-, underholdnings- eller "
    "fritidsaktiviteter innendørs",
    "Hjemmekontor og møtevirksomhet",
    "Plikt til bruk av munnbind",
    "Skjenkestopp",
    "Serveringssteder",
    "Rødt tiltaksnivå i videregående skoler",
    "Ansvar",
    "Ikrafttredelse og varighet",
]


@pytest.fixture
def seeded(demo_seeded):
    """Every test of this module reads the demo seeded once for it (tests.module_data); the
    tests that need an empty database are in test_seed_demo_guards.py."""
    return demo_seeded


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Organization,
            Membership,
            get_user_model(),
            Case,
            Regulation,
            RegulationVersion,
            Section,
            Measure,
            WorkflowDecision,
        )
    }


def _harstad():
    return Organization.objects.get(municipality_number="5402")


def _regulation_version() -> RegulationVersion:
    return RegulationVersion.objects.get(regulation__municipality=_harstad(), regulation__title=REGULATION_TITLE)


def _urgent_version() -> RegulationVersion:
    return RegulationVersion.objects.get(regulation__municipality=_harstad(), regulation__title=URGENT_TITLE)


def test_running_twice_creates_nothing_twice(seeded):
    before = _counts()

    second = seed_demo()

    assert _counts() == before
    assert "Finnes: Forskrift om smitteverntiltak i Harstad kommune" in second
    for number in ("5402", "3024", "3025", "0301"):
        assert Organization.objects.filter(municipality_number=number).count() == 1
    for name in ("Helsedirektoratet", "Folkehelseinstituttet", "Statsforvalteren i Oslo og Viken"):
        assert Organization.objects.filter(name=name).count() == 1
    for spec in USERS:
        assert get_user_model().objects.filter(username=spec.username).count() == 1
    assert Regulation.objects.filter(title=REGULATION_TITLE).count() == 1
    assert Regulation.objects.filter(title=URGENT_TITLE).count() == 1


def test_organizations_carry_real_identifiers(seeded):
    harstad = _harstad()
    assert (harstad.name, harstad.kind, harstad.population, harstad.county) == (
        "Harstad kommune",
        OrganizationKind.MUNICIPALITY,
        24845,
        "Troms og Finnmark",
    )
    hdir = Organization.objects.get(org_number="983544622")
    assert hdir.name == "Helsedirektoratet"
    assert hdir.kind == OrganizationKind.DIRECTORATE
    assert hdir.org_number_display == "983 544 622"
    assert hdir.department == "Avdeling kommunale helse- og omsorgstjenester"
    assert (hdir.postal_address, hdir.postal_code, hdir.postal_place) == ("Postboks 220 Skøyen", "0213", "OSLO")
    assert hdir.visiting_address == "Vitaminveien 4, Oslo"
    assert hdir.phone == "(+47) 47 47 20 20"
    assert (hdir.email, hdir.web) == ("postmottak@helsedir.no", "www.helsedirektoratet.no")
    assert Organization.objects.get(name="Folkehelseinstituttet").kind == OrganizationKind.PUBLIC_HEALTH_INSTITUTE
    assert Organization.objects.get(name="Statsforvalteren i Oslo og Viken").kind == OrganizationKind.COUNTY_GOVERNOR
    for org in Organization.objects.exclude(org_number=""):
        assert org_number_is_valid(org.org_number), org


def test_every_demo_org_number_passes_the_check_digit():
    assert all(org_number_is_valid(spec.org_number) for spec in ORGANIZATIONS if spec.org_number)


@pytest.mark.parametrize(
    ("username", "organization", "role"),
    [
        ("saksbehandler", "Harstad kommune", Role.CASE_OFFICER),
        ("kommuneoverlege", "Harstad kommune", Role.MEDICAL_OFFICER),
        ("sekretar", "Harstad kommune", Role.COMMITTEE_SECRETARY),
        ("formannskap", "Harstad kommune", Role.COMMITTEE_MEMBER),
        ("direktor", "Helsedirektoratet", Role.APPROVER),
        ("arkivar", "Helsedirektoratet", Role.RECORDS_OFFICER),
        ("revisor", "Harstad kommune", Role.AUDITOR),
        ("admin", "Harstad kommune", Role.ADMIN),
    ],
)
def test_demo_users_log_in_with_demo_and_hold_their_role(seeded, client, username, organization, role):
    assert client.login(username=username, password="demo")
    user = get_user_model().objects.get(username=username)
    assert has_role(user, Organization.objects.get(name=organization), role)
    assert user.get_full_name() and user.email.endswith("@example.org")


def test_director_is_the_signatory_of_the_seed_letter(seeded):
    director = get_user_model().objects.get(username="direktor")
    assert director.get_full_name() == "Johan Georg Røstad Torgersen"
    assert Membership.objects.get(user=director).title == "direktør"


def test_admin_may_use_the_admin_site(seeded, client):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    client.login(username="admin", password="demo")
    assert client.get("/admin/").status_code == 200


def test_logins_are_printed(seeded):
    for spec in USERS:
        assert spec.username in seeded
    assert "Johan Georg Røstad Torgersen" in seeded


def test_harstad_regulation_has_the_twelve_sections_of_the_seed(seeded):
    version = _regulation_version()
    sections = list(version.sections.order_by("number"))
    assert [s.number for s in sections] == list(range(1, 13))
    assert [s.heading for s in sections] == SEED_HEADINGS
    assert [(s.heading, s.body) for s in sections] == REGULATION_SECTIONS
    assert sections[11].body == (
        "Forskriften trer i kraft 3. mars 2021 kl. 14.00, og gjelder til og med 17. mars 2021 kl. 14.00.\n\n"
        "Kommunen kan forlenge, oppheve og endre forskriften."
    )


def test_harstad_regulation_lettered_items_are_parsed(seeded):
    sections = {s.number: s for s in _regulation_version().sections.all()}
    (ledd,) = split_paragraphs(sections[4].body)
    assert [letter for letter, _ in ledd.items] == ["a", "b"]
    assert ledd.items[0][1] == (
        "10 personer på innendørs og utendørs arrangement som regulert i covid-19-forskriften § 13 "
        "første ledd bokstavene c til e."
    )
    (ledd,) = split_paragraphs(sections[5].body)
    assert [letter for letter, _ in ledd.items] == ["a", "b", "c", "d"]
    assert len(split_paragraphs(sections[3].body)) == 4


def test_harstad_regulation_is_adopted_by_formannskapet_and_in_force_for_two_weeks(seeded):
    version = _regulation_version()
    regulation = version.regulation
    assert version.status == VersionStatus.ADOPTED
    assert version.kind == VersionKind.ORIGINAL
    assert regulation.short_title == "Smitteverntiltak Harstad"
    assert version.decision_body == "formannskap"
    assert version.meeting_date == date(2021, 3, 3)
    assert version.content_hash
    assert (version.valid_from, version.valid_until) == (oslo(2021, 3, 3, 14), oslo(2021, 3, 17, 14))
    assert version_in_force(regulation=regulation, at=oslo(2021, 3, 5, 12)) == version
    assert version_in_force(regulation=regulation, at=oslo(2021, 3, 18)) is None
    assert version.history.filter(history_user__username="sekretar").exists()


def test_harstad_regulation_measures_are_typed(seeded):
    stored = [
        (m.section.number, m.measure_type.code, m.parameters)
        for m in Measure.objects.filter(section__version=_regulation_version())
        .select_related("section", "measure_type")
        .order_by("section__number", "pk")
    ]
    assert stored == [
        (number, code, validation_dump(code, parameters))
        for number, typed in sorted(REGULATION_MEASURES.items())
        for code, parameters in typed
    ]
    assert {code for _n, code, _p in stored} <= set(TYPES) - {"text"}
    (gyms,) = [p for n, c, p in stored if n == 5 and p["settings"] == ["gyms"]]
    assert gyms["exceptions"] == [{"code": "top_athletes"}]


def test_hastevedtak_ran_from_midnight_28_february_until_the_regulation_replaced_it(seeded):
    urgent = _urgent_version()
    assert urgent.kind == VersionKind.URGENT
    assert urgent.decision_body == "medical_officer"
    assert urgent.decided_by.username == "kommuneoverlege"
    # Issued for one week; replaced when the regulation of 3 March took effect at 14.00.
    assert urgent.valid_from == oslo(2021, 2, 28, 0, 0)
    assert urgent.history.filter(valid_until=oslo(2021, 3, 7, 0, 0)).exists()
    assert urgent.valid_until == oslo(2021, 3, 3, 14, 0)
    assert "til og med 6. mars 2021." in urgent.sections.get(heading="Ikrafttredelse og varighet").body
    assert urgent.status == VersionStatus.LAPSED
    lapse = WorkflowDecision.objects.get(object_id=urgent.pk, transition="lapse")
    assert lapse.actor.username == "sekretar"
    assert lapse.comment == URGENT_LAPSE_COMMENT
    assert version_in_force(regulation=urgent.regulation, at=oslo(2021, 3, 1, 12)) == urgent
    assert version_in_force(regulation=urgent.regulation, at=oslo(2021, 3, 3, 14, 0)) is None
    harstad = urgent.regulation.municipality
    assert [v.regulation.title for v in regulations_in_force(municipality=harstad, at=oslo(2021, 3, 5, 12))] == [
        "Forskrift om smitteverntiltak i Harstad kommune"
    ]


def test_the_demo_passes_audit_verify(seeded):
    """Everything the demo decided, the hastevedtak ended early by the regulation included,
    matches the hashes its decisions recorded."""
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "Vedtatte tekster stemmer med sin SHA-256" in out.getvalue() and out.getvalue().rstrip().endswith("OK")


def test_every_event_of_the_demo_trail_says_what_happened_in_words(seeded):
    from audit.models import AuditEvent

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"meeting_item_decided", "presentation_frozen", "agenda_item_added"} <= actions
    unnamed = {e.action for e in AuditEvent.objects.all() if e.action_display == e.action}
    assert unnamed == set()


def test_the_demo_meetings_trail_is_dated_in_the_days_of_the_meeting(seeded):
    """The secretary's work on the meeting of 3 March 2021 is in the trail on 2–4 March 2021,
    not on the day the demo was loaded (only the system's archival PDFs are made then)."""
    from django.utils import timezone

    from audit.models import AuditEvent
    from meetings.models import Meeting

    meeting = Meeting.objects.get(municipality__municipality_number="5402")
    events = AuditEvent.objects.filter(actor__username="sekretar").filter(object_type__startswith="meetings.")
    days = {timezone.localtime(e.at).date() for e in events}
    assert {"meeting_created", "agenda_item_added", "agenda_item_imported", "meeting_item_decided"} <= set(
        events.values_list("action", flat=True)
    )
    assert days <= {date(2021, 3, 2), date(2021, 3, 3), date(2021, 3, 4)}
    assert timezone.localtime(meeting.created_at).date() == date(2021, 3, 2)
    assert {timezone.localtime(i.decided_at).date() for i in meeting.items.all()} == {date(2021, 3, 3)}
