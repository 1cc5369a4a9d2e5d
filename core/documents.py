"""The kinds of formal document, as the shared mechanisms need to know them.

Each document kind (a regulation version, a risk assessment, a letter, and the kinds still to
come) registers one `DocumentKind` in its app's AppConfig.ready(), as Django's admin collects
its ModelAdmins. From it:

- `core.previews` renders and keeps a draft's PDF preview (`render`, `preview_key`,
  `preview_cost`);
- `core.archive` renders and stores the archival PDF of a decided document (`render`,
  `archive_task`, `archive_filename`) for kinds built on `core.archive.FrozenDocument`;
- `content_mismatch` here, the pages and `audit_verify` check a frozen document's content
  against the hash it was frozen with (`frozen`, `recorded_hash`, `current_hash`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

DEFAULT_WARNING = _(
    "Teksten i databasen stemmer ikke med innholdets SHA-256 fra vedtaket. Den kan være endret utenom "
    "applikasjonen: bruk det arkiverte dokumentet, og varsle systemansvarlig."
)


@dataclass(frozen=True)
class DocumentKind:
    """One model's documents. Every callable takes that model's objects.

    `load(pk)` fetches one with what rendering needs (None if gone); `render(obj)` gives its
    PDF (marked UTKAST while a draft). `frozen()` is the queryset of frozen documents;
    `recorded_hash(obj)` the content hash it was frozen with ("" while not frozen);
    `current_hash(obj)` the hash of its content as the database holds it now.
    `preview_key(obj)` changes whenever the draft's PDF would; `preview_cost(obj)` estimates
    it in pages. `archive_task` (with `archive_id_argument`) is the Celery task that archives
    one decided document, named by `archive_filename(obj)`; empty for kinds archived otherwise.
    `retriable_for(user)` is the queryset of this kind's documents whose archival PDF `user` may
    ask to be made again (the overview lists those whose render failed), `url(obj)` its page.
    """

    label: str
    noun: Any  # a lazy translation
    load: Callable[[int], Any]
    render: Callable[[Any], bytes]
    frozen: Callable[[], QuerySet]
    recorded_hash: Callable[[Any], str]
    current_hash: Callable[[Any], str]
    preview_key: Callable[[Any], str]
    preview_cost: Callable[[Any], float]
    archive_task: str = ""
    archive_id_argument: str = ""
    archive_filename: Callable[[Any], str] | None = None
    warning: Any = ""  # a lazy translation; DEFAULT_WARNING when empty
    retriable_for: Callable[[Any], QuerySet] | None = None
    url: Callable[[Any], str] | None = None


def load_from(queryset: QuerySet) -> Callable[[int], Any]:
    """A kind's `load`: the object of `queryset` (with what rendering needs) of that primary
    key, or None when it is gone."""
    return lambda pk: queryset.filter(pk=pk).first()


def render_with(path: str) -> Callable[[Any], bytes]:
    """A kind's `render`: the PDF function at the dotted `path`, imported by the first render so
    that WeasyPrint is loaded then, not when the app starts."""

    def render(obj) -> bytes:
        return import_string(path)(obj)

    return render


_KINDS: dict[str, DocumentKind] = {}


def document_kind_register(kind: DocumentKind) -> None:
    """Called once per model from its app's `ready()`; registering again replaces the entry."""
    _KINDS[kind.label] = kind


def document_kind(label: str) -> DocumentKind:
    return _KINDS[label]


def document_kind_of(obj) -> DocumentKind | None:
    return _KINDS.get(obj._meta.label_lower)


def document_kinds() -> list[DocumentKind]:
    return list(_KINDS.values())


def content_mismatch(obj, current: str | None = None) -> str:
    """The warning to show beside `obj` when its frozen content no longer matches the hash it
    was frozen with; "" when it matches, is not frozen, or its kind registered nothing.
    `current`: the hash of its content now, when the caller computed it from what it read."""
    kind = document_kind_of(obj)
    if kind is None:
        return ""
    recorded = kind.recorded_hash(obj)
    if not recorded or (kind.current_hash(obj) if current is None else current) == recorded:
        return ""
    return str(kind.warning or DEFAULT_WARNING)
