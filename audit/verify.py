"""Tamper evidence: recompute the chain and the archived documents' hashes."""

import hashlib
from dataclasses import dataclass

from core.documents import document_kinds
from core.models import ArchivedDocument

from .models import AuditEvent, AuditKind, ChainHead
from .services import compute_hash

CHUNK = 2000


@dataclass
class Result:
    checked: int
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def verify_chain() -> Result:
    """Walk the events in chain order; the first event whose hash, link or number does not
    match is named. Events removed from the end are caught by the chain head.

    The head is read first and the walk stops at it, so events appended while the walk runs
    (a sign-in, say) are not mistaken for damage; they are checked by the next run.
    """
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        if AuditEvent.objects.exists():
            return Result(0, "Kjedehodet mangler, men det finnes hendelser: kjeden kan ikke kontrolleres.")
        return Result(0)
    previous_hash, expected_seq, checked = "", 1, 0
    for event in AuditEvent.objects.filter(seq__lte=head.last_seq).order_by("seq").iterator(chunk_size=CHUNK):
        if event.seq != expected_seq:
            return Result(
                checked, f"Hendelse nr. {expected_seq} mangler (neste er #{event.seq}, id {event.pk}): kjeden er brutt."
            )
        if event.previous_hash != previous_hash:
            return Result(checked, f"Hendelse #{event.seq} (id {event.pk}) peker ikke på forrige hendelses hash.")
        if compute_hash(event) != event.hash:
            return Result(
                checked, f"Hendelse #{event.seq} (id {event.pk}) er endret: innholdet stemmer ikke med hashen."
            )
        previous_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if head.last_seq != checked or head.last_hash != previous_hash:
        return Result(
            checked,
            f"Kjeden slutter ved #{checked}, men siste registrerte hendelse er #{head.last_seq}: "
            "hendelser er fjernet fra slutten.",
        )
    return Result(checked)


def _owner(document: ArchivedDocument) -> str:
    from django.core.exceptions import ObjectDoesNotExist

    for relation in ArchivedDocument._meta.related_objects:
        if not relation.one_to_one:
            continue
        try:
            owner = getattr(document, relation.get_accessor_name() or "", None)
        except ObjectDoesNotExist:
            continue
        if owner is not None:
            return f" ({owner})"
    return ""


def verify_documents() -> Result:
    """Every archived (frozen) PDF against its stored SHA-256, and that SHA-256 against the
    one the chain recorded when the document was stored."""
    recorded, repeated = {}, set()
    for object_id, data in (
        AuditEvent.objects.filter(object_type="core.archiveddocument", action="archived")
        .order_by("seq")
        .values_list("object_id", "data")
    ):
        if object_id in recorded:
            repeated.add(object_id)  # a document is stored once: a second record is a forgery
            continue
        recorded[object_id] = (data or {}).get("sha256")
    checked = 0
    for document in ArchivedDocument.objects.order_by("pk").iterator(chunk_size=50):
        name = f"Arkivert dokument {document.pk} «{document.filename}»{_owner(document)}"
        if hashlib.sha256(bytes(document.content)).hexdigest() != document.sha256:
            return Result(checked, f"{name} stemmer ikke med lagret SHA-256.")
        in_chain = recorded.get(str(document.pk))
        if str(document.pk) in repeated:
            return Result(checked, f"{name} er registrert mer enn én gang i revisjonssporet.")
        if in_chain is None:
            return Result(checked, f"{name} er ikke registrert i revisjonssporet.")
        if in_chain != document.sha256:
            return Result(checked, f"{name}: lagret SHA-256 er en annen enn den revisjonssporet registrerte.")
        checked += 1
    return Result(checked)


def _hashes_in_chain(label: str) -> dict[str, set[str]]:
    """Object id → the content hashes the trail's decisions recorded for objects of `label`."""
    recorded: dict[str, set[str]] = {}
    events = AuditEvent.objects.filter(object_type=label, kind__in=(AuditKind.DECISION, AuditKind.DISPATCH))
    for object_id, data in events.values_list("object_id", "data").iterator(chunk_size=CHUNK):
        value = (data or {}).get("content_hash")
        if value:
            recorded.setdefault(object_id, set()).add(value)
    return recorded


def _hashes_in_decisions(obj) -> set[str]:
    from core.workflow import decisions_for

    return {h for h in decisions_for(obj).values_list("content_hash", flat=True) if h}


def verify_contents() -> Result:
    """Every frozen document's content (a decided regulation version's sections and measures,
    an approved assessment, a dispatched letter) recomputed from the rows the pages serve and
    compared with the content hash it was frozen with, and that hash with the one the trail's
    decision recorded (so rewriting the text and its stored hash together is caught too)."""
    checked = 0
    for kind in document_kinds():
        in_chain = _hashes_in_chain(kind.label)
        for obj in kind.frozen().order_by("pk").iterator(chunk_size=200):
            recorded = kind.recorded_hash(obj)
            if not recorded:
                continue
            name = f"{kind.noun} {obj.pk} «{obj}»"
            current = kind.current_hash(obj)
            if current != recorded:
                return Result(
                    checked,
                    f"{name}: innholdet stemmer ikke med SHA-256 fra vedtaket "
                    f"(vedtatt {recorded[:12]}…, nå {current[:12]}…).",
                )
            # Decisions taken before the trail existed are only in the decision table.
            known = in_chain.get(str(obj.pk)) or _hashes_in_decisions(obj)
            if recorded not in known:
                return Result(checked, f"{name}: lagret SHA-256 for innholdet er ikke den som vedtaket registrerte.")
            checked += 1
    return Result(checked)
