"""The answer to a changed risk picture: a newer assessment laid down as the regulation's
basis, or a recorded decision not to change the regulation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import history_note
from core.sanitize import normalize_text
from core.selectors import DRAFTING_ROLES, has_role

from ..models import Regulation, RiskPictureResponse, RiskResponseKind, deciding_roles


def may_answer_risk_picture(user, regulation: Regulation) -> bool:
    """The one rule for answering a changed risk picture: those who draft the municipality's
    regulations and those who record its political decisions."""
    return has_role(user, regulation.municipality_id, *DRAFTING_ROLES, *deciding_roles(regulation.layer))


def risk_picture_answer(*, regulation: Regulation, assessment, by, kind: str, comment: str = "") -> RiskPictureResponse:
    """Record the answer to the risk picture of `assessment` (approved, of the regulation's
    municipality): `linked` lays it down as the regulation's basis, `no_change` records the
    decision to leave the regulation as it is (a reason is required). Who and why are in the
    response's history, and so in the regulation's audit trail."""
    if not may_answer_risk_picture(by, regulation):
        raise PermissionDenied(_("Bare saksbehandler, kommuneoverlege eller møtesekretær kan svare på risikobildet."))
    comment = normalize_text(comment)
    if kind not in RiskResponseKind.values:
        raise ValidationError(_("Velg hvordan endringen i risikobildet er besvart."))
    if assessment is None or assessment.municipality_id != regulation.municipality_id or not assessment.is_frozen:
        raise ValidationError(_("Bare en godkjent risikovurdering fra samme kommune kan besvares."))
    if kind == RiskResponseKind.NO_CHANGE and not comment:
        raise ValidationError({"comment": _("Skriv hvorfor forskriften ikke endres.")})
    with transaction.atomic():
        Regulation.objects.select_for_update().filter(pk=regulation.pk).first()  # two clicks at once queue up
        if RiskPictureResponse.objects.filter(regulation=regulation, assessment=assessment).exists():
            raise ValidationError(_("Risikobildet i denne vurderingen er allerede besvart."))
        response = RiskPictureResponse(
            regulation=regulation, assessment=assessment, kind=kind, comment=comment, decided_by=by
        )
        history_note(response, by=by, reason=comment or str(RiskResponseKind(kind).label))
        response.full_clean()
        response.save()
    return response
