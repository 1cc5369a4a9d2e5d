"""Frozen content: documents whose text was decided on and may never change afterwards.

Each document kind registers, in its AppConfig.ready(), how to find its frozen objects, the
content hash it was frozen with and how to compute the hash of what the database holds now.
Pages and APIs ask `content_mismatch(obj)` before they show a frozen text, and
`audit_verify` walks every registered kind: a row changed behind the application's back (an
UPDATE in the database) shows as a warning instead of being served as the decided text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FrozenKind:
    """How one model's frozen content is checked.

    `frozen` returns the queryset of frozen objects; `recorded_hash(obj)` the SHA-256 the
    object was frozen with (empty when it is not frozen); `current_hash(obj)` the SHA-256 of
    its content as the database holds it now; `noun` names the kind in messages.
    """

    label: str
    noun: object  # a lazy translation
    frozen: Callable[[], QuerySet]
    recorded_hash: Callable[[Any], str]
    current_hash: Callable[[Any], str]
    warning: object = ""  # a lazy translation; DEFAULT_WARNING when empty


_KINDS: dict[str, FrozenKind] = {}

DEFAULT_WARNING = _(
    "Teksten i databasen stemmer ikke med innholdets SHA-256 fra vedtaket. Den kan være endret utenom "
    "applikasjonen: bruk det arkiverte dokumentet, og varsle systemansvarlig."
)


def frozen_kind_register(kind: FrozenKind) -> None:
    """Called once per model from its app's `ready()`; registering again replaces the entry."""
    _KINDS[kind.label] = kind


def frozen_kinds() -> list[FrozenKind]:
    return list(_KINDS.values())


def _kind_of(obj) -> FrozenKind | None:
    return _KINDS.get(obj._meta.label_lower)


def content_mismatch(obj) -> str:
    """The warning to show beside `obj` when its frozen content no longer matches the hash it
    was frozen with; "" when it matches, is not frozen, or its kind registered nothing."""
    kind = _kind_of(obj)
    if kind is None:
        return ""
    recorded = kind.recorded_hash(obj)
    if not recorded or kind.current_hash(obj) == recorded:
        return ""
    return str(kind.warning or DEFAULT_WARNING)
