"""Demo organizations and users for `manage.py seed_demo`.

Every app that brings demo data has a `demo.py` with a `seed(*, log)` function that the
command calls in order (core first). A seed function must be idempotent: it looks its
records up by their natural keys (org.nr., municipality number, username, title) and
creates only what is missing. Other apps find the organizations and users created here
with `demo_organization(key)` and `demo_user(username)`.

Organizations and memberships have no creating service yet, so they are validated with
`full_clean()` and saved one by one here, with a change reason in their history.
"""

from collections.abc import Callable
from dataclasses import dataclass, fields

from django.contrib.auth import get_user_model
from django.db import transaction

from .history import history_note
from .models import Membership, Organization, OrganizationKind, Role
from .validators import normalize_org_number, org_number_is_valid

DEMO_PASSWORD = "demo"
CHANGE_REASON = "Demodata (seed_demo)"

Log = Callable[[str], None]


@dataclass(frozen=True)
class OrganizationSpec:
    key: str
    name: str
    kind: str
    municipality_number: str = ""
    org_number: str = ""
    population: int | None = None
    county: str = ""
    department: str = ""
    postal_address: str = ""
    postal_code: str = ""
    postal_place: str = ""
    visiting_address: str = ""
    phone: str = ""
    email: str = ""
    web: str = ""

    def natural_key(self) -> dict:
        """The lookup that identifies the organization whatever else has been edited."""
        if self.municipality_number:
            return {"municipality_number": self.municipality_number}
        if self.org_number:
            return {"org_number": normalize_org_number(self.org_number)}
        return {"name": self.name, "kind": self.kind}

    def organization_fields(self) -> dict:
        """The organization's fields: every field of the spec but its key, the org.nr. normalized."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "key"}
        values["org_number"] = normalize_org_number(self.org_number)
        return values


# Organization numbers: Helsedirektoratet's is printed in the seed letter's footer. The others
# were checked against public registry extracts (SSB's municipality list for 2020–2023, the
# Altinn/state agency lists) and all pass the mod-11 check; a test asserts that. Note that
# 938 712 441 is Alstahaug kommune, not Harstad. Populations are SSB figures for 1 January
# 2021 except Asker, which is rounded (about 95 000) because no exact figure was at hand.
ORGANIZATIONS: tuple[OrganizationSpec, ...] = (
    OrganizationSpec(
        key="harstad",
        name="Harstad kommune",
        kind=OrganizationKind.MUNICIPALITY,
        municipality_number="5402",
        org_number="972417971",
        population=24845,
        county="Troms og Finnmark",
    ),
    OrganizationSpec(
        key="baerum",
        name="Bærum kommune",
        kind=OrganizationKind.MUNICIPALITY,
        municipality_number="3024",
        org_number="935478715",
        population=127731,
        county="Viken",
        # Postal address as in the recipient list of the seed letter of 11 November 2020.
        postal_address="Postboks 700",
        postal_code="1304",
        postal_place="SANDVIKA",
    ),
    OrganizationSpec(
        key="asker",
        name="Asker kommune",
        kind=OrganizationKind.MUNICIPALITY,
        municipality_number="3025",
        org_number="920125298",
        population=95000,
        county="Viken",
        # Postal address as in the recipient list of the seed letter of 11 November 2020.
        postal_address="Katrineåsveien 20",
        postal_code="3440",
        postal_place="RØYKEN",
    ),
    OrganizationSpec(
        key="oslo",
        name="Oslo kommune",
        kind=OrganizationKind.MUNICIPALITY,
        municipality_number="0301",
        org_number="958935420",
        population=697010,
        county="Oslo",
    ),
    OrganizationSpec(
        key="helsedirektoratet",
        name="Helsedirektoratet",
        kind=OrganizationKind.DIRECTORATE,
        org_number="983544622",
        department="Avdeling kommunale helse- og omsorgstjenester",
        postal_address="Postboks 220 Skøyen",
        postal_code="0213",
        postal_place="OSLO",
        visiting_address="Vitaminveien 4, Oslo",
        phone="(+47) 47 47 20 20",
        email="postmottak@helsedir.no",
        web="www.helsedirektoratet.no",
    ),
    # Helse- og omsorgsdepartementet issues the covid-19 regulation and its regional levels.
    OrganizationSpec(
        key="hod",
        name="Helse- og omsorgsdepartementet",
        kind=OrganizationKind.MINISTRY,
        org_number="983887457",
        postal_address="Postboks 8011 Dep",
        postal_code="0030",
        postal_place="OSLO",
        web="www.regjeringen.no/hod",
    ),
    OrganizationSpec(
        key="fhi",
        name="Folkehelseinstituttet",
        kind=OrganizationKind.PUBLIC_HEALTH_INSTITUTE,
        org_number="983744516",
    ),
    OrganizationSpec(
        key="statsforvalteren_oslo_viken",
        name="Statsforvalteren i Oslo og Viken",
        kind=OrganizationKind.COUNTY_GOVERNOR,
        org_number="974761319",
    ),
)


@dataclass(frozen=True)
class MembershipSpec:
    organization: str
    role: str
    title: str = ""


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    memberships: tuple[MembershipSpec, ...]
    is_staff: bool = False
    is_superuser: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def user_fields(self) -> dict:
        """The user's fields: every field of the spec but its memberships."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "memberships"}


