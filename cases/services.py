"""Every write on case records: case and document numbers, links, incoming documents."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import history_note
from core.models import Organization, Role
from core.sanitize import normalize_text
from core.selectors import has_role
from core.services import archived_document_create

from .models import Case, CaseLink, CaseSequence, IncomingDocument
from .registry import LinkKind, link_kinds

RECORDS_ROLES = (Role.CASE_OFFICER, Role.RECORDS_OFFICER)
# How far ahead of the server's clock a time of receipt may be (the sender's or the records
# officer's clock running a little fast); anything later has not happened yet.
RECEIPT_CLOCK_SKEW = timedelta(minutes=5)


def _check_records_role(user, organization_id: int) -> None:
    if not has_role(user, organization_id, *RECORDS_ROLES):
        raise PermissionDenied(_("Du har ikke tilgang til saker i denne organisasjonen."))


def case_create(*, organization: Organization, title: str, by, year: int | None = None) -> Case:
    """Open a case with the next free number of the organization's year, without gaps.

    The sequence row is locked (SELECT … FOR UPDATE) so concurrent creations queue up.
    """
    year = year or timezone.localdate().year
    with transaction.atomic():
        CaseSequence.objects.get_or_create(organization=organization, year=year)
        seq = CaseSequence.objects.select_for_update().get(organization=organization, year=year)
        seq.last_number += 1
        seq.save(update_fields=["last_number"])
        case = Case(organization=organization, year=year, number=seq.last_number, title=title[:300], created_by=by)
        history_note(case, by=by, reason="Sak opprettet")
        case.full_clean()
        case.save()
    return case


def case_set_minimum_number(*, organization: Organization, year: int, number: int) -> None:
    """Let numbering continue after an imported case number (demo data, migration from Noark)."""
    with transaction.atomic():
        CaseSequence.objects.get_or_create(organization=organization, year=year)
        seq = CaseSequence.objects.select_for_update().get(organization=organization, year=year)
        if seq.last_number < number:
            seq.last_number = number
            seq.save(update_fields=["last_number"])


def case_open(
    *, organization: Organization, title: str, by, year: int | None = None, number: int | None = None
) -> Case:
    """Open a case (sak) numbered YY/NNNNN without gaps (case_create), as a records person.

    `number` is only for importing a case that already has its number (demo data, a
    migration from another Noark system): numbering then continues after it.
    """
    _check_records_role(by, organization.pk)
    title = normalize_text(title)
    if not title:
        raise ValidationError({"case_title": _("Skriv en sakstittel.")})
    year = year or timezone.localdate().year
    with transaction.atomic():
        if number is not None:
            existing = Case.objects.filter(organization=organization, year=year, number=number).first()
            if existing is not None:
                raise ValidationError({"case_title": _("Sak %(ref)s finnes allerede.") % {"ref": existing.reference}})
            case_set_minimum_number(organization=organization, year=year, number=number - 1)
        case = case_create(organization=organization, title=title, by=by, year=year)
        if number is not None and case.number != number:
            raise ValidationError({"case_title": _("Saksnummeret %(n)s er allerede passert.") % {"n": number}})
    return case


def case_document_number_allocate(*, case: Case, by) -> int:
    """The next document number in the case (1, 2, 3 …), without gaps or duplicates.

    The case row is locked (SELECT … FOR UPDATE) so concurrent allocations queue up. Must
    run inside the caller's transaction, so that a failed write does not leave a gap.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_document_number_allocate must run inside transaction.atomic()")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked.last_document_number += 1
    history_note(locked, by=by, reason=_("Dokumentnummer %(n)s tildelt") % {"n": locked.last_document_number})
    locked.save(update_fields=["last_document_number"])
    case.last_document_number = locked.last_document_number
    return locked.last_document_number


def case_external_reference_set(*, case: Case, by, reference: str) -> Case:
    """Record (or clear, with an empty `reference`) the case's number in the organization's own
    archive; who and why are kept in the case's history."""
    _check_records_role(by, case.organization_id)
    reference = normalize_text(reference)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.external_reference == reference:
            return locked
        locked.external_reference = reference
        history_note(
            locked,
            by=by,
            reason=_("Saksnummer i eget arkiv satt til %(ref)s") % {"ref": reference}
            if reference
            else _("Saksnummer i eget arkiv fjernet"),
        )
        locked.full_clean()
        locked.save(update_fields=["external_reference"])
    return locked


