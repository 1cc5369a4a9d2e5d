"""The approval chain: submit, approve in order, send back with a comment, cancel (U)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import Review, transition_comment_required, transition_run

from ..models import Letter, LetterApproval, LetterStatus, RecipientKind
from .drafting import approvals_invalidate, letter_content_hash, lock_letter


def _check_complete(letter: Letter) -> None:
    errors = []
    if not letter.recipients.filter(kind=RecipientKind.RECIPIENT).exists():
        errors.append(_("Brevet har ingen mottakere."))
    if not letter.approvers.exists():
        errors.append(_("Velg minst én godkjenner."))
    if not letter.signatories.exists():
        errors.append(_("Brevet har ingen underskrivere."))
    if not letter.body.strip():
        errors.append(_("Brevet har ingen tekst."))
    if errors:
        raise ValidationError(errors)


def _check_submittable(letter: Letter) -> None:
    if letter.status != LetterStatus.DRAFT:
        raise ValidationError(_("Bare et utkast kan sendes til godkjenning."))
    _check_complete(letter)


_REVIEW = Review(lock=lock_letter, check=_check_submittable, content_hash=letter_content_hash)


def letter_submit(*, letter: Letter, by, comment: str = "", now: datetime | None = None) -> Letter:
    """Send a complete draft to the first approver in the chain."""
    return _REVIEW.submit(letter, by=by, comment=comment, at=now)


def letter_approve(
    *, letter: Letter, by, expected_hash: str | None = None, now: datetime | None = None
) -> LetterApproval:
    """Approve the letter as the next approver in the chain, recording the exact content hash.

    `expected_hash` (the hash of the version the approver looked at) refuses the approval
    if the letter changed in between. `now` is only set when importing a historical letter.
    """
    with transaction.atomic():
        locked = lock_letter(letter)
        if locked.status != LetterStatus.AWAITING_APPROVAL:
            raise ValidationError(
                _("Brevet venter ikke på godkjenning (status «%(s)s»).") % {"s": locked.get_status_display()}
            )
        step = locked.next_approver_step()
        if not locked.approvers.filter(user_id=by.pk).exists():
            raise PermissionDenied(_("Du står ikke i godkjenningsrekken for dette brevet."))
        if step is None or step.user_id != by.pk:
            if locked.approvals.filter(step__user_id=by.pk, invalidated_at__isnull=True).exists():
                raise ValidationError(_("Du har allerede godkjent denne versjonen av brevet."))
            raise ValidationError(
                _("Det er %(name)s sin tur til å godkjenne.")
                % {"name": step.user.get_full_name() or step.user.username}
            )
        content_hash = letter_content_hash(locked)
        if expected_hash and expected_hash != content_hash:
            raise ValidationError(_("Brevet er endret siden du åpnet det. Les det på nytt før du godkjenner."))
        at = now or timezone.now()
        last = not locked.approvers.filter(order__gt=step.order).exists()
        # The transition checks that `by` is the next approver, so it runs before the approval is recorded.
        transition_run(obj=locked, name="approve", by=by, content_hash=content_hash, at=at, last=last)
        approval = LetterApproval.objects.create(
            letter=locked, step=step, approved_by=by, approved_at=at, content_hash=content_hash
        )
    return approval


def letter_send_back(*, letter: Letter, by, comment: str, now: datetime | None = None) -> Letter:
    """An approver in the chain sends the letter back to the case officer, saying why."""
    comment = transition_comment_required(comment, _("Skriv hvorfor brevet sendes tilbake."))
    with transaction.atomic():
        locked = lock_letter(letter)
        if locked.status != LetterStatus.AWAITING_APPROVAL:
            raise ValidationError(_("Bare et brev som venter på godkjenning, kan sendes tilbake."))
        approvals_invalidate(letter=locked, reason=_("Sendt tilbake: %(c)s") % {"c": comment}, now=now)
        transition_run(
            obj=locked, name="send_back", by=by, comment=comment, content_hash=letter_content_hash(locked), at=now
        )
    return locked


def letter_cancel(*, letter: Letter, by, comment: str) -> Letter:
    """Mark an unsent letter as «utgår» (U); it stays in the case with its number."""
    comment = transition_comment_required(comment, _("Skriv hvorfor brevet utgår."))
    with transaction.atomic():
        locked = lock_letter(letter)
        if locked.dispatch_started:
            raise ValidationError(_("Et ekspedert brev kan ikke settes til utgår."))
        transition_run(obj=locked, name="cancel", by=by, comment=comment, content_hash=letter_content_hash(locked))
    return locked