# Invented people: the names and e-mail addresses are made up (example.org), except the
# director, whose name and title are those signing the seed letter of 11 November 2020.
USERS: tuple[UserSpec, ...] = (
    UserSpec(
        username="saksbehandler",
        first_name="Ingrid",
        last_name="Nilsen",
        email="ingrid.nilsen@example.org",
        memberships=(MembershipSpec("harstad", Role.CASE_OFFICER, "rådgiver"),),
    ),
    UserSpec(
        username="kommuneoverlege",
        first_name="Martin",
        last_name="Berg",
        email="martin.berg@example.org",
        memberships=(MembershipSpec("harstad", Role.MEDICAL_OFFICER, "kommuneoverlege"),),
    ),
    UserSpec(
        username="sekretar",
        first_name="Hanne",
        last_name="Solberg",
        email="hanne.solberg@example.org",
        memberships=(MembershipSpec("harstad", Role.COMMITTEE_SECRETARY, "utvalgssekretær"),),
    ),
    UserSpec(
        username="formannskap",
        first_name="Per Olav",
        last_name="Hansen",
        email="per.olav.hansen@example.org",
        memberships=(MembershipSpec("harstad", Role.COMMITTEE_MEMBER, "medlem av formannskapet"),),
    ),
    UserSpec(
        username="direktor",
        first_name="Johan Georg Røstad",
        last_name="Torgersen",
        email="johan.torgersen@example.org",
        memberships=(MembershipSpec("helsedirektoratet", Role.APPROVER, "direktør"),),
    ),
    UserSpec(
        username="arkivar",
        first_name="Sofie",
        last_name="Andersen",
        email="sofie.andersen@example.org",
        memberships=(MembershipSpec("helsedirektoratet", Role.RECORDS_OFFICER, "arkivar"),),
    ),
    # The case officer's and the consultant's names are those printed in the seed letter.
    UserSpec(
        username="brevsaksbehandler",
        first_name="Svein Høegh",
        last_name="Henriksen",
        email="svein.henriksen@example.org",
        memberships=(MembershipSpec("helsedirektoratet", Role.CASE_OFFICER, "seniorrådgiver"),),
    ),
    UserSpec(
        username="konsulent",
        first_name="Jon Hilmar",
        last_name="Iversen",
        email="jon.iversen@example.org",
        memberships=(MembershipSpec("helsedirektoratet", Role.APPROVER, "konsulent"),),
    ),
    UserSpec(
        username="baerum",
        first_name="Lise",
        last_name="Haugen",
        email="lise.haugen@example.org",
        memberships=(MembershipSpec("baerum", Role.CASE_OFFICER, "rådgiver"),),
    ),
    UserSpec(
        username="departement",
        first_name="Astrid",
        last_name="Lie",
        email="astrid.lie@example.org",
        memberships=(MembershipSpec("hod", Role.CASE_OFFICER, "fagdirektør"),),
    ),
    UserSpec(
        username="departementsleder",
        first_name="Knut",
        last_name="Dahl",
        email="knut.dahl@example.org",
        memberships=(MembershipSpec("hod", Role.APPROVER, "ekspedisjonssjef"),),
    ),
    UserSpec(
        username="oslo",
        first_name="Mona",
        last_name="Strand",
        email="mona.strand@example.org",
        memberships=(MembershipSpec("oslo", Role.CASE_OFFICER, "spesialrådgiver"),),
    ),
    UserSpec(
        username="oslosekretar",
        first_name="Jonas",
        last_name="Bakke",
        email="jonas.bakke@example.org",
        memberships=(MembershipSpec("oslo", Role.COMMITTEE_SECRETARY, "utvalgssekretær"),),
    ),
    UserSpec(
        username="baerumsekretar",
        first_name="Siri",
        last_name="Holm",
        email="siri.holm@example.org",
        memberships=(MembershipSpec("baerum", Role.COMMITTEE_SECRETARY, "utvalgssekretær"),),
    ),
    UserSpec(
        username="tilsyn",
        first_name="Erik",
        last_name="Moen",
        email="erik.moen@example.org",
        memberships=(MembershipSpec("helsedirektoratet", Role.AUDITOR, "internrevisor"),),
    ),
    UserSpec(
        username="revisor",
        first_name="Kari",
        last_name="Lund",
        email="kari.lund@example.org",
        memberships=(MembershipSpec("harstad", Role.AUDITOR, "revisor"),),
    ),
    UserSpec(
        username="admin",
        first_name="Thomas",
        last_name="Eriksen",
        email="thomas.eriksen@example.org",
        memberships=(MembershipSpec("harstad", Role.ADMIN, "systemansvarlig"),),
        is_staff=True,
        is_superuser=True,
    ),
)

