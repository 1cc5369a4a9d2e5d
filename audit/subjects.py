"""Which organization and which document an object belongs to, for any model.

A section belongs to its version, the version to its regulation, the regulation to its
municipality. Rather than a table per model, the parents are found by walking the usual
foreign keys; a model can also say it outright with `audit_organization_id()` /
`audit_subject()` methods (the letters app may do so). Which models are documents, with a
story of their own, is what the apps register here (`subject_register` in ready()).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

# Foreign keys that lead from a part to the document it belongs to, tried in this order.
# A part's own organization field may name someone else (a letter's recipient): the
# document's organization decides, so the parents are walked first.
PARENT_ATTRS = ("measure", "section", "version", "letter", "case", "regulation", "assessment")
ORGANIZATION_ATTRS = ("organization_id", "municipality_id", "sender_id")


@dataclass(frozen=True)
class AuditSubject:
    """A kind of document whose events form its story, registered by its app in ready().

    `label` is the document model (app.model); `noun` its name in the timeline's filter;
    `parts` the (label, noun) of the models whose events belong to its story, for the filter;
    `visible(user)` the app's scoping selector, deciding who may read its story (None: it has
    no story page of its own); `part_labels(events=...)` optionally names the parts events are
    about more precisely than the name recorded with the event; `url(document)` its page, for
    the links of the records that name it; `related` what its name reads (for select_related);
    `listed` whether the filter offers it (every kind is, story or not, but for an older label
    that only events recorded before a move carry).
    """

    label: str
    noun: object
    parts: tuple = ()
    visible: Callable | None = None
    part_labels: Callable | None = None
    url: Callable | None = None
    related: tuple = ()
    listed: bool = True


@dataclass(frozen=True)
class Reference:
    """How the records name an object another one links to (a letter's case, its case officer),
    registered by the object's app in ready(): `visible(user)` the objects of the kind that
    `user` may see named (the others are named by their kind only); `url(obj)` a page the
    viewer may follow, or None; `related` what the name reads (for select_related); `name(obj)`
    its name (str by default)."""

    label: str
    visible: Callable
    url: Callable | None = None
    related: tuple = ()
    name: Callable = str


_SUBJECTS: dict[str, AuditSubject] = {}
_REFERENCES: dict[str, Reference] = {}


def subject_register(subject: AuditSubject) -> None:
    _SUBJECTS[subject.label] = subject


def reference_register(reference: Reference) -> None:
    _REFERENCES[reference.label] = reference


def reference_for(label: str) -> Reference | None:
    """How objects of `label` are named: as registered, or as the document it is (by its story's
    scoping selector); None when the kind is never named."""
    if label in _REFERENCES:
        return _REFERENCES[label]
    subject = _SUBJECTS.get(label)
    if subject is None or subject.visible is None:
        return None
    return Reference(label=label, visible=subject.visible, url=subject.url, related=subject.related)


def subject_for(label: str) -> AuditSubject | None:
    return _SUBJECTS.get(label)


def subjects() -> list[AuditSubject]:
    """In the order registered (the apps' order in INSTALLED_APPS)."""
    return list(_SUBJECTS.values())


def is_subject_model(label: str) -> bool:
    """A document in its own right, even though it may have a parent attribute."""
    return label in _SUBJECTS


@dataclass(frozen=True)
class Described:
    object_type: str
    object_id: str
    object_repr: str
    subject_type: str
    subject_id: str
    subject_repr: str
    organization_id: int | None


def label_of(obj) -> str:
    return obj._meta.label_lower


def _parent(obj):
    for attr in PARENT_ATTRS:
        field = next((f for f in obj._meta.concrete_fields if f.name == attr and f.is_relation), None)
        if field is None:
            continue
        try:
            parent = getattr(obj, attr)
        except ObjectDoesNotExist:
            return None
        if parent is not None:
            return parent
    return None


def _safe_str(obj) -> str:
    try:
        return str(obj)
    except Exception:  # a __str__ that follows a relation being deleted
        return f"{obj._meta.verbose_name} {obj.pk}"


def subject_of(obj):
    """The document `obj` is part of (itself for a document or a stand-alone record)."""
    if hasattr(obj, "audit_subject"):
        return obj.audit_subject()
    current = obj
    for _depth in range(6):
        if is_subject_model(label_of(current)):
            return current
        parent = _parent(current)
        if parent is None:
            return current
        current = parent
    return current


def _own_organization_id(obj) -> int | None:
    if hasattr(obj, "audit_organization_id"):
        return obj.audit_organization_id()
    if label_of(obj) == "core.organization":
        return obj.pk
    for attr in ORGANIZATION_ATTRS:
        if any(f.attname == attr for f in obj._meta.concrete_fields):
            value = getattr(obj, attr)
            if value is not None:
                return value
    return None


def organization_id_of(obj) -> int | None:
    """The organization whose trail the object belongs to: that of its document."""
    return _own_organization_id(subject_of(obj))


def describe(obj) -> Described:
    try:
        subject = subject_of(obj)
        organization_id = organization_id_of(obj)
    except ObjectDoesNotExist:
        subject, organization_id = obj, None
    return Described(
        object_type=label_of(obj),
        object_id=str(obj.pk),
        object_repr=_safe_str(obj),
        subject_type=label_of(subject),
        subject_id=str(subject.pk),
        subject_repr=_safe_str(subject),
        organization_id=organization_id,
    )
