"""Drafting a letter: create, edit, signatories and the approval chain.

Any change of the content after an approval invalidates the approvals and restarts the
chain (the letter goes back to «til godkjenning» and the first approver is asked again).
"""

import hashlib
import json
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.services import case_document_number_allocate, case_open
from core.history import canonical_instant, history_note
from core.models import Organization, Role
from core.sanitize import normalize_text, sanitize_html
from core.selectors import has_role
from core.workflow import transition_run

from ..models import Letter, LetterApproval, LetterApprover, LetterSignatory, LetterStatus, may_draft

FOOTER_FIELDS = (
    "name",
    "postal_address",
    "postal_code",
    "postal_place",
    "visiting_address",
    "phone",
    "org_number",
    "email",
    "web",
)


class StaleEditError(ValidationError):
    """The letter was changed by someone else since the form was opened."""


def letter_content_hash(letter: Letter, *, sender=None) -> str:
    """SHA-256 of everything an approver approves: text, references, people and addressees.

    The footer comes from `sender` when given (the sender's details as they were when the
    letter was dispatched), else from the sender's current details."""
    sender = sender if sender is not None else letter.sender
    payload = {
        "letter": letter.pk,
        "reference": letter.reference,
        "sender": letter.sender_id,
        "department": letter.department,
        "case_officer": letter.case_officer_id,
        "their_reference": letter.their_reference,
        "date": canonical_instant(letter.letter_date),
        "title": letter.title,
        "body": letter.body,
        "closing": letter.closing,
        "signatories": [[s.order, s.name, s.title, s.on_behalf] for s in letter.signatories.order_by("order")],
        "recipients": [
            [
                r.kind,
                r.order,
                r.organization_id,
                r.name,
                r.contact_person,
                r.address,
                r.postal_code,
                r.postal_place,
                r.email,
            ]
            for r in letter.recipients.order_by("kind", "order", "id")
        ],
        "approvers": [[a.order, a.user_id] for a in letter.approvers.order_by("order")],
        # The footer is printed from the sender's current details: approving covers them too.
        "footer": [getattr(sender, f) for f in FOOTER_FIELDS],
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def lock_letter(letter: Letter) -> Letter:
    # Only the letter's row is locked (PostgreSQL would otherwise lock the joined rows too).
    return (
        Letter.objects.select_for_update(of=("self",))
        .select_related("case", "sender", "case_officer")
        .get(pk=letter.pk)
    )


def check_may_edit(letter: Letter, by) -> None:
    if not may_draft(letter, by):
        raise PermissionDenied(_("Bare saksbehandlere hos avsenderen kan endre brevet."))
    if not letter.is_editable:
        raise ValidationError(
            _("Brevet har status «%(status)s» og kan ikke endres.") % {"status": letter.get_status_display()}
        )


def approvals_invalidate(*, letter: Letter, reason: str, now: datetime | None = None) -> int:
    """Mark every valid approval of the letter as no longer valid (kept for the record)."""
    count = 0
    for approval in letter.approvals.filter(invalidated_at__isnull=True):
        approval.invalidated_at = now or timezone.now()
        approval.invalidated_reason = reason[:300]
        approval.save(update_fields=["invalidated_at", "invalidated_reason"])
        count += 1
    return count


def content_changed(*, letter: Letter, by, reason: str) -> None:
    """After a change of a locked letter: bump the revision, save with history, restart approval."""
    letter.revision += 1
    history_note(letter, by=by, reason=reason)
    letter.full_clean()
    letter.save()
    if letter.status in (LetterStatus.AWAITING_APPROVAL, LetterStatus.APPROVED):
        had_approvals = approvals_invalidate(letter=letter, reason=_("Brevet ble endret: %(r)s") % {"r": reason})
        if had_approvals or letter.status == LetterStatus.APPROVED:
            transition_run(
                obj=letter, name="restart_approval", by=by, comment=reason, content_hash=letter_content_hash(letter)
            )


def _clean_text_fields(*, title: str, their_reference: str, closing: str, department: str) -> dict:
    errors = {}
    # One line: the title is also the e-mail subject, where a line break is refused.
    title = " ".join(normalize_text(title).split())
    if not title:
        errors["title"] = _("Skriv en tittel.")
    elif len(title) > 300:
        errors["title"] = _("Tittelen er for lang (høyst 300 tegn).")
    closing = normalize_text(closing) or "Vennlig hilsen"
    if len(closing) > 100:
        errors["closing"] = _("Hilsenen er for lang (høyst 100 tegn).")
    if len(their_reference or "") > 100:
        errors["their_reference"] = _("«Deres ref.» er for lang (høyst 100 tegn).")
    if len(department or "") > 200:
        errors["department"] = _("Avdelingsnavnet er for langt (høyst 200 tegn).")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "their_reference": (their_reference or "").strip(),
        "closing": closing,
        "department": (department or "").strip(),
    }


