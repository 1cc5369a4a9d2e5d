"""Organizations, memberships (roles), archived documents, decisions, outbox."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from .fields import person_reference
from .validators import validate_municipality_number, validate_org_number


class OrganizationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    DIRECTORATE = "directorate", _("Direktorat")
    COUNTY_GOVERNOR = "county_governor", _("Statsforvalter")
    MINISTRY = "ministry", _("Departement")
    PUBLIC_HEALTH_INSTITUTE = "public_health_institute", _("Folkehelseinstitutt")
    OTHER = "other", _("Annen")


class Role(models.TextChoices):
    CASE_OFFICER = "case_officer", _("Saksbehandler")
    MEDICAL_OFFICER = "medical_officer", _("Kommuneoverlege")
    COMMITTEE_MEMBER = "committee_member", _("Medlem av formannskapet")
    COMMITTEE_SECRETARY = "committee_secretary", _("Møtesekretær")
    APPROVER = "approver", _("Leder (godkjenner)")
    RECORDS_OFFICER = "records_officer", _("Arkivar")
    AUDITOR = "auditor", _("Revisor")
    ADMIN = "admin", _("Systemansvarlig")


class Organization(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=OrganizationKind.choices)
    municipality_number = models.CharField(
        _("kommunenummer"), max_length=4, blank=True, validators=[validate_municipality_number]
    )
    population = models.PositiveIntegerField(_("innbyggertall"), null=True, blank=True)
    org_number = models.CharField(_("organisasjonsnummer"), max_length=11, blank=True, validators=[validate_org_number])
    county = models.CharField(_("fylke"), max_length=100, blank=True)
    department = models.CharField(_("avdeling"), max_length=200, blank=True)
    postal_address = models.CharField(_("postadresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    visiting_address = models.CharField(_("besøksadresse"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    web = models.CharField(_("nettsted"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        constraints = [
            # The code "unique" on a one-field constraint makes its message the field's own.
            models.UniqueConstraint(
                fields=["municipality_number"],
                condition=~Q(municipality_number=""),
                name="unique_municipality_number",
                violation_error_code="unique",
                violation_error_message=_("En organisasjon med dette kommunenummeret er allerede registrert."),
            ),
            models.CheckConstraint(
                condition=Q(kind="municipality", municipality_number__regex=r"^[0-9]{4}$")
                | (~Q(kind="municipality") & Q(municipality_number="")),
                name="municipality_number_only_for_municipalities",
                violation_error_code="municipality_number_kind",
                violation_error_message=_(
                    "En kommune må ha et kommunenummer på fire sifre, og bare kommuner har kommunenummer."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_municipality(self) -> bool:
        return self.kind == OrganizationKind.MUNICIPALITY

    @property
    def org_number_display(self) -> str:
        n = self.org_number.replace(" ", "")
        return f"{n[:3]} {n[3:6]} {n[6:]}" if len(n) == 9 else n


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("bruker")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisasjon")
    )
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    title = models.CharField(_("stillingstittel"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="unique_membership_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.get_role_display()})"


class ArchivedDocument(models.Model):
    """Exact bytes of a formal PDF as it was adopted/approved/dispatched; never re-rendered."""

    content = models.BinaryField(_("innhold"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    filename = models.CharField(_("filnavn"), max_length=200)
    pdf_variant = models.CharField(_("PDF-variant"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("arkivert dokument")
        verbose_name_plural = _("arkiverte dokumenter")

    def __str__(self) -> str:
        return f"{self.filename} ({self.sha256[:12]})"


class WorkflowDecision(models.Model):
    """One workflow decision: who moved which object from which state to which, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("dokumenttype"))
    object_id = models.PositiveBigIntegerField(_("dokument-ID"))
    subject = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("overgang"), max_length=50)
    label = models.CharField(
        _("beslutning"), max_length=200, blank=True, help_text=_("Overgangens navn slik brukeren så det")
    )
    source_state = models.CharField(_("fra status"), max_length=30)
    target_state = models.CharField(_("til status"), max_length=30)
    actor = person_reference(_("besluttet av"))
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    comment = models.TextField(_("kommentar"), blank=True)
    content_hash = models.CharField(
        _("innholdets hash"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 av nøyaktig det innholdet som ble besluttet"),
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.transition}: {self.source_state} → {self.target_state}"


class FormSubmission(models.Model):
    """A create form's one-time token (the hidden UUID it was given when shown), recorded in
    the transaction that created `created`: the same form sent again (a double click, the
    browser's back button and «send again») finds what was made instead of making it twice."""

    token = models.UUIDField(_("skjemanøkkel"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("sendt av")
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("dokumenttype")
    )
    object_id = models.PositiveBigIntegerField(_("dokument-ID"), null=True, blank=True)
    created = GenericForeignKey("content_type", "object_id")
    at = models.DateTimeField(_("sendt"), default=timezone.now)

    class Meta:
        verbose_name = _("innsendt skjema")
        verbose_name_plural = _("innsendte skjemaer")

    def __str__(self) -> str:
        return str(self.token)


class OutboxTask(models.Model):
    """A background job recorded in the same transaction as the write that needs it.

    It is sent to Celery after commit; if the broker is down it stays here and
    `outbox_flush` sends it later, so no job is lost.
    """

    task_name = models.CharField(_("jobb"), max_length=200)
    kwargs = models.JSONField(_("argumenter"), default=dict)
    key = models.CharField(_("nøkkel"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("forsøk"), default=0)
    last_error = models.TextField(_("siste feil"), blank=True)

    class Meta:
        verbose_name = _("bakgrunnsjobb")
        verbose_name_plural = _("bakgrunnsjobber")
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.task_name} {self.kwargs}"


class PreviewState(models.TextChoices):
    QUEUED = "queued", _("Under arbeid")
    READY = "ready", _("Klar")
    FAILED = "failed", _("Feilet")


class PdfPreview(ConcurrentTransitionMixin, models.Model):
    """A draft's PDF preview, rendered once per exact content and kept until it changes.

    A cache, not a record: previews of drafts are never archived, and a newer content
    replaces the older preview of the same document. `key` is the document's kind, id and
    the hash of what the preview shows, so a preview is never served for other content.
    """

    key = models.CharField(max_length=200, unique=True, verbose_name=_("nøkkel"))
    owner = models.CharField(
        max_length=120, help_text="app.model:id of the previewed document", verbose_name=_("dokument")
    )
    requested_by = person_reference(on_delete=models.SET_NULL, verbose_name=_("bestilt av"))
    requested_at = models.DateTimeField(default=timezone.now, verbose_name=_("bestilt"))
    state = FSMField(
        max_length=10,
        choices=PreviewState.choices,
        default=PreviewState.QUEUED,
        protected=True,
        verbose_name=_("tilstand"),
    )
    attempts = models.PositiveIntegerField(default=1, verbose_name=_("forsøk"))
    content = models.BinaryField(null=True, blank=True, verbose_name=_("innhold"))
    error = models.TextField(blank=True, verbose_name=_("feil"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ferdig"))

    class Meta:
        verbose_name = _("PDF-forhåndsvisning")
        verbose_name_plural = _("PDF-forhåndsvisninger")
        indexes = [
            models.Index(fields=["requested_by", "state", "requested_at"]),
            models.Index(fields=["owner"]),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"

    @transition(field=state, source=PreviewState.QUEUED, target=PreviewState.READY)
    def finish(self, *, content: bytes):
        self.content, self.error, self.finished_at = content, "", timezone.now()

    @transition(field=state, source=PreviewState.QUEUED, target=PreviewState.FAILED)
    def fail(self, *, error: str):
        self.error, self.finished_at = error[:2000], timezone.now()

    @transition(field=state, source=[PreviewState.QUEUED, PreviewState.FAILED], target=PreviewState.QUEUED)
    def requeue(self, *, by):
        self.requested_by, self.requested_at, self.attempts = by, timezone.now(), self.attempts + 1
        self.error, self.finished_at = "", None
