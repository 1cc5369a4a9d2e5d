"""What a case holds and what it concerns, registered by the apps in their AppConfig.ready().

A case files numbered documents of several kinds (the letters app files its outgoing letters,
this app the incoming documents): each kind is a `FiledKind`. A case also concerns documents
of other apps (a regulation, an assessment): each kind is a `LinkKind`, with the app's
scoping selector. So this app, like core, knows no document kind by name: imports run from
the domain apps down to it (CONVENTIONS 7a).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class FiledKind:
    """A kind of numbered document filed in a case.

    `label` is its model (app.model); `in_case(case)` gives the case's documents of this
    kind, each with its `document_number`, loaded for `template`, which shows one as a row of
    the case's document list (context: `document`, `case`).
    """

    label: str
    in_case: Callable[[Any], Iterable[Any]]
    template: str


@dataclass(frozen=True)
class LinkKind:
    """A kind of document a case can concern (a link from the case to it).

    `field` is CaseLink's foreign key to the document; `visible(user)` the app's scoping
    selector: a person sees, chooses and links only what it gives. `label` names the choice in
    the form and `choice_label(document)` each document there, in the order `order_by`;
    `related` is what to load with a document; `template` shows one linked document on the
    case page (context: `document`). `search(queryset, text)` narrows the choices to those
    matching what the person typed (the form shows only the first matches, never all).
    """

    field: str
    label: Any
    visible: Callable[[Any], QuerySet]
    template: str
    choice_label: Callable[[Any], str] = str
    related: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()
    search: Callable[[QuerySet, str], QuerySet] = lambda queryset, text: queryset


_FILED: dict[str, FiledKind] = {}
_LINKS: dict[str, LinkKind] = {}


def filed_kind_register(kind: FiledKind) -> None:
    _FILED[kind.label] = kind


def filed_kinds() -> list[FiledKind]:
    return list(_FILED.values())


def link_kind_register(kind: LinkKind) -> None:
    _LINKS[kind.field] = kind


def link_kinds() -> list[LinkKind]:
    """In the order registered (the apps' order in INSTALLED_APPS)."""
    return list(_LINKS.values())
