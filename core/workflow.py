"""The workflow machinery shared by every document type (django-fsm-2 transitions).

Services call `transition_run` inside their atomic block; views ask
`transitions_for_user` which buttons to show; `transitions_by_role` asks every declared
transition's permission which roles it grants (the README's role table, `manage.py role_table`).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django_fsm import FSMFieldMixin, Transition, can_proceed, has_transition_perm

from .history import history_note
from .models import Membership, Organization, OrganizationKind, Role, WorkflowDecision
from .sanitize import normalize_text

M = TypeVar("M", bound=models.Model)


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


def transition_permitted(obj, name: str, user) -> bool:
    """Whether the permission declared on `obj`'s transition `name` grants it to `user`,
    whatever state `obj` is in now.

    For refusing a person before anything is read or changed (a 403 on a page whose state
    may have moved on): whether the transition can be taken now, in this state and with its
    conditions, is for `has_transition_perm`, `transitions_for_user` and `transition_run`.
    """
    declared = next((t for t in _declared_transitions(obj) if t.name == name), None)
    if declared is None:
        raise ImproperlyConfigured(f"{type(obj)._meta.label} declares no transition {name!r}")
    return declared.has_perm(obj, user)


def transition_run(
    *,
    obj,
    name: str,
    by,
    comment: str = "",
    content_hash: str = "",
    check_permission: bool = True,
    at=None,
    label=None,
    **kwargs,
) -> WorkflowDecision:
    """Take transition `name` on `obj` as `by`: check, change state, save with history, record.

    `label` says what the decision is called where the transition's own name would mislead
    (the committee's amendments reopen a proposal: nobody sent it back).

    Must run inside the caller's `transaction.atomic()`; the decision's audit event is written
    there too. Raises PermissionDenied when the user may not take it and ValidationError when
    the state does not allow it.
    """
    from audit.services import record_decision  # the shared trail; imported late, it imports core

    bound = getattr(obj, name)
    if not can_proceed(bound):
        raise ValidationError(
            _("Denne handlingen er ikke mulig når dokumentet har status «%(status)s».")
            % {"status": obj.get_status_display()}
        )
    if check_permission and not has_transition_perm(bound, by):
        raise PermissionDenied(_("Du har ikke tilgang til å utføre denne handlingen."))
    source = obj.status
    bound(**kwargs)
    declared = next((t for t in _declared_transitions(obj) if t.name == name), None)
    # Recorded in the past tense ("Vedtatt"), as the decision reads afterwards.
    if label is None:
        label = (declared.custom.get("done") or declared.custom.get("label", name)) if declared else name
    history_note(obj, by=by, reason=f"{label}: {comment}" if comment else str(label), at=at)
    obj.save()
    decision = WorkflowDecision.objects.create(
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
    record_decision(decision=decision, subject=obj)
    return decision


def transition_comment_required(comment: str | None, message) -> str:
    """The comment a transition cannot be taken without (sending back, cancelling), as stored;
    a ValidationError on the form's comment field saying `message` when it is empty."""
    comment = normalize_text(comment)
    if not comment:
        raise ValidationError({"comment": message})
    return comment


@dataclass(frozen=True)
class Review(Generic[M]):
    """How a document kind goes through review, declared once by its services: how one is
    locked for a decision, what refuses sending it (`check` raises ValidationError), and the
    hash of its content that the submission records."""

    lock: Callable[[M], M]
    check: Callable[[M], None]
    content_hash: Callable[[M], str]

    def submit(self, obj: M, *, by, comment: str = "", at=None) -> M:
        """Send `obj` for review: lock, check, and take its `submit` transition recording the
        hash of exactly what was sent."""
        with transaction.atomic():
            locked = self.lock(obj)
            self.check(locked)
            transition_run(
                obj=locked,
                name="submit",
                by=by,
                comment=normalize_text(comment),
                content_hash=self.content_hash(locked),
                at=at,
            )
        return locked

    def send_back(self, obj: M, *, by, comment: str, required) -> M:
        """Return `obj` in review to its author; `comment` says why (`required` when it is empty)."""
        comment = transition_comment_required(comment, required)
        with transaction.atomic():
            locked = self.lock(obj)
            transition_run(obj=locked, name="send_back", by=by, comment=comment)
        return locked


def decisions_for(obj):
    return WorkflowDecision.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("actor")


# --- who may take which transition: the role table -------------------------------------------

RoleSample = Callable[..., models.Model]
_role_samples: dict[type[models.Model], RoleSample] = {}


def role_sample_register(*, model: type[models.Model], build: RoleSample) -> None:
    """Tell `transitions_by_role` how to ask the permissions of `model`'s transitions.

    `build(organization=..., user=...)` returns an object of `model` belonging to
    `organization` on which nothing but the user's role decides: `user` stands wherever the
    object itself names people (its case officer, its whole approval chain). It may save
    what it needs; `transitions_by_role` rolls everything back. Each app registers its
    workflow models from its own `workflow` module, found as Django's admin finds `admin`.
    """
    _role_samples[model] = build


@dataclass(frozen=True)
class ModelTransitions:
    model: type[models.Model]
    by_role: dict[str, list[Transition]]  # every Role, in Role's order: what its permission grants
    unguarded: list[Transition]  # no permission declared: taken by the system only


def workflow_models() -> list[type[models.Model]]:
    """Every model with a django-fsm transition that declares a permission, in INSTALLED_APPS order.

    A model whose transitions declare none (a cache the system moves on by itself) is no
    one's workflow and stays out of the role table.
    """
    return [model for model in apps.get_models() if any(t.permission for t in _transitions_of(model))]


def _transitions_of(model: type[models.Model]) -> list[Transition]:
    """The model's transitions, one per method (not per source state), in declaration order."""
    by_name: dict[str, Transition] = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, FSMFieldMixin) and field.transitions.get(model):
            for t in field.get_all_transitions(model):
                by_name.setdefault(t.name, t)
    return sorted(by_name.values(), key=lambda t: t.method.__code__.co_firstlineno)


