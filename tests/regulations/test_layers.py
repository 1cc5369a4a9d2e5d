"""The national regulation and the regional levels, authored by the ministry through the same
workflow as municipalities: draft → submitted → adopted, with its placements of municipalities."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import OrganizationKind, Role
from register.models import County, Municipality
from regulations.models import DecisionBody, Layer, LevelPlacement, VersionStatus
from regulations.services import (
    placement_add,
    placement_remove,
    regulation_create,
    version_adopt,
    version_submit,
)
from regulations.services.drafting import SectionInput
from tests.factories import OrganizationFactory, member, oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_rows():
    viken = County.objects.create(
        number="30", name="Viken", valid_from=date(2020, 1, 1), valid_until=date(2023, 12, 31)
    )
    for number, name in (("3024", "Bærum"), ("3005", "Drammen"), ("3049", "Lier")):
        Municipality.objects.create(
            number=number, name=name, county=viken, valid_from=date(2020, 1, 1), valid_until=date(2023, 12, 31)
        )


@pytest.fixture
def ministry(db):
    return OrganizationFactory(name="Helse- og omsorgsdepartementet", kind=OrganizationKind.MINISTRY)


@pytest.fixture
def ministry_officer(ministry):
    return member(Role.CASE_OFFICER, ministry, username="departement")


@pytest.fixture
def ministry_approver(ministry):
    return member(Role.APPROVER, ministry, username="departementsleder")


SECTIONS = [
    SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt."),
    SectionInput(
        number=2,
        heading="Ikrafttredelse og varighet",
        body="Forskriften trer i kraft 6. mai 2021 kl. 00.00.",
    ),
]


@pytest.fixture
def level_b(ministry, ministry_officer):
    return regulation_create(
        municipality=ministry,
        title="Tiltaksnivå B",
        by=ministry_officer,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 5, 6),
        sections=[SectionInput(**vars(s)) for s in SECTIONS],
    )


def test_ministry_case_officer_drafts_a_regional_level(level_b, ministry):
    regulation = level_b.regulation
    assert (regulation.layer, regulation.level, regulation.municipality) == (Layer.REGIONAL, "B", ministry)
    assert level_b.status == VersionStatus.DRAFT
    assert "§ 4-3" in regulation.legal_basis


def test_a_municipality_cannot_issue_a_national_regulation(municipality, case_officer):
    with pytest.raises(ValidationError) as exc:
        regulation_create(municipality=municipality, title="Nasjonal", by=case_officer, layer=Layer.NATIONAL)
    assert "departementet" in str(exc.value)


def test_a_regional_regulation_needs_a_level(ministry, ministry_officer):
    with pytest.raises(ValidationError) as exc:
        regulation_create(municipality=ministry, title="Uten nivå", by=ministry_officer, layer=Layer.REGIONAL)
    assert "tiltaksnivå A, B eller C" in str(exc.value)


def test_the_ministry_cannot_issue_a_local_regulation(ministry, ministry_officer):
    with pytest.raises(ValidationError):
        regulation_create(municipality=ministry, title="Lokal", by=ministry_officer)


def test_an_approver_may_not_draft(ministry, ministry_approver):
    with pytest.raises(PermissionDenied):
        regulation_create(municipality=ministry, title="N", by=ministry_approver, layer=Layer.NATIONAL)


def test_placement_added_with_history(level_b, ministry_officer, register_rows):
    placement = placement_add(
        version=level_b,
        by=ministry_officer,
        municipality_number="3024",
        valid_from=oslo(2021, 5, 6),
        valid_until=oslo(2021, 5, 21, 23, 59),
    )
    assert placement.history.first().history_change_reason == "Bærum (3024) plassert på tiltaksnivå B"
    assert placement.history.first().history_user == ministry_officer
    level_b.refresh_from_db()
    assert level_b.revision == 2


@pytest.mark.parametrize(
    ("number", "message"),
    [("30", "fire sifre"), ("abcd", "fire sifre"), ("9999", "ikke et kommunenummer i kommuneregisteret")],
)
def test_placement_refuses_a_number_not_in_the_register(level_b, ministry_officer, register_rows, number, message):
    with pytest.raises(ValidationError) as exc:
        placement_add(
            version=level_b,
            by=ministry_officer,
            municipality_number=number,
            valid_from=oslo(2021, 5, 6),
            valid_until=None,
        )
    assert message in str(exc.value)
    assert not LevelPlacement.objects.exists()


@pytest.mark.parametrize("valid_until", [oslo(2021, 5, 5), oslo(2021, 5, 6)], ids=["before", "at the start"])
def test_placement_refuses_an_end_before_or_at_its_start(level_b, ministry_officer, register_rows, valid_until):
    # An end at the start is a placement of no time, which was listed as ending the day before
    # it starts and then blocked the real placement as an overlap.
    with pytest.raises(ValidationError) as exc:
        placement_add(
            version=level_b,
            by=ministry_officer,
            municipality_number="3024",
            valid_from=oslo(2021, 5, 6),
            valid_until=valid_until,
        )
    assert exc.value.message_dict == {
        "valid_until": ["Plasseringen må slutte å gjelde etter at den begynner å gjelde."]
    }
    assert not LevelPlacement.objects.exists()
    level_b.refresh_from_db()
    assert level_b.revision == 1


def test_placements_of_one_municipality_may_not_overlap(level_b, ministry_officer, register_rows):
    placement_add(
        version=level_b,
        by=ministry_officer,
        municipality_number="3024",
        valid_from=oslo(2021, 5, 6),
        valid_until=oslo(2021, 5, 22),
    )
    with pytest.raises(ValidationError) as exc:
        placement_add(
            version=level_b,
            by=ministry_officer,
            municipality_number="3024",
            valid_from=oslo(2021, 5, 21, 23, 59),
            valid_until=None,
        )
    assert "Bærum (3024) er allerede plassert på tiltaksnivået fra 6. mai 2021 kl. 00.00 til og med 21. mai 2021" in (
        str(exc.value)
    )
    assert LevelPlacement.objects.count() == 1
    # The end is the instant it stops applying, so the next placement may start at it, and
    # another municipality in the same period too.
    placement_add(
        version=level_b, by=ministry_officer, municipality_number="3024", valid_from=oslo(2021, 5, 22), valid_until=None
    )
    placement_add(
        version=level_b, by=ministry_officer, municipality_number="3005", valid_from=oslo(2021, 5, 6), valid_until=None
    )
    assert LevelPlacement.objects.count() == 3


def test_only_a_regional_level_takes_placements(ministry, ministry_officer, register_rows):
    national = regulation_create(municipality=ministry, title="Nasjonal", by=ministry_officer, layer=Layer.NATIONAL)
    with pytest.raises(ValidationError) as exc:
        placement_add(
            version=national,
            by=ministry_officer,
            municipality_number="3024",
            valid_from=oslo(2021, 5, 6),
            valid_until=None,
        )
    assert "Bare et regionalt tiltaksnivå" in str(exc.value)


def test_placements_refused_from_another_organization(level_b, register_rows, municipality, case_officer):
    with pytest.raises(PermissionDenied):
        placement_add(
            version=level_b, by=case_officer, municipality_number="3024", valid_from=oslo(2021, 5, 6), valid_until=None
        )
    assert not LevelPlacement.objects.exists()


def _adopt(version, approver):
    return version_adopt(
        version=version,
        by=approver,
        body=DecisionBody.MINISTRY,
        meeting_date=date(2021, 5, 5),
        now=oslo(2021, 5, 5, 18),
    )


def test_placements_of_a_submitted_or_adopted_version_cannot_change(
    level_b, ministry_officer, ministry_approver, register_rows
):
    placement = placement_add(
        version=level_b, by=ministry_officer, municipality_number="3024", valid_from=oslo(2021, 5, 6), valid_until=None
    )
    version_submit(version=level_b, by=ministry_officer)
    for attempt in (
        lambda: placement_add(
            version=level_b,
            by=ministry_officer,
            municipality_number="3005",
            valid_from=oslo(2021, 5, 6),
            valid_until=None,
        ),
        lambda: placement_remove(placement=placement, by=ministry_officer),
    ):
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert "kan ikke endres" in str(exc.value)
    assert list(LevelPlacement.objects.values_list("municipality_number", flat=True)) == ["3024"]
    adopted = _adopt(level_b, ministry_approver)
    assert adopted.status == VersionStatus.ADOPTED
    with pytest.raises(ValidationError):
        placement_remove(placement=placement, by=ministry_officer)
    assert LevelPlacement.objects.count() == 1


def test_placement_removed_from_a_draft(level_b, ministry_officer, register_rows):
    placement = placement_add(
        version=level_b, by=ministry_officer, municipality_number="3049", valid_from=oslo(2021, 5, 6), valid_until=None
    )
    placement_remove(placement=placement, by=ministry_officer)
    assert not LevelPlacement.objects.exists()
    assert LevelPlacement.history.first().history_change_reason == "Lier (3049) tatt av tiltaksnivå B"


def test_the_ministrys_approver_adopts_and_the_placements_are_in_the_hash(
    client, level_b, ministry_officer, ministry_approver, register_rows
):
    placement_add(
        version=level_b, by=ministry_officer, municipality_number="3024", valid_from=oslo(2021, 5, 6), valid_until=None
    )
    version_submit(version=level_b, by=ministry_officer)
    adopted = _adopt(level_b, ministry_approver)
    assert adopted.decision_body == DecisionBody.MINISTRY
    from regulations.services import version_content_hash

    assert adopted.content_hash == version_content_hash(adopted)
    # The API reads the page's sections and placements in bulk and checks the same hash: the
    # level is listed without a warning, and one placement changed behind the services shows one.
    listed = {v["id"]: v for v in client.get("/api/regulations/").json()}
    assert listed[adopted.pk]["layer"] == "regional" and listed[adopted.pk]["content_warning"] is None
    from tests.audit.test_frozen_content import forge

    forge("UPDATE regulations_levelplacement SET valid_from = %s WHERE version_id = %s", [oslo(2021, 5, 7), adopted.pk])
    listed = {v["id"]: v for v in client.get("/api/regulations/").json()}
    assert listed[adopted.pk]["content_warning"]


def test_a_committee_secretary_does_not_decide_for_the_ministry(level_b, ministry, ministry_officer):
    secretary = member(Role.COMMITTEE_SECRETARY, ministry, username="sekr")
    version_submit(version=level_b, by=ministry_officer)
    with pytest.raises(PermissionDenied):
        _adopt(level_b, secretary)


def test_the_ministry_body_is_refused_for_a_local_regulation(draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    with pytest.raises(ValidationError) as exc:
        version_adopt(version=draft, by=secretary, body=DecisionBody.MINISTRY, meeting_date=date(2021, 3, 3))
    assert "formannskapet eller kommunestyret" in str(exc.value)


def test_a_regional_level_is_not_adopted_by_formannskapet(level_b, ministry_officer, ministry_approver):
    version_submit(version=level_b, by=ministry_officer)
    with pytest.raises(ValidationError) as exc:
        version_adopt(
            version=level_b, by=ministry_approver, body=DecisionBody.FORMANNSKAP, meeting_date=date(2021, 5, 5)
        )
    assert "departementet" in str(exc.value)


def test_the_ministry_s_generated_in_force_section_names_the_ministry_and_the_last_day(ministry, ministry_officer):
    from regulations.text import is_in_force_heading

    version = regulation_create(
        municipality=ministry,
        title="Tiltaksnivå B",
        by=ministry_officer,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 5, 6),
        valid_until=oslo(2021, 5, 22),
    )
    body = next(s.body for s in version.sections.all() if is_in_force_heading(s.heading))
    assert body == (
        "Forskriften trer i kraft 6. mai 2021 kl. 00.00, og gjelder til og med 21. mai 2021.\n\n"
        "Departementet kan forlenge, oppheve og endre forskriften."
    )


def test_a_second_regulation_for_the_same_level_or_the_nation_is_refused(ministry, ministry_officer):
    regulation_create(
        municipality=ministry, title="Tiltaksnivå B", by=ministry_officer, layer=Layer.REGIONAL, level="B"
    )
    regulation_create(municipality=ministry, title="Nasjonal", by=ministry_officer, layer=Layer.NATIONAL)
    with pytest.raises(ValidationError) as exc:
        regulation_create(
            municipality=ministry, title="Nivå B igjen", by=ministry_officer, layer=Layer.REGIONAL, level="B"
        )
    assert "Tiltaksnivå B finnes allerede («Tiltaksnivå B»). Endre det med en ny versjon." in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        regulation_create(municipality=ministry, title="Nasjonal igjen", by=ministry_officer, layer=Layer.NATIONAL)
    assert "Den nasjonale forskriften finnes allerede («Nasjonal»). Endre den med en ny versjon." in exc.value.messages
    from regulations.models import Regulation

    assert Regulation.objects.filter(layer__in=[Layer.REGIONAL, Layer.NATIONAL]).count() == 2
    # Another level is a regulation of its own.
    regulation_create(
        municipality=ministry, title="Tiltaksnivå C", by=ministry_officer, layer=Layer.REGIONAL, level="C"
    )


def test_a_placement_outside_the_level_s_period_is_refused(ministry, ministry_officer, register_rows):
    version = regulation_create(
        municipality=ministry,
        title="Tiltaksnivå B",
        by=ministry_officer,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 5, 6),
        valid_until=oslo(2021, 6, 1),
    )
    for start, end in (
        (oslo(2021, 5, 1), oslo(2021, 5, 22)),
        (oslo(2021, 5, 6), None),
        (oslo(2021, 5, 6), oslo(2021, 6, 2)),
    ):
        with pytest.raises(ValidationError) as exc:
            placement_add(
                version=version, by=ministry_officer, municipality_number="3024", valid_from=start, valid_until=end
            )
        assert (
            "Plasseringen må ligge innenfor tiltaksnivåets gyldighet: fra 6. mai 2021 kl. 00.00 til og med 31. mai 2021."
            in exc.value.messages
        )
    assert not LevelPlacement.objects.filter(version=version).exists()
    placement_add(
        version=version,
        by=ministry_officer,
        municipality_number="3024",
        valid_from=oslo(2021, 5, 6),
        valid_until=oslo(2021, 6, 1),
    )
