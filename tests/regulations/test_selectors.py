"""Which text is in force when, and who sees what."""

from datetime import date

import pytest

from regulations.models import VersionKind, VersionStatus
from regulations.selectors import (
    regulation_list,
    regulation_summary,
    regulations_for_user,
    regulations_in_force,
    timeline,
    version_in_force,
    version_lifecycle,
    versions_for_user,
)
from regulations.services import (
    SectionInput,
    regulation_create,
    version_adopt,
    version_start,
    version_submit,
    version_update,
)
from tests.factories import oslo
from tests.queries import sorts_every_row
from tests.regulations.conftest import _decide

pytestmark = pytest.mark.django_db


def _adopt_new_version(regulation, kind, by, secretary, *, valid_from, valid_until, change=None):
    version = version_start(regulation=regulation, kind=kind, by=by)
    sections = [SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in version.sections.all()]
    if change:
        change(sections)
    version_update(
        version=version,
        by=by,
        expected_revision=version.revision,
        sections=sections,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    version_submit(version=version, by=by)
    return version_adopt(version=version, by=secretary, body="formannskap", meeting_date=date(2021, 3, 9))


def test_in_force_between_its_dates_only(adopted):
    regulation = adopted.regulation
    assert version_in_force(regulation=regulation, at=oslo(2021, 3, 3, 13, 59)) is None
    assert version_in_force(regulation=regulation, at=oslo(2021, 3, 3, 14, 0)) == adopted
    assert version_in_force(regulation=regulation, at=oslo(2021, 3, 17, 13, 59)) == adopted
    assert version_in_force(regulation=regulation, at=oslo(2021, 3, 17, 14, 0)) is None


def test_lifecycle_is_derived_from_the_dates(adopted):
    windows = timeline(list(adopted.regulation.versions.all()))
    assert version_lifecycle(adopted, oslo(2021, 3, 1), windows) == "not_yet"
    assert version_lifecycle(adopted, oslo(2021, 3, 5), windows) == "in_force"
    assert version_lifecycle(adopted, oslo(2021, 3, 20), windows) == "expired"


def test_amendment_changes_the_text_in_force_from_its_valid_from(adopted, case_officer, secretary):
    def tighten(sections):
        sections[2].body = "Serveringssteder skal ikke skjenke alkohol etter kl. 22.00."

    amendment = _adopt_new_version(
        adopted.regulation,
        VersionKind.AMENDMENT,
        case_officer,
        secretary,
        valid_from=oslo(2021, 3, 10, 12),
        valid_until=oslo(2021, 3, 17, 14),
        change=tighten,
    )
    municipality = adopted.regulation.municipality
    before = regulations_in_force(municipality=municipality, at=oslo(2021, 3, 10, 11, 59))
    after = regulations_in_force(municipality=municipality, at=oslo(2021, 3, 10, 12, 0))
    assert before == [adopted] and after == [amendment]
    assert "kl. 22.00" in after[0].sections.get(number=3).body
    assert "kl. 22.00" not in before[0].sections.get(number=3).body
    windows = timeline(list(adopted.regulation.versions.all()))
    assert version_lifecycle(adopted, oslo(2021, 3, 12), windows) == "superseded"


def test_open_ended_version_replaced_by_an_amendment_is_superseded_not_expired(municipality, case_officer, secretary):
    original = regulation_create(
        municipality=municipality,
        title="Uten sluttdato",
        by=case_officer,
        valid_from=oslo(2021, 3, 3),
        sections=[SectionInput(number=1, heading="Munnbind", body="Munnbind på buss.")],
    )
    version_submit(version=original, by=case_officer)
    version_adopt(version=original, by=secretary, body="formannskap", meeting_date=date(2021, 3, 3))
    amendment = version_start(regulation=original.regulation, kind=VersionKind.AMENDMENT, by=case_officer)
    _decide(amendment, case_officer, secretary, valid_from=oslo(2021, 3, 10), valid_until=None)
    original.refresh_from_db()
    windows = timeline(list(original.regulation.versions.all()))
    assert version_lifecycle(original, oslo(2021, 3, 12), windows) == "superseded"


def test_extension_continues_after_the_original_end(adopted, case_officer, secretary):
    extension = _adopt_new_version(
        adopted.regulation,
        VersionKind.EXTENSION,
        case_officer,
        secretary,
        valid_from=oslo(2021, 3, 17, 14),
        valid_until=oslo(2021, 3, 31, 14),
    )
    regulation = adopted.regulation
    assert version_in_force(regulation=regulation, at=oslo(2021, 3, 16)) == adopted
    assert version_in_force(regulation=regulation, at=oslo(2021, 3, 20)) == extension
    assert version_in_force(regulation=regulation, at=oslo(2021, 4, 1)) is None


def test_repeal_ends_the_regulation_early(adopted, case_officer, secretary):
    def repeal_text(sections):
        sections[0].body = "Forskriften oppheves 12. mars 2021 kl. 12.00."

    _adopt_new_version(
        adopted.regulation,
        VersionKind.REPEAL,
        case_officer,
        secretary,
        valid_from=oslo(2021, 3, 12, 12),
        valid_until=None,
        change=repeal_text,
    )
    regulation = adopted.regulation
    assert version_in_force(regulation=regulation, at=oslo(2021, 3, 12, 11)) == adopted
    assert version_in_force(regulation=regulation, at=oslo(2021, 3, 12, 12)) is None
    adopted.refresh_from_db()
    assert adopted.status == VersionStatus.REPEALED
    regulation = type(regulation).objects.prefetch_related("versions").get(pk=regulation.pk)
    assert regulation_summary(regulation, oslo(2021, 3, 14))["state"] == "repealed"


def test_repeal_after_expiry_leaves_the_expired_version_expired(adopted, case_officer, secretary):
    repeal = version_start(regulation=adopted.regulation, kind=VersionKind.REPEAL, by=case_officer)

    def text(sections):
        sections[0].body = "Forskriften oppheves."

    _decide(
        repeal,
        case_officer,
        secretary,
        valid_from=oslo(2021, 4, 1),
        valid_until=None,
        meeting=date(2021, 3, 30),
        change=text,
    )
    adopted.refresh_from_db()
    assert adopted.status == VersionStatus.ADOPTED
    windows = timeline(list(adopted.regulation.versions.all()))
    assert version_lifecycle(adopted, oslo(2021, 3, 20), windows) == "expired"


def test_drafts_and_rejected_texts_are_never_in_force(draft):
    assert version_in_force(regulation=draft.regulation, at=oslo(2021, 3, 5)) is None


def test_other_municipalities_never_see_drafts(draft, outsider, case_officer, auditor):
    assert draft in versions_for_user(case_officer)
    assert draft in versions_for_user(auditor)
    assert draft not in versions_for_user(outsider)
    assert draft.regulation not in regulations_for_user(outsider)


def test_decided_texts_are_visible_to_everyone(adopted, outsider):
    assert adopted in versions_for_user(outsider)
    assert adopted.regulation in regulations_for_user(outsider)


def test_a_new_draft_of_an_adopted_regulation_stays_private(adopted, case_officer, outsider):
    amendment = version_start(regulation=adopted.regulation, kind=VersionKind.AMENDMENT, by=case_officer)
    assert amendment not in versions_for_user(outsider)
    assert adopted in versions_for_user(outsider)


def test_two_regulations_in_force_at_once_are_both_returned(adopted, municipality, case_officer, secretary):
    other = regulation_create(
        municipality=municipality,
        title="Forskrift om munnbind",
        by=case_officer,
        valid_from=oslo(2021, 3, 1),
        valid_until=None,
        sections=[SectionInput(number=1, heading="Munnbind", body="Munnbind skal brukes på buss.")],
    )
    version_submit(version=other, by=case_officer)
    version_adopt(version=other, by=secretary, body="kommunestyre", meeting_date=date(2021, 2, 26))
    in_force = regulations_in_force(municipality=municipality, at=oslo(2021, 3, 5))
    assert {v.pk for v in in_force} == {adopted.pk, other.pk}


def test_sql_in_force_filter_agrees_with_the_timeline(adopted, case_officer, secretary):
    from datetime import timedelta

    from regulations.selectors import versions_in_force_during

    def tighten(sections):
        sections[2].body = "Ingen skjenking etter kl. 22.00."

    amendment = _adopt_new_version(
        adopted.regulation,
        VersionKind.AMENDMENT,
        case_officer,
        secretary,
        valid_from=oslo(2021, 3, 10, 12),
        valid_until=oslo(2021, 3, 17, 14),
        change=tighten,
    )
    extension = _adopt_new_version(
        adopted.regulation,
        VersionKind.EXTENSION,
        case_officer,
        secretary,
        valid_from=oslo(2021, 3, 17, 14),
        valid_until=oslo(2021, 3, 24, 14),
    )
    versions = list(adopted.regulation.versions.all())
    for day in range(1, 27):
        start = oslo(2021, 3, day)
        end = start + timedelta(days=1)
        expected = {w.version.pk for w in timeline(versions) if w.overlaps(start, end)}
        assert set(versions_in_force_during(start, end).values_list("pk", flat=True)) == expected, day
    assert set(versions_in_force_during(oslo(2021, 3, 10), oslo(2021, 3, 11)).values_list("pk", flat=True)) == {
        adopted.pk,
        amendment.pk,
    }
    assert set(versions_in_force_during(oslo(2021, 3, 17), oslo(2021, 3, 18)).values_list("pk", flat=True)) == {
        amendment.pk,
        extension.pk,
    }


def test_a_page_of_the_regulation_list_is_read_in_order_from_an_index(draft, case_officer, secretary):
    first_page = regulation_list(user=case_officer)[:25]
    assert [r.pk for r in first_page] == [draft.regulation_id]
    assert not sorts_every_row(first_page)
    # The list of the whole country, as a system administrator reads it.
    secretary.is_superuser = True
    assert not sorts_every_row(regulation_list(user=secretary)[:25])
