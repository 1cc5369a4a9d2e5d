"""`manage.py seed_demo` on an empty database: what it freezes, and when it refuses to run.
(The tests that read the seeded demo share one seeding, in test_seed_demo.py.)"""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.test import override_settings

from core.models import Organization
from regulations.demo import REGULATION_TITLE, URGENT_TITLE
from regulations.models import Regulation, RegulationVersion
from tests.module_data import seed_demo

pytestmark = pytest.mark.django_db


def test_adoption_freezes_the_archival_pdf(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()

    versions = list(RegulationVersion.objects.filter(regulation__title__in=[REGULATION_TITLE, URGENT_TITLE]))
    assert len(versions) == 2
    for version in versions:
        assert version.archived_pdf is not None, version.pdf_error
        content = bytes(version.archived_pdf.content)
        assert content.startswith(b"%PDF")
        assert hashlib.sha256(content).hexdigest() == version.archived_pdf.sha256


@pytest.mark.parametrize("module", ["config.settings.production", "elsewhere.settings.production"])
def test_refuses_to_run_with_production_settings_in_the_environment(monkeypatch, module):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", module)
    with pytest.raises(CommandError, match="produksjonsinnstillinger"):
        seed_demo()
    assert not Organization.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_refuses_to_run_when_django_loaded_production_settings():
    with (
        override_settings(SETTINGS_MODULE="config.settings.production"),
        pytest.raises(CommandError, match=r"config\.settings\.production"),
    ):
        seed_demo()
    assert not Regulation.objects.exists()