_ORGANIZATIONS_BY_KEY = {spec.key: spec for spec in ORGANIZATIONS}


def demo_organization(key: str) -> Organization:
    """The demo organization `key` (e.g. "harstad"), found by its natural key."""
    return Organization.objects.get(**_ORGANIZATIONS_BY_KEY[key].natural_key())


def demo_user(username: str):
    """A demo user, loaded fresh (so role checks see its current memberships)."""
    return get_user_model().objects.get(username=username)


def _save_with_history(obj, reason: str = CHANGE_REASON) -> None:
    history_note(obj, by=None, reason=reason)
    obj.full_clean()
    obj.save()


def _organization_get_or_create(spec: OrganizationSpec, log: Log) -> Organization:
    existing = Organization.objects.filter(**spec.natural_key()).first()
    if existing is not None:
        log(f"  Organisasjon finnes: {existing.name}")
        return existing
    if spec.org_number and not org_number_is_valid(spec.org_number):
        raise ValueError(f"Ugyldig organisasjonsnummer i demodata: {spec.org_number} ({spec.name})")
    org = Organization(**spec.organization_fields())
    _save_with_history(org)
    log(f"  Organisasjon opprettet: {org.name}")
    return org


def _user_get_or_create(spec: UserSpec, log: Log):
    User = get_user_model()
    user = User.objects.filter(username=spec.username).first()
    if user is not None:
        log(f"  Bruker finnes: {spec.username}")
    else:
        user = User(**spec.user_fields())
        # "demo" is shorter than the password validators allow; set_password does not run
        # them, which is acceptable for demo accounts only (the command refuses production).
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        log(f"  Bruker opprettet: {spec.username} ({spec.full_name})")
    for m in spec.memberships:
        organization = demo_organization(m.organization)
        if Membership.objects.filter(user=user, organization=organization, role=m.role).exists():
            continue
        _save_with_history(Membership(user=user, organization=organization, role=m.role, title=m.title))
        log(f"    Rolle gitt: {Role(m.role).label} i {organization.name}")
    return user


def seed(*, log: Log) -> None:
    """Create the demo organizations, users and memberships that are missing."""
    with transaction.atomic():
        for spec in ORGANIZATIONS:
            _organization_get_or_create(spec, log)
        for spec in USERS:
            _user_get_or_create(spec, log)


def login_lines() -> list[str]:
    """One line per demo login, for the command's closing summary."""
    lines = []
    for spec in USERS:
        roles = ", ".join(
            f"{Role(m.role).label} ({_ORGANIZATIONS_BY_KEY[m.organization].name})" for m in spec.memberships
        )
        extra = " + /admin/" if spec.is_superuser else ""
        lines.append(f"  {spec.username:<16} {DEMO_PASSWORD:<6} {spec.full_name:<32} {roles}{extra}")
    return lines