def letter_create(
    *,
    organization: Organization,
    by,
    title: str,
    case: Case | None = None,
    case_title: str = "",
    their_reference: str = "",
    body: str = "",
    closing: str = "Vennlig hilsen",
    department: str | None = None,
    case_officer=None,
    now: datetime | None = None,
) -> Letter:
    """Draft a new letter as the next document of `case` (or of a new case titled `case_title`).

    `now` (the letter's date and time) is only set when importing a historical letter.
    """
    if not has_role(by, organization.pk, Role.CASE_OFFICER):
        raise PermissionDenied(_("Du har ikke tilgang til å skrive brev for %(org)s.") % {"org": organization.name})
    if case is not None and case.organization_id != organization.pk:
        raise ValidationError({"case": _("Saken tilhører en annen organisasjon.")})
    fields = _clean_text_fields(
        title=title,
        their_reference=their_reference,
        closing=closing,
        department=organization.department if department is None else department,
    )
    officer = case_officer or by
    if not has_role(officer, organization.pk, Role.CASE_OFFICER):
        raise ValidationError({"case_officer": _("Saksbehandleren må være saksbehandler hos avsenderen.")})
    with transaction.atomic():
        if case is None:
            case = case_open(
                organization=organization,
                title=case_title or fields["title"],
                by=by,
                year=timezone.localtime(now).year if now else None,
            )
        number = case_document_number_allocate(case=case, by=by)
        letter = Letter(
            case=case,
            document_number=number,
            sender=organization,
            case_officer=officer,
            letter_date=now or timezone.now(),
            body=sanitize_html(body),
            created_by=by,
            created_at=now or timezone.now(),
            **fields,
        )
        history_note(letter, by=by, reason=_("Brevutkast opprettet"))
        letter.full_clean()
        letter.save()
    return letter


def letter_update(
    *,
    letter: Letter,
    by,
    title: str,
    body: str,
    their_reference: str = "",
    closing: str = "Vennlig hilsen",
    department: str = "",
    expected_revision: int | None = None,
    reason: str = "",
    letter_date: datetime | None = None,
) -> Letter:
    """Change the text (and the date) of an unsent letter; the body is sanitized (nh3). Restarts approval."""
    fields = _clean_text_fields(title=title, their_reference=their_reference, closing=closing, department=department)
    with transaction.atomic():
        locked = lock_letter(letter)
        check_may_edit(locked, by)
        if expected_revision is not None and expected_revision != locked.revision:
            raise StaleEditError(_("Brevet er endret av noen andre mens du redigerte. Last siden på nytt."))
        before = letter_content_hash(locked)
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.body = sanitize_html(body)
        if letter_date is not None:
            locked.letter_date = letter_date
        if len(locked.body) > 100_000:
            raise ValidationError({"body": _("Teksten er for lang.")})
        if letter_content_hash(locked) != before:
            content_changed(letter=locked, by=by, reason=reason or _("Brevteksten er endret"))
    return locked