def _link_kind_for(document: models.Model | None) -> LinkKind | None:
    """The registered kind whose CaseLink foreign key points at `document`'s model."""
    if document is None:
        return None
    for kind in link_kinds():
        model = CaseLink._meta.get_field(kind.field).related_model
        if isinstance(model, type) and isinstance(document, model):
            return kind
    return None


def case_link_add(*, case: Case, by, document: models.Model | None) -> CaseLink:
    """Record that the case concerns `document`, of a kind registered as a LinkKind, that `by`
    may see (its app's scoping selector decides)."""
    _check_records_role(by, case.organization_id)
    kind = _link_kind_for(document)
    if kind is None or document is None:
        raise ValidationError(_("Velg enten en forskrift eller en risikovurdering."))
    if not kind.visible(by).filter(pk=document.pk).exists():
        raise ValidationError(_("Fant ikke dokumentet saken skal knyttes til."))
    lookup = {kind.field: document}
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()  # two clicks at once queue up here
        if CaseLink.objects.filter(case=case, **lookup).exists():
            raise ValidationError(_("Saken er allerede knyttet til dette dokumentet."))
        return CaseLink.objects.create(case=case, created_by=by, **lookup)


def _short_filename(name: str, limit: int = 200) -> str:
    """The uploaded file's name as stored: its own characters, at most `limit` long, extension kept."""
    name = "".join(c for c in (name or "") if c.isprintable() and c not in '"\\/')
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    extension = extension[:10] if dot else ""
    return (stem if dot else name)[: limit - len(extension) - 1] + (f".{extension}" if extension else "")


def incoming_document_register(
    *,
    case: Case,
    by,
    title: str,
    sender: Organization | None = None,
    sender_name: str = "",
    their_reference: str = "",
    received_at: datetime | None = None,
    in_reply_to: Any = None,
    content: bytes | None = None,
    filename: str = "",
) -> IncomingDocument:
    """Register a received document (e.g. a municipality's reply) as the case's next document.

    The sender is either an organization of the registry (`sender`, its name recorded) or a
    name typed (`sender_name`), never both. `in_reply_to` is the letter of the same case it
    answers, if any; `received_at` (now when
    not given) may not lie in the future beyond a few minutes of clock skew."""
    _check_records_role(by, case.organization_id)
    errors = {}
    title = normalize_text(title)
    typed_sender = normalize_text(sender_name)
    sender_name = typed_sender or (sender.name if sender else "")
    if not title:
        errors["title"] = _("Skriv en tittel.")
    if sender is not None and typed_sender:
        # Two senders at once: the typed name would silently stand for the one chosen.
        errors["sender_name"] = _(
            "Velg avsenderen fra registeret eller skriv avsenderens navn, ikke begge. Tøm det ene feltet."
        )
    elif not sender_name:
        errors["sender_name"] = _("Oppgi avsender.")
    if received_at is not None and timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    if received_at is not None and received_at > timezone.now() + RECEIPT_CLOCK_SKEW:
        errors["received_at"] = _("Et dokument kan ikke være mottatt fram i tid. Velg tidspunktet det kom inn.")
    if in_reply_to is not None and getattr(in_reply_to, "case_id", None) != case.pk:
        errors["in_reply_to"] = _("Brevet det svares på, hører til en annen sak.")
    if content is not None and not content.startswith(b"%PDF-"):
        errors["content"] = _("Vedlegget må være en PDF.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        number = case_document_number_allocate(case=case, by=by)
        document = (
            archived_document_create(content=content, filename=_short_filename(filename) or f"inngaende-{number}.pdf")
            if content
            else None
        )
        incoming = IncomingDocument(
            case=case,
            document_number=number,
            title=title[:300],
            sender=sender,
            sender_name=sender_name[:200],
            their_reference=(their_reference or "").strip()[:100],
            received_at=received_at or timezone.now(),
            in_reply_to=in_reply_to,
            document=document,
            registered_by=by,
        )
        history_note(incoming, by=by, reason=_("Inngående dokument registrert"))
        incoming.full_clean()
        incoming.save()
    return incoming
