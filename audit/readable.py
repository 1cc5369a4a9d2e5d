"""How the trail reads to a person: the one place recorded events become what a reader understands.

An event keeps what happened as it was recorded (choice codes, ids of linked records, instants
in UTC, the field names of the day): that is what its hash covers, so it is never rewritten.
The story, the timeline and the exports read it through here, with the models of today: choice
labels, Ja/Nei, field names by their verbose names, linked records by name with a link (only
those the viewer may see), dates and times as Norwegians write them in Oslo time, and word
diffs for text fields only.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, camel_case_to_spaces, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.diffs import side_by_side
from core.formats import format_date_nb, format_datetime_nb
from core.sanitize import html_as_text

from .models import AuditEvent, AuditKind
from .subjects import reference_for

# Attribute names in use without a verbose name of their own (Django would call them
# «created at»); a field with its own verbose name is always named by it.
FIELD_NAMES = {
    "created_at": gettext_lazy("opprettet"),
    "created_by": gettext_lazy("opprettet av"),
    "number": gettext_lazy("nummer"),
    "year": gettext_lazy("år"),
    "order": gettext_lazy("rekkefølge"),
    "last_document_number": gettext_lazy("siste dokumentnummer"),
    "dedupe_key": gettext_lazy("nøkkel mot dobbeltføring"),
    "archived_pdf": gettext_lazy("arkivert PDF"),
    "base_pdf": gettext_lazy("felles del (PDF)"),
    "journal_pdf": gettext_lazy("journaleksemplar (PDF)"),
}
# What an event's details say that a reader needs (a copy's recipient and channel, a file).
DETAIL_NAMES = {
    "recipient": gettext_lazy("mottaker"),
    "channel": gettext_lazy("kanal"),
    "email": gettext_lazy("e-post"),
    "filename": gettext_lazy("fil"),
}
SHORT = 80  # characters of a value in the timeline's overview


def _model(label: str):
    try:
        return apps.get_model(label) if label and "." in label else None
    except (LookupError, ValueError):
        return None


def _field(model, name: str | None):
    if model is None or not name:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_link(f) -> bool:
    return f is not None and f.is_relation and (f.many_to_one or f.one_to_one) and f.concrete


def _is_text(f) -> bool:
    return isinstance(f, models.CharField | models.TextField) and not f.choices and not f.is_relation


def _own_name(f) -> str | None:
    """The field's verbose name when it has one of its own (not the one Django made of its name)."""
    name = str(f.verbose_name)
    return None if name == f.name.replace("_", " ") else name


def field_label(model, name: str, recorded: str = "") -> str:
    """What a field is called: its verbose name, else a known name, else (`…_by`) who did what
    its `…_at` sibling names, else (a link) what it links to, else as recorded."""
    f = _field(model, name)
    if f is None:
        return recorded or name
    own = _own_name(f)
    if own:
        return own
    if name in FIELD_NAMES:
        return str(FIELD_NAMES[name])
    if name.endswith("_by"):
        sibling = _field(model, name.removesuffix("_by") + "_at")
        sibling_name = _own_name(sibling) if sibling is not None else None
        if sibling_name:
            return _("%(what)s av") % {"what": sibling_name}
    if _is_link(f):
        return str(f.related_model._meta.verbose_name)
    return recorded or name


def _plain_value(f, raw: str) -> str:
    """A recorded value that is not a link, as a reader says it."""
    if raw == "" or f is None:
        return raw
    if isinstance(f, models.TextField):
        return html_as_text(raw)  # a rich-text field's words, not its markup
    if f.choices:
        return next((str(label) for key, label in f.flatchoices if str(key) == raw), raw)
    if isinstance(f, models.BooleanField):
        return {"True": _("Ja"), "False": _("Nei")}.get(raw, raw)
    try:
        if isinstance(f, models.DecimalField | models.FloatField):
            # With the reader's decimal sign: 1,8 in Norwegian.
            return number_format(Decimal(raw), use_l10n=True)
        if isinstance(f, models.DateTimeField):
            return format_datetime_nb(datetime.fromisoformat(raw))
        if isinstance(f, models.DateField):
            return format_date_nb(date.fromisoformat(raw[:10]))
    except (ValueError, InvalidOperation):
        return raw
    return raw