def signatory_add(
    *, letter: Letter, by, name: str = "", title: str = "", on_behalf: bool = False, user=None
) -> LetterSignatory:
    """Add a name to the signature block, after those already there."""
    name = normalize_text(name) or (user.get_full_name() if user is not None else "")
    if not name:
        raise ValidationError({"name": _("Skriv navnet på den som undertegner.")})
    if len(name) > 200 or len(title or "") > 100:
        raise ValidationError({"name": _("Navn eller tittel er for langt.")})
    with transaction.atomic():
        locked = lock_letter(letter)
        check_may_edit(locked, by)
        last = locked.signatories.order_by("-order").values_list("order", flat=True).first() or 0
        signatory = LetterSignatory(
            letter=locked, order=last + 1, name=name, title=normalize_text(title), on_behalf=bool(on_behalf), user=user
        )
        history_note(signatory, by=by, reason=_("Underskriver lagt til"))
        signatory.save()
        content_changed(letter=locked, by=by, reason=_("Underskriver %(n)s lagt til") % {"n": signatory.display_name})
    return signatory


def letter_part_remove(*, part, by, removed: str, reason: str, check=None) -> None:
    """Delete one part of an unsent letter (a recipient, a signatory, an approval step) with
    who and why in its history; the letter's revision moves on and its approval restarts.

    `check(locked_letter)` may refuse with a ValidationError before anything is deleted.
    """
    with transaction.atomic():
        locked = lock_letter(part.letter)
        check_may_edit(locked, by)
        if check is not None:
            check(locked)
        history_note(part, by=by, reason=removed)
        part.delete()
        content_changed(letter=locked, by=by, reason=reason)


def signatory_remove(*, signatory: LetterSignatory, by) -> None:
    letter_part_remove(
        part=signatory,
        by=by,
        removed=_("Underskriver fjernet"),
        reason=_("Underskriver %(n)s fjernet") % {"n": signatory.display_name},
    )


def approver_add(*, letter: Letter, by, user) -> LetterApprover:
    """Put `user` (an approver at the sender) last in the approval chain."""
    if user is None or not has_role(user, letter.sender_id, Role.APPROVER):
        raise ValidationError({"user": _("Godkjenneren må ha rollen godkjenner hos avsenderen.")})
    if user.pk in (letter.case_officer_id, getattr(by, "pk", None)):
        raise ValidationError({"user": _("Saksbehandleren kan ikke godkjenne sitt eget brev.")})
    with transaction.atomic():
        locked = lock_letter(letter)
        check_may_edit(locked, by)
        if locked.approvers.filter(user=user).exists():
            raise ValidationError(
                {
                    "user": _("%(name)s står allerede i godkjenningsrekken.")
                    % {"name": user.get_full_name() or user.username}
                }
            )
        last = locked.approvers.order_by("-order").values_list("order", flat=True).first() or 0
        step = LetterApprover(letter=locked, order=last + 1, user=user)
        history_note(step, by=by, reason=_("Godkjenner lagt til"))
        step.save()
        content_changed(
            letter=locked, by=by, reason=_("Godkjenner %(n)s lagt til") % {"n": user.get_full_name() or user.username}
        )
    return step


def approver_remove(*, step: LetterApprover, by) -> None:
    def check(letter: Letter) -> None:
        if LetterApproval.objects.filter(step=step).exists():
            raise ValidationError(
                _("En godkjenner som har godkjent en versjon av brevet, kan ikke fjernes fra rekken.")
            )
        if letter.status != LetterStatus.DRAFT and letter.approvers.count() == 1:
            raise ValidationError(
                _("Brevet venter på godkjenning og må ha minst én godkjenner. Legg til en annen først.")
            )

    letter_part_remove(
        part=step, by=by, removed=_("Godkjenner fjernet"), reason=_("Godkjenner fjernet fra rekken"), check=check
    )


def approver_candidates(organization: Organization):
    """Users who may be put in an approval chain of letters from `organization`."""
    return (
        get_user_model()
        .objects.filter(memberships__organization=organization, memberships__role=Role.APPROVER)
        .distinct()
        .order_by("last_name", "first_name")
    )
