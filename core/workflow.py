"""The workflow machinery shared by every document type (django-fsm-2 transitions).

Services call `transition_run` inside their atomic block; views ask
`transitions_for_user` which buttons to show.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from .models import WorkflowDecision


@dataclass(frozen=True)
class AvailableTransition:
    name: str
    label: str
    needs_comment: bool
    url_name: str | None
    style: str


def _declared_transitions(obj):
    field_name = getattr(obj, "workflow_field", "status")
    method = getattr(obj, f"get_all_{field_name}_transitions")
    return list(method())


def transitions_for_user(obj, user) -> list[AvailableTransition]:
    """The transitions `user` may take on `obj` now, in declaration order, with button labels."""
    seen = set()
    result = []
    for t in _declared_transitions(obj):
        if t.name in seen or t.custom.get("internal"):
            continue
        bound = getattr(obj, t.name)
        if has_transition_perm(bound, user):
            seen.add(t.name)
            result.append(
                AvailableTransition(
                    name=t.name,
                    label=str(t.custom.get("label", t.name)),
                    needs_comment=bool(t.custom.get("needs_comment")),
                    url_name=t.custom.get("url_name"),
                    style=t.custom.get("style", "primary"),
                )
            )
    return result


def transition_run(
    *, obj, name: str, by, comment: str = "", content_hash: str = "", check_permission: bool = True,
    at=None, **kwargs
) -> WorkflowDecision:
    """Take transition `name` on `obj` as `by`: check, change state, save with history, record.

    Must run inside the caller's `transaction.atomic()`. Raises PermissionDenied when the
    user may not take it and ValidationError when the state does not allow it.
    """
    bound = getattr(obj, name)
    if not can_proceed(bound):
        raise ValidationError(_("Denne handlingen er ikke mulig når dokumentet har status «%(status)s».")
                              % {"status": obj.get_status_display()})
    if check_permission and not has_transition_perm(bound, by):
        raise PermissionDenied(_("Du har ikke tilgang til å utføre denne handlingen."))
    source = obj.status
    bound(**kwargs)
    declared = next((t for t in _declared_transitions(obj) if t.name == name), None)
    # Recorded in the past tense ("Vedtatt"), as the decision reads afterwards.
    label = (declared.custom.get("done") or declared.custom.get("label", name)) if declared else name
    obj._history_user = by
    obj._change_reason = f"{label}: {comment}" if comment else str(label)
    obj.save()
    return WorkflowDecision.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        transition=name,
        label=str(label)[:200],
        source_state=source,
        target_state=obj.status,
        actor=by,
        comment=comment,
        content_hash=content_hash,
        at=at or timezone.now(),
    )


def decisions_for(obj):
    return WorkflowDecision.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("actor")
