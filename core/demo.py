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


def _municipality(
    key: str,
    name: str,
    number: str,
    org_number: str,
    population: int,
    county: str,
    postal: tuple[str, str, str] = ("", "", ""),
) -> OrganizationSpec:
    """A demo municipality (the arguments in the order of OrganizationSpec's fields); `postal`
    is its postal address, code and place where it has one."""
    address = dict(zip(("postal_address", "postal_code", "postal_place"), postal, strict=True))
    return OrganizationSpec(key, name, OrganizationKind.MUNICIPALITY, number, org_number, population, county, **address)


# Organization numbers: Helsedirektoratet's is printed in the seed letter's footer. The others
# were checked against public registry extracts (SSB's municipality list for 2020–2023, the
# Altinn/state agency lists) and all pass the mod-11 check; a test asserts that. Note that
# 938 712 441 is Alstahaug kommune, not Harstad. Populations are SSB figures for 1 January
# 2021 except Asker, which is rounded (about 95 000) because no exact figure was at hand.
ORGANIZATIONS: tuple[OrganizationSpec, ...] = (
    # Postal addresses as in the recipient list of the seed letter of 11 November 2020.
    _municipality("harstad", "Harstad kommune", "5402", "972417971", 24845, "Troms og Finnmark"),
    _municipality(
        "baerum", "Bærum kommune", "3024", "935478715", 127731, "Viken", ("Postboks 700", "1304", "SANDVIKA")
    ),
    _municipality(
        "asker", "Asker kommune", "3025", "920125298", 95000, "Viken", ("Katrineåsveien 20", "3440", "RØYKEN")
    ),
    _municipality("oslo", "Oslo kommune", "0301", "958935420", 697010, "Oslo"),
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


def _person(
    username: str, name: str, organization: str, role: str, title: str, *, email: str = "", **flags: bool
) -> UserSpec:
    """A demo user with one membership. `name` ends in the surname; the e-mail address is
    the first given name and the surname at example.org unless `email` says otherwise."""
    first_name, last_name = name.rsplit(" ", 1)
    return UserSpec(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email or f"{first_name.split()[0]}.{last_name}@example.org".lower(),
        memberships=(MembershipSpec(organization, role, title),),
        **flags,
    )


# Invented people: the names and e-mail addresses are made up (example.org), except the
# director, whose name and title are those signing the seed letter of 11 November 2020.
# The case officer's and the consultant's names are those printed in the seed letter.
USERS: tuple[UserSpec, ...] = (
    _person("saksbehandler", "Ingrid Nilsen", "harstad", Role.CASE_OFFICER, "rådgiver"),
    _person("kommuneoverlege", "Martin Berg", "harstad", Role.MEDICAL_OFFICER, "kommuneoverlege"),
    _person("sekretar", "Hanne Solberg", "harstad", Role.COMMITTEE_SECRETARY, "utvalgssekretær"),
    _person(
        "formannskap",
        "Per Olav Hansen",
        "harstad",
        Role.COMMITTEE_MEMBER,
        "medlem av formannskapet",
        email="per.olav.hansen@example.org",
    ),
    _person("direktor", "Johan Georg Røstad Torgersen", "helsedirektoratet", Role.APPROVER, "direktør"),
    _person("arkivar", "Sofie Andersen", "helsedirektoratet", Role.RECORDS_OFFICER, "arkivar"),
    _person("brevsaksbehandler", "Svein Høegh Henriksen", "helsedirektoratet", Role.CASE_OFFICER, "seniorrådgiver"),
    _person("konsulent", "Jon Hilmar Iversen", "helsedirektoratet", Role.APPROVER, "konsulent"),
    _person("baerum", "Lise Haugen", "baerum", Role.CASE_OFFICER, "rådgiver"),
    _person("departement", "Astrid Lie", "hod", Role.CASE_OFFICER, "fagdirektør"),
    _person("departementsleder", "Knut Dahl", "hod", Role.APPROVER, "ekspedisjonssjef"),
    _person("oslo", "Mona Strand", "oslo", Role.CASE_OFFICER, "spesialrådgiver"),
    _person("oslosekretar", "Jonas Bakke", "oslo", Role.COMMITTEE_SECRETARY, "utvalgssekretær"),
    _person("baerumsekretar", "Siri Holm", "baerum", Role.COMMITTEE_SECRETARY, "utvalgssekretær"),
    _person("tilsyn", "Erik Moen", "helsedirektoratet", Role.AUDITOR, "internrevisor"),
    _person("revisor", "Kari Lund", "harstad", Role.AUDITOR, "revisor"),
    _person("admin", "Thomas Eriksen", "harstad", Role.ADMIN, "systemansvarlig", is_staff=True, is_superuser=True),
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
