"""The authorization matrix, generated from the URLconf.

Every URL pattern × every role × (own organization, another organization) plus an anonymous
visitor, compared with the `@access(...)` declaration next to the view (core/access.py).
A pattern whose view declares nothing, and is not exempt with a reason, fails the suite.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import transaction

from core.access import LOGIN, OK, exemption_for, rule_for, url_patterns
from core.models import Role
from tests.factories import MunicipalityFactory, OrganizationFactory, member, oslo
from tests.module_data import kept_for_module
from tests.security.scenarios_meetings import build_meeting_scenarios
from tests.security.scenarios_regions import build_region_scenario

ROLES = [r.value for r in Role]


def test_every_url_pattern_declares_its_access():
    undeclared = [route for route, p in url_patterns() if rule_for(p.callback) is None and exemption_for(route) is None]
    assert not undeclared, (
        "These URL patterns have no @access(...) declaration (core/access.py) and no exemption: "
        + ", ".join(undeclared)
    )


# Text that only the own organization may read: every scenario that is not public carries it
# (drafts, texts before the committee, a hastevedtak not yet issued, an assessment in draft,
# letters not dispatched), so that a leak shows wherever a page or an export puts it.
PRIVATE_MARK = "INTERNT-MATRISEMERKE"


# Scenario objects, built in the "own" municipality; their ids fill the URL arguments.
def _draft_regulation(municipality, by, title="Forskrift om smitteverntiltak", kind="original"):
    from regulations.services import regulation_create
    from regulations.services.drafting import SectionInput

    return regulation_create(
        municipality=municipality,
        title=title,
        by=by,
        kind=kind,
        valid_from=oslo(2021, 3, 3, 14),
        valid_until=oslo(2021, 3, 17, 14),
        sections=[
            SectionInput(number=1, heading="Formål", body=f"Begrense smitte. {PRIVATE_MARK}"),
            SectionInput(number=2, heading="Skjenkestopp", body="Ikke skjenke."),
        ],
    )


def _adopted_regulation(municipality, users):
    """A decided version, adopted on 9 March 2021; its text is public, so it carries no mark."""
    from regulations.services import regulation_create, version_adopt, version_submit
    from regulations.services.drafting import SectionInput

    officer = users[Role.CASE_OFFICER]
    version = regulation_create(
        municipality=municipality,
        title="Vedtatt forskrift",
        by=officer,
        valid_from=oslo(2021, 3, 10),
        valid_until=oslo(2021, 3, 17, 14),
        sections=[SectionInput(number=1, heading="Formål", body="Begrense smitte.")],
    )
    version_submit(version=version, by=officer)
    return version_adopt(
        version=version, by=users[Role.COMMITTEE_SECRETARY], body="formannskap", meeting_date=date(2021, 3, 9)
    )


def build_scenarios(municipality, users):
    from assessments.services import assessment_create, recommended_measure_add
    from measures.models import MeasureType
    from regulations.services import measure_add, version_submit

    officer, medical = users[Role.CASE_OFFICER], users[Role.MEDICAL_OFFICER]
    draft = _draft_regulation(municipality, officer)
    section = draft.sections.first()
    measure_type = MeasureType.objects.get(code="alcohol_serving_stop")
    measure = measure_add(
        section=section,
        by=officer,
        measure_type=measure_type,
        parameters={"licence_chapters": "4 og 5"},
        is_advice=False,
    )
    submitted = _draft_regulation(municipality, officer, title="Forskrift til behandling")
    version_submit(version=submitted, by=officer)
    urgent = _draft_regulation(municipality, medical, title="Hastevedtak", kind="urgent")
    assessment = assessment_create(
        municipality=municipality, by=medical, on=date(2021, 3, 3), sections={"summary": PRIVATE_MARK}
    )
    first = recommended_measure_add(
        assessment=assessment,
        by=medical,
        measure_type=measure_type,
        parameters={"licence_chapters": "4"},
        heading="A",
        text="a",
        justification="j",
    )
    recommended_measure_add(
        assessment=assessment,
        by=medical,
        measure_type=measure_type,
        parameters={"licence_chapters": "5"},
        heading="B",
        text="b",
        justification="j",
    )
    adopted = _adopted_regulation(municipality, users)
    on_agenda = _draft_regulation(municipality, officer, title="Forskrift til møtet")
    version_submit(version=on_agenda, by=officer)
    meetings = build_meeting_scenarios(municipality, users, submitted=on_agenda, private_mark=PRIVATE_MARK)
    return meetings | {
        "adopted_version": {"pk": adopted.pk},
        "regulation": {"pk": draft.regulation_id},
        "draft_version": {"pk": draft.pk, "section_pk": section.pk, "measure_pk": getattr(measure, "pk", None)},
        "submitted_version": {"pk": submitted.pk},
        "urgent_draft": {"pk": urgent.pk},
        "assessment": {"pk": assessment.pk, "measure_pk": first.pk},
        "region": build_region_scenario(),
        "organization": {"pk": municipality.pk, "user_pk": officer.pk},
        "regulation_ref": f"regulations.regulation:{draft.regulation_id}",
        "assessment_ref": f"assessments.assessment:{assessment.pk}",
    }


def build_regional_scenarios(ministry, users):
    """A draft of a regional level issued by the own organization (a ministry), with one
    municipality placed on it; the register holds Bærum (3024) for the placement form."""
    from register.models import County, Municipality
    from regulations.services import placement_add, regulation_create
    from regulations.services.drafting import SectionInput

    viken, _ = County.objects.get_or_create(number="30", defaults={"name": "Viken", "valid_from": date(2020, 1, 1)})
    for number, name in (("3024", "Bærum"), ("3005", "Drammen")):
        Municipality.objects.get_or_create(
            number=number, defaults={"name": name, "county": viken, "valid_from": date(2020, 1, 1)}
        )
    officer = users[Role.CASE_OFFICER]
    draft = regulation_create(
        municipality=ministry,
        title="Tiltaksnivå B",
        by=officer,
        layer="regional",
        level="B",
        valid_from=oslo(2021, 5, 6),
        sections=[SectionInput(number=1, heading="Stenging", body=f"Stengt. {PRIVATE_MARK}")],
    )
    placement = placement_add(
        version=draft, by=officer, municipality_number="3005", valid_from=oslo(2021, 5, 6), valid_until=None
    )
    return {"regional_draft": {"pk": draft.pk, "placement_pk": placement.pk}}


def build_letter_scenarios(municipality, users):
    """A complete draft, one awaiting the own approver, and a dispatched one, all sent by the
    own organization to a third one (so the other organization is neither sender nor addressee)."""
    from cases.services import incoming_document_register
    from letters import services

    officer, approver, archivist = users[Role.CASE_OFFICER], users[Role.APPROVER], users[Role.RECORDS_OFFICER]
    addressee = MunicipalityFactory(
        name="Tredje kommune", postal_address="Rådhuset", postal_code="9999", postal_place="TREDJEBY"
    )

    def complete(title):
        letter = services.letter_create(
            organization=municipality,
            by=officer,
            title=title,
            body=f"<p>Tekst. {PRIVATE_MARK if title != 'Ekspedert' else ''}</p>",
            case_title="Matrisesak",
        )
        signatory = services.signatory_add(letter=letter, by=officer, name="Kari Nordmann", title="direktør")
        recipient = services.recipient_add(
            letter=letter, by=officer, data=services.RecipientInput(organization=addressee)
        )
        step = services.approver_add(letter=letter, by=officer, user=approver)
        return letter, {"pk": letter.pk, "recipient_pk": recipient.pk, "signatory_pk": signatory.pk, "step_pk": step.pk}

    _draft, draft_ids = complete("Utkast")
    submitted, submitted_ids = complete("Til godkjenning")
    services.letter_submit(letter=submitted, by=officer)
    dispatched, dispatched_ids = complete("Ekspedert")
    services.letter_submit(letter=dispatched, by=officer)
    services.letter_approve(letter=dispatched, by=approver)
    services.letter_dispatch(letter=dispatched, by=archivist)
    services.letter_dispatch_run(letter_id=dispatched.pk, enqueue=False)
    dispatched_ids["delivery_pk"] = dispatched.deliveries.get().pk
    reply = incoming_document_register(
        case=_draft.case, by=officer, title="Svar", sender=addressee, content=b"%PDF-1.7 svar", filename="svar.pdf"
    )
    return {
        "draft_letter": draft_ids,
        "submitted_letter": submitted_ids,
        "dispatched_letter": dispatched_ids,
        "case_letter": {"pk": _draft.case_id, "doc_pk": reply.pk},
        "letter_ref": f"letters.letter:{_draft.pk}",
    }


def outcome_of(response) -> object:
    if response.status_code in (301, 302, 303) and "/accounts/login/" in response.get("Location", ""):
        return LOGIN
    if response.status_code < 400:
        return OK
    return response.status_code


def _fake_pdfs(monkeypatch) -> None:
    """The matrix is about who gets what; rendering real PDFs would only make it slow."""
    import assessments.pdf
    import letters.pdf
    import meetings.pdf
    import regulations.pdf

    monkeypatch.setattr(regulations.pdf, "render_version_pdf", lambda v: b"%PDF-1.7 matrix")
    monkeypatch.setattr(assessments.pdf, "render_assessment_pdf", lambda a: b"%PDF-1.7 matrix")
    monkeypatch.setattr(letters.pdf, "render_letter_preview", lambda letter: b"%PDF-1.7 matrix")
    monkeypatch.setattr(letters.pdf, "render_letter_base", lambda letter: b"%PDF-1.7 matrix")
    monkeypatch.setattr(letters.pdf, "personalized_copy", lambda letter, base, recipient: b"%PDF-1.7 matrix")
    monkeypatch.setattr(letters.pdf, "journal_copy", lambda base: b"%PDF-1.7 matrix")
    monkeypatch.setattr(meetings.pdf, "render_protocol_pdf", lambda meeting: b"%PDF-1.7 matrix")
    monkeypatch.setattr(meetings.pdf, "render_presentation_pdf", lambda item: b"%PDF-1.7 matrix")


@pytest.fixture
def fake_pdfs(monkeypatch):
    _fake_pdfs(monkeypatch)


@dataclass
class Side:
    """An organization of the matrix, the own and the other, each with a user in every role."""

    own_org: object
    other_org: object
    own_users: dict
    other_users: dict
    scenarios: dict


def _build_world() -> dict[str, Side]:
    """Both sides of the matrix, built once for the module: municipalities (with every
    scenario, letters included) and ministries (with a regional level's draft)."""

    def side(make_org, prefix, build):
        own_org, other_org = make_org("Egen"), make_org("Annen")
        own = {role: member(role, own_org, username=f"own-{prefix}{role}") for role in ROLES}
        other = {role: member(role, other_org, username=f"other-{prefix}{role}") for role in ROLES}
        return Side(own_org, other_org, own, other, build(own_org, own))

    def municipal(own_org, users):
        return build_scenarios(own_org, users) | build_letter_scenarios(own_org, users)

    with pytest.MonkeyPatch.context() as monkeypatch:
        _fake_pdfs(monkeypatch)
        return {
            "municipal": side(lambda name: MunicipalityFactory(name=f"{name} kommune"), "", municipal),
            "regional": side(
                lambda name: OrganizationFactory(name=f"{name} departement", kind="ministry"),
                "ministry-",
                build_regional_scenarios,
            ),
        }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Every test of this module reads the same organizations, users and scenarios, made once
    (tests.module_data); each test, and each request in it, is rolled back after it."""
    with kept_for_module(django_db_blocker, _build_world) as built:
        yield built


DECLARED = [(route, p) for route, p in url_patterns() if rule_for(p.callback) is not None]


@pytest.mark.parametrize("route,pattern", DECLARED, ids=[r for r, _p in DECLARED])
def test_access_matrix(route, pattern, client, db, fake_pdfs, world):
    rule = rule_for(pattern.callback)
    side = world["regional" if rule.obj == "regional_draft" else "municipal"]
    own_users, other_users, scenarios = side.own_users, side.other_users, side.scenarios
    kwargs = dict(rule.kwargs)
    if rule.obj:
        values = scenarios[rule.obj]
        kwargs.update({k: v for k, v in values.items() if k in pattern.pattern.converters})
    path = _reverse(route, pattern, kwargs)

    visitors = (
        [(None, True, None)]
        + [(role, True, own_users[role]) for role in ROLES]
        + [(role, False, other_users[role]) for role in ROLES]
    )
    mismatches = []
    for role, own, user in visitors:
        client.logout()
        if user is not None:
            client.force_login(user)
        with transaction.atomic():
            sid = transaction.savepoint()
            send = client.post if rule.method == "POST" else client.get
            response = send(path, dict(rule.data))
            transaction.savepoint_rollback(sid)
        got, expected = outcome_of(response), rule.expected(role=role, own=own)
        if got != expected:
            who = "anonymous" if role is None else f"{role} ({'own' if own else 'other'} organization)"
            mismatches.append(f"{rule.method} {path} as {who}: got {got}, declared {expected}")
    assert not mismatches, "\n".join(mismatches)


def _probes(own_org, scenarios) -> list[dict]:
    """Query strings that point a list, a filter or an export at the own organization's
    private objects (the ways the penetration test found into another organization's trail)."""
    refs = [scenarios["regulation_ref"], scenarios["assessment_ref"], scenarios["letter_ref"]]
    return (
        [
            {},
            {"organization": own_org.pk},
            {"municipality": own_org.municipality_number},
            {"q": PRIVATE_MARK.split("-")[1]},
        ]
        + [{"object": ref} for ref in refs]
        + [{"subject": ref} for ref in refs]
    )


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


GET_ROUTES = [(route, p) for route, p in DECLARED if rule_for(p.callback).method == "GET"]


@pytest.mark.parametrize("route,pattern", GET_ROUTES, ids=[r for r, _p in GET_ROUTES])
def test_no_page_shows_another_organizations_private_text(route, pattern, client, db, fake_pdfs, world):
    """Status codes are not enough: a page that answers 200 to everyone (a list, an export,
    an API) must still show nothing of another organization's drafts, whatever its filters
    ask for. Every role of the other organization, and nobody, tries every probe."""
    rule = rule_for(pattern.callback)
    side = world["municipal"]
    own_org, scenarios = side.own_org, side.scenarios
    kwargs = dict(rule.kwargs)
    if rule.obj:
        kwargs.update({k: v for k, v in scenarios[rule.obj].items() if k in pattern.pattern.converters})
    paths = [_reverse(route, pattern, kwargs)]
    if "object_type" in pattern.pattern.converters:  # the story of each kind of document
        paths += [
            _reverse(route, pattern, {"object_type": ref.split(":")[0], "pk": ref.split(":")[1]})
            for ref in (scenarios["assessment_ref"], scenarios["letter_ref"])
        ]
    probes = _probes(own_org, scenarios) if not pattern.pattern.converters else [{}]
    leaks = []
    for role in [None, *ROLES]:
        client.logout()
        if role is not None:
            client.force_login(side.other_users[role])
        for path in paths:
            for query in probes:
                response = client.get(path, query)
                if PRIVATE_MARK in _body(response):
                    leaks.append(
                        f"GET {path}?{urlencode(query)} as {role or 'anonymous'} (other organization): "
                        f"{response.status_code} shows the own organization's private text"
                    )
    assert not leaks, "\n".join(leaks)


def _reverse(route, pattern, kwargs) -> str:
    """Fill the route's converters with the scenario's values."""
    import re

    def fill(match):
        name = match.group(2)
        return str(kwargs[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)