# The name Django gives an object of a model without a __str__ of its own.
DEFAULT_REPR = re.compile(r"^\w+ object \(\w+\)$")


def _object_label(event: AuditEvent, model) -> str:
    """What the event is about, as recorded; an object recorded by Django's default name
    («LetterApprover object (1)») is named by its kind if that has a name of its own, else
    not at all (the event's comment says what it was)."""
    if not DEFAULT_REPR.match(event.object_repr):
        return event.object_repr
    if model is None or model._meta.verbose_name == camel_case_to_spaces(model._meta.object_name):
        return ""
    return capfirst(str(model._meta.verbose_name))


def line_breaks(html: str) -> SafeString:
    """Already escaped HTML with its line breaks as <br>, as the `linebreaksbr` filter writes them."""
    return mark_safe(html.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>"))


def _link(text: str, url: str | None) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, text) if url else escape(text)


@dataclass(frozen=True)
class Change:
    """One field's change as read: `old`/`new` in words (exports), `old_html`/`new_html` for the
    story (words marked in text fields, links to linked records, line breaks kept),
    `old_short`/`new_short` for the timeline. Each form is made when a page asks for it: the
    timeline and the exports never pay for the word diff, the story never for the shortening."""

    field: str
    label: str
    old: str
    new: str
    old_url: str | None = None
    new_url: str | None = None
    is_text: bool = False

    def _short(self, value: str, url: str | None) -> SafeString:
        return escape(Truncator(value).chars(SHORT)) if self.is_text else _link(value, url)

    @cached_property
    def old_short(self) -> SafeString:
        return self._short(self.old, self.old_url)

    @cached_property
    def new_short(self) -> SafeString:
        return self._short(self.new, self.new_url)

    @cached_property
    def _html(self) -> tuple[SafeString, SafeString]:
        old, new = side_by_side(self.old, self.new) if self.is_text else (self.old_short, self.new_short)
        return line_breaks(old), line_breaks(new)

    @property
    def old_html(self) -> SafeString:
        return self._html[0]

    @property
    def new_html(self) -> SafeString:
        return self._html[1]

    def as_text(self) -> str:
        return f"{capfirst(self.label)}: {self.old or '–'} → {self.new or '–'}"


@dataclass(frozen=True)
class ReadEvent:
    """An event as read: its changes, the states a decision moved between, its details (a
    copy's recipient and channel), a committee's decision with its values in words."""

    event: AuditEvent
    changes: list[Change]
    states: tuple[str, str] | None = None
    details: list[tuple[str, str]] = field(default_factory=list)
    decision: dict | None = None
    decision_items: list[tuple[str, str]] = field(default_factory=list)
    object_label: str = ""
    kind_label: str = ""

    def details_text(self) -> str:
        parts = [_("fra «%(a)s» til «%(b)s»") % {"a": self.states[0], "b": self.states[1]}] if self.states else []
        parts += [f"{label}: {value}" for label, value in (*self.details, *self.decision_items)]
        return "; ".join(parts)


