"""The README's role table is the one the declared transitions give, so it cannot drift."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import translation
from django_fsm import has_transition_perm

from core import workflow
from core.models import Organization, Role
from core.workflow import ROLE_TABLE_END, ROLE_TABLE_START, role_table_markdown, transitions_by_role
from letters.models import Letter
from tests.factories import OrganizationFactory, member

README = Path(settings.BASE_DIR) / "README.md"
LETTERS = "Brev og saker (letters and cases)"


def readme_role_table() -> str:
    text = README.read_text(encoding="utf-8")
    assert text.count(ROLE_TABLE_START) == 1 and text.count(ROLE_TABLE_END) == 1
    start = text.index(ROLE_TABLE_START)
    return text[start : text.index(ROLE_TABLE_END, start) + len(ROLE_TABLE_END)] + "\n"


def readme_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def readme_cell(role: Role, column: str) -> str:
    """What the README's role table says `role` may do in `column` (found by its Norwegian name)."""
    header, *rows = readme_role_table().splitlines()[1:]
    index = readme_cells(header).index(column)
    with translation.override("nb"):
        name = str(role.label)
    return next(readme_cells(row)[index] for row in rows if readme_cells(row)[1:2] == [name])


@pytest.mark.django_db
def test_readme_role_table_is_the_one_the_transitions_give():
    assert readme_role_table() == role_table_markdown(), (
        "The README's role table differs from the declared transitions: run "
        "`python manage.py role_table` and paste its output over the table in README.md."
    )


@pytest.mark.django_db
def test_the_command_prints_the_table():
    out = StringIO()
    call_command("role_table", stdout=out)
    assert out.getvalue() == role_table_markdown()


@pytest.mark.django_db
def test_the_records_officer_may_cancel_a_letter_as_the_readme_says():
    from letters import services

    directorate = OrganizationFactory()
    officer = member(Role.CASE_OFFICER, directorate)
    archivist = member(Role.RECORDS_OFFICER, directorate)
    auditor = member(Role.AUDITOR, directorate)
    letter = services.letter_create(organization=directorate, by=officer, title="Til kommunene", case_title="Covid-19")

    assert has_transition_perm(letter.cancel, archivist)
    assert has_transition_perm(letter.cancel, officer)
    assert not has_transition_perm(letter.cancel, auditor)
    assert "*Sett til utgår*" in readme_cell(Role.RECORDS_OFFICER, LETTERS)
    assert "*Sett til utgår*" in readme_cell(Role.CASE_OFFICER, LETTERS)
    assert readme_cell(Role.AUDITOR, LETTERS) == "—"


@pytest.mark.django_db
def test_every_role_and_every_workflow_model_is_in_the_table():
    tables = transitions_by_role()
    assert [t.model._meta.label for t in tables] == [
        "regulations.RegulationVersion",
        "assessments.Assessment",
        "meetings.Meeting",
        "letters.Letter",
    ]
    for table in tables:
        assert list(table.by_role) == [role.value for role in Role]
    letters = tables[3]
    assert [t.name for t in letters.by_role[Role.RECORDS_OFFICER]] == [
        "cancel",
        "start_dispatch",
        "resume_dispatch",
        "retry_delivery",
    ]
    assert [t.name for t in letters.by_role[Role.APPROVER]] == ["approve", "send_back"]


@pytest.mark.django_db
def test_the_table_leaves_nothing_in_the_database():
    users, organizations, letters = (
        get_user_model().objects.count(),
        Organization.objects.count(),
        Letter.objects.count(),
    )
    transitions_by_role()
    assert (get_user_model().objects.count(), Organization.objects.count(), Letter.objects.count()) == (
        users,
        organizations,
        letters,
    )


@pytest.mark.django_db
def test_a_workflow_model_without_a_role_sample_is_refused(monkeypatch):
    transitions_by_role()  # every app's workflow module is imported and has registered
    monkeypatch.delitem(workflow._role_samples, Letter)
    with pytest.raises(ImproperlyConfigured, match=re.escape("letters.Letter declares transition permissions")):
        transitions_by_role()
