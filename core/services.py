"""Writes shared by every document type: archived documents, the outbox; and who holds which
role: an organization's administrator invites colleagues and gives and takes roles."""

import hashlib
import logging
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import ArchivedDocument, FormSubmission, Membership, Organization, OutboxTask, Role

logger = logging.getLogger(__name__)


def created_once(*, token: UUID, by, create: Callable[[], Any]) -> tuple[Any, bool]:
    """Run `create()` (a creating service) once per form token: `(created, True)` the first
    time, `(what the first time created, False)` when the same form comes again, so a double
    click or a resent form does not create twice. The token is claimed in the transaction that
    creates: a refusal (ValidationError) rolls the claim back, and the form may be sent again.
    A second request that comes while the first is still creating waits for it (the token is
    unique). Refused: a token given to someone else, or whose object is gone."""
    sent_before = ValidationError(_("Dette skjemaet er allerede sendt inn. Last siden på nytt for å lage et nytt."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = FormSubmission.objects.create(token=token, user=by)
        except IntegrityError:
            first = FormSubmission.objects.filter(token=token).first()
            if first is None or first.user_id != by.pk or first.created is None:
                raise sent_before from None
            return first.created, False
        created = create()
        claim.content_type = ContentType.objects.get_for_model(created)
        claim.object_id = created.pk
        claim.save(update_fields=["content_type", "object_id"])
    return created, True


def archived_document_create(*, content: bytes, filename: str, pdf_variant: str = "") -> ArchivedDocument:
    """Store the exact bytes of a frozen PDF with their SHA-256, and that SHA-256 in the audit
    trail, in one transaction."""
    return archived_documents_create(files=[(content, filename, pdf_variant)])[0]


def archived_documents_create(*, files: list[tuple[bytes, str, str]]) -> list[ArchivedDocument]:
    """Store several frozen PDFs (content, filename, PDF variant) at once, as
    `archived_document_create` stores one: one INSERT, their SHA-256s appended to the audit
    trail together, in one transaction."""
    from audit.services import archived_spec, record_events  # the shared trail; imported late, it imports core

    with transaction.atomic():
        documents = ArchivedDocument.objects.bulk_create(
            [
                ArchivedDocument(
                    content=content,
                    sha256=hashlib.sha256(content).hexdigest(),
                    filename=filename,
                    pdf_variant=pdf_variant,
                )
                for content, filename, pdf_variant in files
            ]
        )
        record_events([archived_spec(document) for document in documents])
    return documents


def outbox_enqueue(*, task_name: str, key: str, kwargs: dict) -> OutboxTask:
    """Record a job in the current transaction and send it to Celery once it commits.

    Idempotent per `key`: a job already recorded is not recorded twice.
    """
    job, _created = OutboxTask.objects.get_or_create(key=key, defaults={"task_name": task_name, "kwargs": kwargs})
    if job.sent_at is None:
        transaction.on_commit(lambda: outbox_send(job_id=job.pk))
    return job


def outbox_send(*, job_id: int) -> bool:
    """Hand one recorded job to Celery; on a broker failure keep it for `outbox_flush`."""
    from config.celery import app

    job = OutboxTask.objects.filter(pk=job_id, sent_at__isnull=True).first()
    if job is None:
        return False
    OutboxTask.objects.filter(pk=job.pk).update(attempts=job.attempts + 1)
    try:
        app.tasks[job.task_name].apply_async(kwargs=job.kwargs)
    except Exception as exc:  # the broker is unreachable: the job stays recorded
        logger.warning("Could not queue %s (%s); it stays in the outbox", job.task_name, exc)
        OutboxTask.objects.filter(pk=job.pk).update(last_error=str(exc)[:2000])
        return False
    OutboxTask.objects.filter(pk=job.pk).update(sent_at=timezone.now(), last_error="")
    return True


def outbox_flush(*, limit: int = 500) -> int:
    """Send every job that could not be sent before; returns how many went out."""
    sent = 0
    for job_id in (
        OutboxTask.objects.filter(sent_at__isnull=True).order_by("created_at").values_list("pk", flat=True)[:limit]
    ):
        if outbox_send(job_id=job_id):
            sent += 1
    return sent


def _administered(*, organization: Organization, by) -> Organization:
    """The organization, locked for this transaction, if `by` is its administrator (Role.ADMIN).

    The lock serializes every role change of one organization, so two administrators acting
    at once cannot both remove the last administrator or both give the same role."""
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    if not Membership.objects.filter(organization=locked, user_id=by.pk, role=Role.ADMIN).exists():
        raise PermissionDenied(_("Bare organisasjonens systemansvarlige kan endre brukere og roller."))
    return locked


def _role_label(role: str) -> str:
    return str(Role(role).label)


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _membership_create(*, organization: Organization, user, role: str, by, reason: str) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Velg en rolle fra listen.")})
    already = ValidationError(
        {
            "role": _("%(person)s har allerede rollen %(role)s i %(organization)s.")
            % {"person": _person(user), "role": _role_label(role), "organization": organization}
        }
    )
    if Membership.objects.filter(organization=organization, user=user, role=role).exists():
        raise already
    membership = Membership(organization=organization, user=user, role=role)
    membership._history_user = by  # type: ignore[attr-defined]
    membership._change_reason = reason  # type: ignore[attr-defined]
    try:
        with transaction.atomic():  # the unique constraint decides if another request came first
            membership.save()
    except IntegrityError:
        raise already from None
    return membership


def membership_grant(*, organization: Organization, user, role: str, by, reason: str) -> Membership:
    """Give `user`, already a member of `organization`, one more role there; `by` must be its
    administrator. Who and why are in the membership's history and so in the audit trail."""
    with transaction.atomic():
        organization = _administered(organization=organization, by=by)
        if not Membership.objects.filter(organization=organization, user=user).exists():
            raise ValidationError(_("Personen er ikke med i organisasjonen. Inviter personen først."))
        return _membership_create(organization=organization, user=user, role=role, by=by, reason=reason)


def membership_revoke(*, organization: Organization, user, role: str, by, reason: str) -> None:
    """Take one role from `user` in `organization`; `by` must be its administrator, and the
    organization keeps at least one administrator."""
    with transaction.atomic():
        organization = _administered(organization=organization, by=by)
        membership = Membership.objects.filter(organization=organization, user=user, role=role).first()
        if membership is None:
            raise ValidationError(
                {
                    "role": _("%(person)s har ikke rollen %(role)s (lenger).")
                    % {"person": _person(user), "role": _role_label(role) if role in Role.values else role}
                }
            )
        if role == Role.ADMIN and Membership.objects.filter(organization=organization, role=Role.ADMIN).count() == 1:
            raise ValidationError(
                {
                    "role": _(
                        "%(organization)s må ha minst én systemansvarlig. Gi rollen til en annen før du fjerner den."
                    )
                    % {"organization": organization}
                }
            )
        membership._history_user = by  # type: ignore[attr-defined]
        membership._change_reason = reason  # type: ignore[attr-defined]
        membership.delete()


def member_invite(
    *,
    organization: Organization,
    email: str,
    role: str,
    by,
    reason: str,
    first_name: str = "",
    last_name: str = "",
    domain: str,
    use_https: bool,
):
    """Give the person with this e-mail address `role` in `organization` (creating the account,
    with no password, if there is none) and, once committed, e-mail them a link to set their
    own password (Django's password-reset token). `by` must be the organization's administrator;
    the invitation and the role are recorded in the audit trail with `reason`."""
    from audit.models import AuditKind
    from audit.services import record_event  # the shared trail; imported late, it imports core

    User = get_user_model()
    email = User.objects.normalize_email(email.strip())
    with transaction.atomic():
        organization = _administered(organization=organization, by=by)
        accounts = list(User.objects.filter(email__iexact=email)[:2])
        if len(accounts) > 1:
            raise ValidationError(
                {"email": _("Flere kontoer har denne e-postadressen. Be systemadministrator rydde opp først.")}
            )
        if accounts:
            user = accounts[0]
            if not user.is_active:
                raise ValidationError({"email": _("Kontoen med denne e-postadressen er deaktivert.")})
        else:
            username = email.lower()[:150]
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError({"email": _("Brukernavnet %(username)s er i bruk.") % {"username": username}})
            user = User(username=username, email=email, first_name=first_name[:150], last_name=last_name[:150])
            user.set_unusable_password()
            user.save()
        resent = (
            not user.has_usable_password()
            and Membership.objects.filter(organization=organization, user=user, role=role).exists()
        )
        if not resent:  # an invitation not yet taken up may be sent again
            _membership_create(organization=organization, user=user, role=role, by=by, reason=reason)
        record_event(
            kind=AuditKind.CHANGE,
            action="invited",
            actor=by,
            obj=user,
            organization_id=organization.pk,
            comment=reason,
            data={"email": email, "role": role, "new_account": not accounts, "resent": resent},
        )
        organization_id, inviter = organization.pk, _person(by)
        transaction.on_commit(
            lambda: invitation_mail_send(
                user_id=user.pk, organization_id=organization_id, inviter=inviter, domain=domain, https=use_https
            )
        )
    return user


def invitation_mail_send(*, user_id: int, organization_id: int, inviter: str, domain: str, https: bool) -> None:
    """The invitation e-mail: a set-password link made by Django's password-reset machinery
    (PasswordResetForm's mail, `default_token_generator`), valid for PASSWORD_RESET_TIMEOUT."""
    user = get_user_model().objects.get(pk=user_id)
    PasswordResetForm().send_mail(
        subject_template_name="core/invitation_subject.txt",
        email_template_name="core/invitation_email.txt",
        context={
            "user": user,
            "organization": Organization.objects.get(pk=organization_id),
            "inviter": inviter,
            "domain": domain,
            "protocol": "https" if https else "http",
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
        from_email=None,
        to_email=user.email,
    )
