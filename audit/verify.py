"""Tamper evidence: recompute the chain and the archived documents' hashes."""

import hashlib
from dataclasses import dataclass

from core.models import ArchivedDocument

from .models import AuditEvent, ChainHead
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
            return Result(checked, f"Hendelse nr. {expected_seq} mangler (neste er #{event.seq}, id {event.pk}): "
                                   "kjeden er brutt.")
        if event.previous_hash != previous_hash:
            return Result(checked, f"Hendelse #{event.seq} (id {event.pk}) peker ikke på forrige hendelses hash.")
        if compute_hash(event) != event.hash:
            return Result(checked, f"Hendelse #{event.seq} (id {event.pk}) er endret: innholdet stemmer ikke med hashen.")
        previous_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if head.last_seq != checked or head.last_hash != previous_hash:
        return Result(checked, f"Kjeden slutter ved #{checked}, men siste registrerte hendelse er #{head.last_seq}: "
                               "hendelser er fjernet fra slutten.")
    return Result(checked)


def _owner(document: ArchivedDocument) -> str:
    from django.core.exceptions import ObjectDoesNotExist

    for attr in ("regulation_version", "risk_assessment", "letter_base", "letter_journal", "letter_delivery"):
        try:
            owner = getattr(document, attr, None)
        except ObjectDoesNotExist:
            continue
        if owner is not None:
            return f" ({owner})"
    return ""


def verify_documents() -> Result:
    """Every archived (frozen) PDF against its stored SHA-256, and that SHA-256 against the
    one the chain recorded when the document was stored."""
    recorded, repeated = {}, set()
    for object_id, data in AuditEvent.objects.filter(
            object_type="core.archiveddocument", action="archived").order_by("seq").values_list("object_id", "data"):
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