def transitions_by_role() -> list[ModelTransitions]:
    """For each workflow model, the transitions each role's permission function grants.

    Each permission is asked, as `has_transition_perm` asks it, with a sample object of a
    throwaway organization and a user holding exactly that one role there. The samples are
    written in a transaction that is rolled back: nothing stays in the database. A workflow
    model without a registered sample is an error, so a new one cannot escape the table.
    """
    autodiscover_modules("workflow")
    result = []
    with transaction.atomic():
        organization = Organization.objects.create(name="Rolletabell", kind=OrganizationKind.OTHER)
        users: dict[str, Any] = {}
        for role in Role:
            user = get_user_model().objects.create(username=f"role-table-{role.value}-{uuid.uuid4().hex[:8]}")
            Membership.objects.create(user=user, organization=organization, role=role)
            users[role.value] = user
        for model in workflow_models():
            build = _role_samples.get(model)
            if build is None:
                raise ImproperlyConfigured(
                    f"{model._meta.label} declares transition permissions but registers no role sample "
                    "(core.workflow.role_sample_register in its app's workflow module)"
                )
            transitions = _transitions_of(model)
            by_role: dict[str, list[Transition]] = {}
            for role_code, user in users.items():
                sample = build(organization=organization, user=user)
                by_role[role_code] = [t for t in transitions if t.permission and t.has_perm(sample, user)]
            result.append(
                ModelTransitions(model=model, by_role=by_role, unguarded=[t for t in transitions if not t.permission])
            )
        transaction.set_rollback(True)
    return result


ROLE_TABLE_START = "<!-- roles:start -->"
ROLE_TABLE_END = "<!-- roles:end -->"


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def role_table_markdown() -> str:
    """The README's role table, between its markers: per role, the transitions it may take."""
    tables = transitions_by_role()

    def cell(transitions: list[Transition]) -> str:
        names = [_in("nb", t.custom.get("label", t.name)) for t in transitions]
        shown = [name if t.custom.get("internal") else f"*{name}*" for t, name in zip(transitions, names, strict=False)]
        return ", ".join(shown) or "—"

    def kind(model: type[models.Model]) -> str:
        app = apps.get_app_config(model._meta.app_label)
        name = f"{_in('nb', app.verbose_name)} ({_in('en', app.verbose_name).lower()})"
        if sum(t.model._meta.app_label == app.label for t in tables) > 1:
            name += f": {_in('nb', model._meta.verbose_name_plural)}"
        return name

    headers = ["role", "rolle"] + [kind(t.model) for t in tables]
    lines = [ROLE_TABLE_START, "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for role in Role:
        row = [_in("en", role.label), _in("nb", role.label)] + [cell(t.by_role[role.value]) for t in tables]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append(
        "*In italics*: a button on the document's page. Plain: no button of its own; the step is "
        "recorded as part of another action the role takes."
    )
    unguarded = [f"{kind(m.model)}: {_in('nb', t.custom.get('label', t.name))}" for m in tables for t in m.unguarded]
    if unguarded:
        lines.append("Without a permission, taken by the system only: " + "; ".join(unguarded) + ".")
    lines.append(ROLE_TABLE_END)
    return "\n".join(lines) + "\n"
