"""Data made once for a whole test module, for modules whose every test reads the same
expensive data (the demo, the register of municipalities)."""

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.core.management import call_command
from django.db import transaction

T = TypeVar("T")


@contextmanager
def kept_for_module(django_db_blocker, make: Callable[[], T]) -> Iterator[T]:
    """Run `make` inside an outer transaction that stays open while the module's tests run,
    each in its own savepoint rolled back after it (as Django's setUpTestData does); roll the
    outer transaction back when the module ends, so the next module starts from an empty
    database. Use it in a module-scoped fixture: pytest sets those up before a test's own
    transaction. Only for a module whose every test wants the data, since a test of the
    module that does not ask for it still sees it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            made = make()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def seed_demo() -> str:
    """`manage.py seed_demo`; what it printed."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()
