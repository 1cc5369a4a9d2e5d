"""The audit trail: one append-only, hash-chained table of everything that happened."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    CHANGE = "change", _("Endring")
    DECISION = "decision", _("Vedtak/beslutning")
    DISPATCH = "dispatch", _("Ekspedering")
    DELIVERY = "delivery", _("Levering")
    LOGIN = "login", _("Innlogging")
    LOGOUT = "logout", _("Utlogging")
    LOGIN_FAILED = "login_failed", _("Mislykket innlogging")
    DOWNLOAD = "download", _("Nedlasting")


ACTION_LABELS = {
    "created": _("opprettet"),
    "changed": _("endret"),
    "deleted": _("slettet"),
    "login": _("logget inn"),
    "logout": _("logget ut"),
    "login_failed": _("mislykket innlogging"),
    "download": _("lastet ned"),
    "archived": _("arkivert"),
    "rendered": _("eksemplar laget"),
    "sent": _("sendt med e-post"),
    "print": _("klar for utskrift"),
    "failed": _("levering feilet"),
    "invited": _("invitert"),
}


def action_labels_register(labels: dict) -> None:
    """What an app's own actions are called in the trail («sak avgjort» for
    `meeting_item_decided`), registered in its AppConfig.ready(): no code is shown to a reader."""
    ACTION_LABELS.update(labels)


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


def _plain_reference(to: str, *, verbose_name) -> models.ForeignKey:
    """A reference the trail keeps as a plain id: no database constraint and nothing done on
    delete, so that removing what it names never touches an event."""
    return models.ForeignKey(
        to,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=verbose_name,
    )


class AuditEvent(models.Model):
    """One event of the trail. `hash` is the SHA-256 of the event's canonical content, which
    includes `previous_hash`: changing or removing any event breaks every later link.

    Actor, organization and objects are kept as plain ids plus a text snapshot (no database
    foreign keys), so deleting a user or an organization never touches the trail.
    """

    seq = models.PositiveBigIntegerField(_("løpenummer"), unique=True)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    kind = models.CharField(_("type hendelse"), max_length=20, choices=AuditKind.choices)
    action = models.CharField(_("handling"), max_length=50)
    actor = _plain_reference(settings.AUTH_USER_MODEL, verbose_name=_("utført av"))
    actor_label = models.CharField(_("utført av (navn)"), max_length=200, blank=True)
    organization = _plain_reference("core.Organization", verbose_name=_("organisasjon"))
    object_type = models.CharField(_("objekttype"), max_length=100, blank=True)
    object_id = models.CharField(_("objekt-ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=300, blank=True)
    # The document the object belongs to (a section belongs to its regulation): its story.
    subject_type = models.CharField(_("dokumenttype"), max_length=100, blank=True)
    subject_id = models.CharField(_("dokument-ID"), max_length=64, blank=True)
    subject_repr = models.CharField(_("dokument"), max_length=300, blank=True)
    changes = models.JSONField(_("endringer"), default=list, blank=True)
    comment = models.TextField(_("kommentar/begrunnelse"), blank=True)
    data = models.JSONField(_("detaljer"), default=dict, blank=True)
    previous_hash = models.CharField(_("forrige hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("revisjonshendelse")
        verbose_name_plural = _("revisjonshendelser")
        # Keyset pagination walks (at, id) backwards, alone or after one equality filter.
        indexes = [
            models.Index(fields=["at", "id"], name="audit_at_id"),
            models.Index(fields=["organization", "at", "id"], name="audit_org_at_id"),
            models.Index(fields=["organization", "kind", "at", "id"], name="audit_org_kind_at_id"),
            models.Index(fields=["subject_type", "subject_id", "at", "id"], name="audit_subject_at_id"),
            models.Index(fields=["object_type", "object_id", "at", "id"], name="audit_object_at_id"),
            models.Index(fields=["actor", "at", "id"], name="audit_actor_at_id"),
            models.Index(fields=["kind", "at", "id"], name="audit_kind_at_id"),
            # The "kind of object" filter: a document type (its story) or any other type.
            models.Index(fields=["subject_type", "at", "id"], name="audit_subjtype_at_id"),
            models.Index(fields=["object_type", "at", "id"], name="audit_objtype_at_id"),
            # One document's story within the auditor's organization(s).
            models.Index(
                fields=["organization", "subject_type", "subject_id", "at", "id"], name="audit_org_subject_at_id"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}/{self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def action_display(self) -> str:
        """What happened, in words: the decision's label, or the kind of change."""
        if self.data and self.data.get("label"):
            return str(self.data["label"])
        return str(ACTION_LABELS.get(self.action, self.action))


class ChainHead(models.Model):
    """The single row that serializes appends (locked for each one) and remembers the last
    link, so that removing the newest events is detected too."""

    last_seq = models.PositiveBigIntegerField(default=0, verbose_name=_("siste løpenummer"))
    last_hash = models.CharField(max_length=64, blank=True, verbose_name=_("siste hash"))

    class Meta:
        verbose_name = _("kjedehode")
