"""Review and approval: submit → approve (or send back) → superseded by the next approval."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.archive import document_archive_queue, document_freeze
from core.sanitize import normalize_text
from core.workflow import Review, transition_run

from ..models import Assessment, AssessmentStatus
from .archive import assessment_content_hash
from .drafting import lock_assessment


def _check_complete(assessment: Assessment) -> None:
    """What a reviewer needs to approve: the level, its justification when it differs, the text."""
    errors = []
    if not assessment.risk_level:
        errors.append(_("Sett det samlede risikonivået før vurderingen sendes videre."))
    elif assessment.level_differs_from_suggestion and not assessment.level_justification:
        errors.append(
            _("Risikonivået avviker fra det foreslåtte nivået %(s)s: skriv en begrunnelse.")
            % {"s": assessment.suggested_risk_level}
        )
    if not assessment.readings.exists():
        errors.append(_("Registrer indikatorene (tall som mangler, kan stå tomme)."))
    if not (assessment.epidemiological_situation or assessment.summary):
        errors.append(_("Beskriv minst den epidemiologiske situasjonen eller oppsummeringen av risikobildet."))
    if errors:
        raise ValidationError(errors)


_REVIEW = Review(lock=lock_assessment, check=_check_complete, content_hash=assessment_content_hash)


def assessment_submit(*, assessment: Assessment, by, comment: str = "", now: datetime | None = None) -> Assessment:
    """Send a complete draft to the medical officer or the designated approver."""
    return _REVIEW.submit(assessment, by=by, comment=comment, at=now)


def assessment_send_back(*, assessment: Assessment, by, comment: str) -> Assessment:
    """Return an assessment in review to its author; the comment says what to change."""
    return _REVIEW.send_back(
        assessment, by=by, comment=comment, required=_("Skriv hvorfor vurderingen sendes tilbake.")
    )


def _queue_archive(assessment: Assessment) -> None:
    document_archive_queue(obj=assessment)


def _supersede(assessment: Assessment, *, by: Assessment, decided_by, at: datetime) -> None:
    """Mark an approved assessment as replaced by the approved assessment `by` of a later week:
    a step of the approval that `decided_by` makes at `at`."""
    assessment.superseded_by = by
    transition_run(
        obj=assessment,
        name="supersede",
        by=decided_by,
        check_permission=False,
        content_hash=assessment.content_hash,
        comment=_("Erstattet av vurderingen for uke %(w)s %(y)s") % {"w": by.iso_week, "y": by.iso_year},
        at=at,
    )


def assessment_approve(*, assessment: Assessment, by, comment: str = "", now: datetime | None = None) -> Assessment:
    """Approve and freeze: the content hash is recorded with the decision, the archival PDF is
    made after commit, and earlier approved assessments of the municipality are superseded.

    `now` is only set when importing historical assessments."""
    with transaction.atomic():
        locked = lock_assessment(assessment)
        _check_complete(locked)
        locked.approved_at = now or timezone.now()
        locked.approved_by = by
        document_freeze(obj=locked, name="approve", by=by, comment=normalize_text(comment), at=locked.approved_at)
        earlier = (
            Assessment.objects.select_for_update()
            .filter(municipality=locked.municipality, status=AssessmentStatus.APPROVED, date__lt=locked.date)
            .exclude(pk=locked.pk)
        )
        for old in earlier:
            _supersede(old, by=locked, decided_by=by, at=locked.approved_at)
        later = (
            Assessment.objects.filter(
                municipality=locked.municipality, status=AssessmentStatus.APPROVED, date__gt=locked.date
            )
            .order_by("date")
            .first()
        )
        if later is not None:
            # A late approval of an earlier week is history at once: the later week governs.
            _supersede(locked, by=later, decided_by=by, at=locked.approved_at)
        _queue_archive(locked)
    return locked


def assessment_archive_requeue(*, assessment: Assessment) -> None:
    """Queue the archival PDF again after a failed render (a new outbox job)."""
    document_archive_queue(obj=assessment, retry=True)
