"""A case's documents are letters and replies to them: the case records' tests use the
directorate, its people and its letters from the letters' fixtures."""

from tests.letters.conftest import (
    approved_letter,
    archivist,
    asker,
    baerum,
    baerum_user,
    consultant,
    director,
    directorate,
    dispatched_letter,
    draft_letter,
    officer,
)
