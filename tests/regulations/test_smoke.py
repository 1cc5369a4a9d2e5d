import pytest
from regulations.models import VersionStatus
from regulations.selectors import version_in_force
from tests.factories import oslo

def test_smoke(adopted):
    adopted.refresh_from_db()
    assert adopted.status == VersionStatus.ADOPTED
    assert version_in_force(regulation=adopted.regulation, at=oslo(2021,3,5)) == adopted
    assert adopted.history.count() >= 2