class Reader:
    """Reads the events of one page (or one export chunk) for one viewer: the linked records
    they name are fetched once per kind, through each kind's scoping selector, so a page costs
    the same number of queries whatever its events link to."""

    def __init__(self, user, events: Iterable[AuditEvent], known: Iterable[Any] = ()):
        """`known`: records the viewer is already known to see (a story's own document), named
        without asking the database again."""
        self.user = user
        self.events = list(events)
        self._names: dict[tuple[str, str], tuple[str, str | None]] = {}
        self._named_kinds: set[str] = set()
        # Each kind's label translated once for the page, not once an event.
        self._kind_labels = {str(value): str(label) for value, label in AuditKind.choices}
        wanted: dict[str, set[int]] = defaultdict(set)
        for event in self.events:
            model = _model(event.object_type)
            for c in event.changes or []:
                f = _field(model, c.get("field"))
                if _is_link(f):
                    for raw in (c.get("old"), c.get("new")):
                        if str(raw or "").isdigit() and len(str(raw)) < 19:
                            wanted[f.related_model._meta.label_lower].add(int(raw))
        for obj in known:
            label = obj._meta.label_lower
            reference = reference_for(label)
            if reference is not None and obj.pk in wanted.get(label, ()):
                wanted[label].discard(obj.pk)
                self._names[(label, str(obj.pk))] = (reference.name(obj), reference.url(obj) if reference.url else None)
        self._named_kinds = {label for label in wanted if reference_for(label) is not None}
        for label, ids in wanted.items():
            reference = reference_for(label)
            if reference is None or not ids:
                continue
            qs = reference.visible(user).filter(pk__in=ids)
            if reference.related:
                qs = qs.select_related(*reference.related)
            for obj in qs:
                self._names[(label, str(obj.pk))] = (reference.name(obj), reference.url(obj) if reference.url else None)

    def _value(self, f, raw) -> tuple[str, str | None]:
        raw = "" if raw is None else str(raw)
        if not _is_link(f) or raw == "":
            return _plain_value(f, raw), None
        label = f.related_model._meta.label_lower
        if (label, raw) in self._names:
            return self._names[(label, raw)]
        kind = capfirst(str(f.related_model._meta.verbose_name))
        if label not in self._named_kinds:
            return kind, None  # a kind the records never name by name (a stored file)
        # Not one the viewer may see (or no longer there): named by its kind, never by its name.
        return _("%(kind)s (ikke tilgjengelig for deg)") % {"kind": kind}, None

    def change(self, model, recorded: dict) -> Change:
        name = str(recorded.get("field") or "")
        f = _field(model, name)
        (old, old_url), (new, new_url) = self._value(f, recorded.get("old")), self._value(f, recorded.get("new"))
        label = field_label(model, name, str(recorded.get("label") or ""))
        return Change(name, label, old, new, old_url, new_url, _is_text(f))

    def read(self, event: AuditEvent) -> ReadEvent:
        model = _model(event.object_type)
        data = event.data or {}
        states = None
        if data.get("from") or data.get("to"):
            status = _field(model, getattr(model, "workflow_field", "status"))
            states = (_plain_value(status, str(data.get("from", ""))), _plain_value(status, str(data.get("to", ""))))
        details = [
            (str(label), _plain_value(_field(model, key), str(data[key])))
            for key, label in DETAIL_NAMES.items()
            if data.get(key) not in (None, "")
        ]
        decision, decision_items = None, []
        if isinstance(data.get("decision"), dict):
            # The vote's details are fields of the decided object (a regulation's version).
            decision = {k: _plain_value(_field(model, k), str(v)) for k, v in data["decision"].items()}
            decision_items = [(field_label(model, k), v) for k, v in decision.items()]
        return ReadEvent(
            event=event,
            changes=[self.change(model, c) for c in event.changes or [] if isinstance(c, dict)],
            states=states,
            details=details,
            decision=decision,
            decision_items=decision_items,
            object_label=_object_label(event, model),
            kind_label=self._kind_labels.get(event.kind, event.kind),
        )

    def __iter__(self):
        return (self.read(e) for e in self.events)


def read_events(user, events: Iterable[AuditEvent], known: Iterable[Any] = ()) -> list[ReadEvent]:
    """The events as `user` reads them, in the order given (`known`: see `Reader`)."""
    return list(Reader(user, events, known))
