"""Directorate letters (brev) in Noark 5 style cases: draft → approved electronically → dispatched.

A letter is document N of a case (reference ``YY/NNNNN-N``). Its approval chain is an
ordered list of approvers; each approval points at the exact content it approved (its
SHA-256). Dispatch (ekspedering) gives every recipient its own PDF and delivery record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Case, JournalStatus
from core.archive import archived_pdf_reference
from core.fields import person_reference
from core.models import Organization, Role
from core.selectors import has_role
from core.transitions import SEND_BACK_TO_CASE_OFFICER, WorkflowModel


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    AWAITING_APPROVAL = "awaiting_approval", _("Til godkjenning")
    APPROVED = "approved", _("Godkjent")
    DISPATCHING = "dispatching", _("Ekspederes")
    DISPATCHED = "dispatched", _("Ekspedert")
    CANCELLED = "cancelled", _("Utgår")


# States in which the content may still change (a change restarts the approval chain).
EDITABLE_STATUSES = (LetterStatus.DRAFT, LetterStatus.AWAITING_APPROVAL, LetterStatus.APPROVED)
APPROVED_STATUSES = (LetterStatus.APPROVED, LetterStatus.DISPATCHING, LetterStatus.DISPATCHED)
# From the start of dispatch (ekspedering) the letter is frozen: every copy is made from it.
DISPATCH_STARTED_STATUSES = (LetterStatus.DISPATCHING, LetterStatus.DISPATCHED)


def may_draft(letter, user) -> bool:
    """Who may write the letter and send it for approval: the sender's case officers.

    The permission of `submit` and `restart_approval`, and what the edit pages and the
    drafting services ask."""
    return has_role(user, letter.sender_id, Role.CASE_OFFICER)


def _may_cancel(letter, user) -> bool:
    return has_role(user, letter.sender_id, Role.CASE_OFFICER, Role.RECORDS_OFFICER)


def _may_dispatch(letter, user) -> bool:
    return has_role(user, letter.sender_id, Role.RECORDS_OFFICER)


def _is_next_approver(letter, user) -> bool:
    step = letter.next_approver_step()
    return (
        step is not None
        and step.user_id == getattr(user, "pk", None)
        and has_role(user, letter.sender_id, Role.APPROVER)
    )


def _is_in_chain(letter, user) -> bool:
    return letter.approvers.filter(user_id=getattr(user, "pk", None)).exists() and has_role(
        user, letter.sender_id, Role.APPROVER
    )


def _has_recipients(letter) -> bool:
    return letter.recipients.filter(kind=RecipientKind.RECIPIENT).exists()


def _has_chain(letter) -> bool:
    return letter.approvers.exists()


def _fully_approved(letter) -> bool:
    return letter.next_approver_step() is None and letter.approvers.exists()


def _every_copy_made(letter) -> bool:
    return not letter.deliveries.filter(document__isnull=True).exists()


class Letter(WorkflowModel):
    """One outgoing letter: document `document_number` of `case`."""

    workflow_field = "status"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters", verbose_name=_("sak"))
    document_number = models.PositiveIntegerField(_("dokumentnummer"))
    sender = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="letters_sent", verbose_name=_("avsender")
    )
    department = models.CharField(_("avdeling"), max_length=200, blank=True)
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saksbehandler")
    )
    their_reference = models.CharField(_("Deres ref."), max_length=100, blank=True)
    letter_date = models.DateTimeField(_("dato"), default=timezone.now)
    title = models.CharField(_("tittel"), max_length=300)
    body = models.TextField(_("tekst"), max_length=100_000, blank=True)
    closing = models.CharField(_("hilsen"), max_length=100, default="Vennlig hilsen")
    status = FSMField(
        _("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFT, protected=True
    )
    revision = models.PositiveIntegerField(default=1, verbose_name=_("revisjon"))
    base_pdf = archived_pdf_reference(
        _("felles PDF"),
        related_name="letter_base",
        help_text="The shared part rendered once at dispatch; each copy is it plus an address overlay.",
    )
    journal_pdf = archived_pdf_reference(
        _("journaleksemplar (PDF)"),
        related_name="letter_journal",
        help_text="The letter as filed in the case (address placeholder, recipient list), rendered once at dispatch.",
    )
    pdf_error = models.TextField(blank=True, verbose_name=_("feil ved siste PDF-laging"))
    dispatch_requested_at = models.DateTimeField(_("ekspedering startet"), null=True, blank=True)
    dispatch_requested_by = person_reference(verbose_name=_("ekspedering startet av"))
    dispatched_at = models.DateTimeField(_("ekspedert"), null=True, blank=True)
    dispatched_by = person_reference(verbose_name=_("ekspedert av"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("opprettet"))
    created_by = person_reference(on_delete=models.SET_NULL, verbose_name=_("opprettet av"))

    history = HistoricalRecords(excluded_fields=["pdf_error"])

    class Meta:
        ordering = ["-letter_date", "-id"]
        verbose_name = _("brev")
        verbose_name_plural = _("brev")
        constraints = [
            models.UniqueConstraint(fields=["case", "document_number"], name="unique_letter_document_number"),
            models.CheckConstraint(condition=~Q(title=""), name="letter_title_not_empty"),
            models.CheckConstraint(condition=Q(document_number__gte=1), name="letter_document_number_positive"),
        ]
        # Lists and the API show the newest first: an index in that order, not a sort of all.
        indexes = [models.Index(fields=["-letter_date", "-id"], name="letter_newest_first")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        """Noark 5 «Vår ref.»: case number and document number, e.g. 20/42477-1."""
        return f"{self.case.reference}-{self.document_number}"

    @property
    def is_editable(self) -> bool:
        """Content may change until dispatch starts; from then on the letter is frozen."""
        return self.status in EDITABLE_STATUSES

    @property
    def dispatch_started(self) -> bool:
        """Being dispatched or dispatched: frozen, with its deliveries and its progress."""
        return self.status in DISPATCH_STARTED_STATUSES

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATUSES

    def deliveries_by_status(self) -> list[tuple[str, int]]:
        """How many copies are in each delivery status («Sendt», 350): counted in SQL when the
        letter was read with `letters_in_case` (`delivery_count_<status>`, set by
        `selectors.count_deliveries`), else
        from the deliveries loaded with the letter. A list of 356 recipients is summed up."""
        labels = dict(DeliveryStatus.choices)
        if self._annotated_delivery_counts():
            counts = {status: getattr(self, f"delivery_count_{status}") for status in labels}
        else:
            counts = {}
            for delivery in self.deliveries.all():
                counts[delivery.status] = counts.get(delivery.status, 0) + 1
        return [(labels[status], counts[status]) for status in labels if counts.get(status)]

    def _annotated_delivery_counts(self) -> bool:
        return hasattr(self, "delivery_total") and all(
            hasattr(self, f"delivery_count_{status}") for status in DeliveryStatus.values
        )

    @property
    def journal_status(self) -> str:
        if self.status == LetterStatus.CANCELLED:
            return JournalStatus.CANCELLED
        if self.status == LetterStatus.DISPATCHED:
            # Arkivert once every copy has gone out (sent by e-mail or handed to print).
            return JournalStatus.DISPATCHED if self._has_undelivered_copies() else JournalStatus.ARCHIVED
        return JournalStatus.JOURNALED

    def _has_undelivered_copies(self) -> bool:
        """From the counts `selectors.count_deliveries` sets, or the deliveries prefetched with the
        letter when a list has them (no query per letter), else one query."""
        gone_out = (DeliveryStatus.SENT, DeliveryStatus.READY_FOR_PRINT)
        if self._annotated_delivery_counts():
            return self.delivery_total > sum(getattr(self, f"delivery_count_{status}") for status in gone_out)
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("deliveries")
        if prefetched is not None:
            return any(d.status not in gone_out for d in prefetched)
        return self.deliveries.exclude(status__in=gone_out).exists()

    def get_journal_status_display(self) -> str:
        return JournalStatus(self.journal_status).label

    def next_approver_step(self):
        """The first approver in the chain without a valid approval, or None when all approved."""
        approved = set(self.approvals.filter(invalidated_at__isnull=True).values_list("step_id", flat=True))
        for step in self.approvers.order_by("order"):
            if step.pk not in approved:
                return step
        return None

    @transition(
        field=status,
        source=LetterStatus.DRAFT,
        target=LetterStatus.AWAITING_APPROVAL,
        permission=may_draft,
        conditions=[_has_recipients, _has_chain],
        custom={"label": _("Send til godkjenning"), "done": _("Sendt til godkjenning"), "style": "primary"},
    )
    def submit(self):
        pass

    @transition(
        field=status,
        source=LetterStatus.AWAITING_APPROVAL,
        target=RETURN_VALUE(LetterStatus.AWAITING_APPROVAL, LetterStatus.APPROVED),
        permission=_is_next_approver,
        custom={"label": _("Godkjenn"), "done": _("Godkjent"), "style": "primary"},
    )
    def approve(self, *, last: bool):
        return LetterStatus.APPROVED if last else LetterStatus.AWAITING_APPROVAL

    @transition(
        field=status,
        source=LetterStatus.AWAITING_APPROVAL,
        target=LetterStatus.DRAFT,
        permission=_is_in_chain,
        custom=SEND_BACK_TO_CASE_OFFICER,
    )
    def send_back(self):
        self.revision += 1

    @transition(
        field=status,
        source=[LetterStatus.AWAITING_APPROVAL, LetterStatus.APPROVED],
        target=LetterStatus.AWAITING_APPROVAL,
        permission=may_draft,
        custom={"label": _("Godkjenningen startet på nytt etter endring"), "internal": True},
    )
    def restart_approval(self):
        pass

    # Declared before the dispatch, so that its button comes before «Ekspeder» on the page.
    @transition(
        field=status,
        source=[LetterStatus.DRAFT, LetterStatus.AWAITING_APPROVAL, LetterStatus.APPROVED],
        target=LetterStatus.CANCELLED,
        permission=_may_cancel,
        custom={"label": _("Sett til utgår"), "done": _("Utgår"), "needs_comment": True, "style": "danger"},
    )
    def cancel(self):
        pass

    @transition(
        field=status,
        source=LetterStatus.APPROVED,
        target=LetterStatus.DISPATCHING,
        permission=_may_dispatch,
        conditions=[_fully_approved],
        custom={"label": _("Ekspeder"), "url_name": "letters:dispatch", "style": "primary"},
    )
    def start_dispatch(self, *, by, at):
        """From here the letter is frozen; who started the dispatch and when is kept."""
        self.dispatch_requested_at = at
        self.dispatch_requested_by = by

    # The next two change no state (target None): they say who may continue a dispatch, and
    # when. Resuming queues again every copy not yet delivered, while the dispatch runs.
    @transition(
        field=status,
        source=LetterStatus.DISPATCHING,
        target=None,
        permission=_may_dispatch,
        custom={"label": _("Fortsett ekspedering"), "url_name": "letters:dispatch_resume", "style": "secondary"},
    )
    def resume_dispatch(self):
        pass

    # One copy queued again (a failed e-mail, say), also after the letter is «ekspedert».
    @transition(
        field=status,
        source=DISPATCH_STARTED_STATUSES,
        target=None,
        permission=_may_dispatch,
        custom={"label": _("Prøv igjen"), "style": "secondary"},
    )
    def retry_delivery(self):
        pass

    # No permission: the system finishes the dispatch when the last copy is made, whoever
    # started it (the records officer's permission was asked then).
    @transition(
        field=status,
        source=LetterStatus.DISPATCHING,
        target=LetterStatus.DISPATCHED,
        conditions=[_fully_approved, _every_copy_made],
        custom={"label": _("Ekspedert"), "done": _("Ekspedert"), "internal": True},
    )
    def dispatch(self, *, dispatched_at):
        self.dispatched_at = dispatched_at


class LetterSignatory(models.Model):
    """A name in the signature block, in order: «Johan Georg Røstad Torgersen e.f.» / «direktør»."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("brev"))
    order = models.PositiveIntegerField(_("rekkefølge"))
    user = person_reference(verbose_name=_("person"))
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("tittel"), max_length=100, blank=True)
    on_behalf = models.BooleanField(_("e.f. (etter fullmakt)"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("underskriver")
        verbose_name_plural = _("underskrivere")
        ordering = ["letter_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "order"], name="unique_signatory_order"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.name} e.f." if self.on_behalf else self.name


class RecipientKind(models.TextChoices):
    RECIPIENT = "recipient", _("Mottaker")
    COPY = "copy", _("Kopi")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-post")
    PRINT = "print", _("Papir (utskrift)")


class Addressee(models.Model):
    """Who a letter goes to and where: its type (mottaker or kopi), its place in the list, a
    name with its postal and e-mail address. A letter's recipient and a saved list's entry are
    both one (the list keeps a recipient as it stood on the letter)."""

    kind = models.CharField(_("type"), max_length=10, choices=RecipientKind.choices, default=RecipientKind.RECIPIENT)
    order = models.PositiveIntegerField(default=0, verbose_name=_("rekkefølge"))
    name = models.CharField(_("navn"), max_length=200)
    contact_person = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def post_line(self) -> str:
        return f"{self.postal_code} {self.postal_place}".strip()


class LetterRecipient(Addressee):
    """A recipient or copy recipient: an organization from the registry or a free address."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("brev"))
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters_received",
        verbose_name=_("organisasjon"),
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices, default=Channel.PRINT)
    dedupe_key = models.CharField(
        max_length=300,
        help_text="organization id or normalized name and postal code",
        verbose_name=_("nøkkel mot dobbel mottaker"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mottaker")
        verbose_name_plural = _("mottakere")
        ordering = ["letter_id", "kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "dedupe_key"], name="unique_letter_recipient"),
        ]


class LetterApprover(models.Model):
    """One step of the ordered approval chain."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="approvers", verbose_name=_("brev"))
    order = models.PositiveIntegerField(verbose_name=_("rekkefølge"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("godkjenner")
        verbose_name_plural = _("godkjennere")
        ordering = ["letter_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "order"], name="unique_approver_order"),
            models.UniqueConstraint(fields=["letter", "user"], name="unique_approver_user"),
        ]


class LetterApproval(models.Model):
    """An approval as given: who, when and the SHA-256 of the exact content approved.

    Never deleted; a later change of the letter marks it invalidated (the chain restarts).
    """

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("brev"))
    step = models.ForeignKey(
        LetterApprover, on_delete=models.PROTECT, related_name="approvals", verbose_name=_("trinn")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("godkjent av")
    )
    approved_at = models.DateTimeField(default=timezone.now, verbose_name=_("godkjent"))
    content_hash = models.CharField(max_length=64, verbose_name=_("innholdets SHA-256"))
    invalidated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ugyldig fra"))
    invalidated_reason = models.CharField(
        max_length=300, blank=True, verbose_name=_("grunn til at godkjenningen ble ugyldig")
    )

    class Meta:
        verbose_name = _("godkjenning")
        verbose_name_plural = _("godkjenninger")
        ordering = ["approved_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["step"], condition=Q(invalidated_at__isnull=True), name="one_valid_approval_per_step"
            ),
        ]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    RENDERED = "rendered", _("PDF laget")
    SENT = "sent", _("Sendt")
    READY_FOR_PRINT = "print", _("Klar for utskrift")
    RETRYING = "retrying", _("Venter på nytt forsøk")
    FAILED = "failed", _("Feilet")


# A copy not yet delivered: it may be made, sent, handed to print, fail, and be tried again.
UNDELIVERED_STATUSES = (
    DeliveryStatus.PENDING,
    DeliveryStatus.RENDERED,
    DeliveryStatus.RETRYING,
    DeliveryStatus.FAILED,
)


class DeliveryFailure(models.TextChoices):
    """Why an attempt failed, in the plain words the letter page shows (the technical text is
    kept in `last_error` and the audit trail)."""

    MAIL_SERVER = "mail_server", _("E-postserveren svarte ikke")
    ADDRESS = "address", _("E-postserveren avviste mottakerens adresse")
    DATABASE = "database", _("Databasen var opptatt")
    PDF = "pdf", _("PDF-en kunne ikke lages")
    TIMEOUT = "timeout", _("Det tok for lang tid")
    OTHER = "other", _("En teknisk feil stoppet leveringen")


class LetterDelivery(ConcurrentTransitionMixin, models.Model):
    """One recipient's copy: its own PDF (stored once, with SHA-256) and how it was delivered.

    Its status moves only by the transitions below, which the dispatch services take (the
    system's steps: none asks a permission); a copy sent or handed to print is delivered
    once and for all.
    """

    workflow_field = "status"

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("brev"))
    recipient = models.OneToOneField(
        LetterRecipient, on_delete=models.PROTECT, related_name="delivery", verbose_name=_("mottaker")
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, verbose_name=_("kanal"))
    status = FSMField(
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        protected=True,
        verbose_name=_("status"),
    )
    document = archived_pdf_reference(_("dokument"), related_name="letter_delivery")
    rendered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("laget"))
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("levert"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("forsøk"))
    retry_round = models.PositiveIntegerField(default=0, verbose_name=_("forsøksrunde"))
    last_error = models.TextField(blank=True, verbose_name=_("siste feil"))
    # When its task was last queued or last began an attempt: a copy undelivered long after
    # that, on a letter where nothing else moves either, has no live task (core.recovery).
    queued_at = models.DateTimeField(null=True, blank=True, verbose_name=_("satt i kø"))
    # When self-healing last found it stopped and queued it again (shown on the letter page).
    requeued_at = models.DateTimeField(null=True, blank=True, verbose_name=_("satt i kø på nytt"))
    failure = models.CharField(max_length=20, choices=DeliveryFailure.choices, blank=True, verbose_name=_("feil"))
    # When the automatic retry of a copy «venter på nytt forsøk» is due.
    next_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("neste forsøk"))

    class Meta:
        ordering = ["letter_id", "recipient__kind", "recipient__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "recipient"], name="unique_delivery_per_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.letter.reference} → {self.recipient.name}"

    @property
    def was_requeued(self) -> bool:
        """Found stopped and queued again by the system, and not made or delivered since."""
        return self.requeued_at is not None and self.status in (
            DeliveryStatus.PENDING,
            DeliveryStatus.RENDERED,
            DeliveryStatus.RETRYING,
        )

    @property
    def failure_message(self) -> str:
        """Why the last attempt failed and what happens next, in plain Norwegian:
        «E-postserveren svarte ikke; nytt forsøk kl. 14.05»."""
        if self.status not in (DeliveryStatus.RETRYING, DeliveryStatus.FAILED):
            return ""
        reason = DeliveryFailure(self.failure or DeliveryFailure.OTHER).label
        if self.status == DeliveryStatus.RETRYING and self.next_attempt_at:
            return _("%(reason)s; nytt forsøk kl. %(at)s") % {
                "reason": reason,
                "at": timezone.localtime(self.next_attempt_at).strftime("%H.%M"),
            }
        return _("%(reason)s; ingen flere automatiske forsøk") % {"reason": reason}

    @transition(
        field=status,
        source=UNDELIVERED_STATUSES,
        target=DeliveryStatus.RENDERED,
        custom={"label": _("PDF laget"), "internal": True},
    )
    def render(self, *, document, at):
        self.document = document
        self.rendered_at = at
        self._clear_failure()

    def _clear_failure(self) -> None:
        self.last_error, self.failure, self.next_attempt_at = "", "", None

    @transition(
        field=status,
        source=UNDELIVERED_STATUSES,
        target=DeliveryStatus.SENT,
        custom={"label": _("Sendt"), "internal": True},
    )
    def send(self, *, at):
        self.delivered_at = at
        self._clear_failure()

    @transition(
        field=status,
        source=UNDELIVERED_STATUSES,
        target=DeliveryStatus.READY_FOR_PRINT,
        custom={"label": _("Klar for utskrift"), "internal": True},
    )
    def hand_to_print(self, *, at):
        self.delivered_at = at
        self._clear_failure()

    # «Venter på nytt forsøk» while an automatic retry is due (`retry_at`), else «feilet»: then
    # it waits for a person («Prøv igjen»).
    @transition(
        field=status,
        source=UNDELIVERED_STATUSES,
        target=RETURN_VALUE(DeliveryStatus.RETRYING, DeliveryStatus.FAILED),
        custom={"label": _("Feilet"), "internal": True},
    )
    def fail(self, *, error: str, failure: str, retry_at=None):
        self.last_error, self.failure, self.next_attempt_at = error, failure, retry_at
        return DeliveryStatus.RETRYING if retry_at else DeliveryStatus.FAILED

    # Queued again (who may: the letter's `retry_delivery` and `resume_dispatch`); the status
    # stays as it is until that attempt makes, sends or fails the copy.
    @transition(
        field=status, source=UNDELIVERED_STATUSES, target=None, custom={"label": _("Prøv igjen"), "internal": True}
    )
    def retry(self, *, at):
        self.retry_round += 1
        self.queued_at = at

    # Stopped (its worker died) and queued again by the system; a failed copy waits for a person.
    @transition(
        field=status,
        source=[DeliveryStatus.PENDING, DeliveryStatus.RENDERED, DeliveryStatus.RETRYING],
        target=None,
        custom={"label": _("Satt i kø igjen"), "internal": True},
    )
    def requeue(self, *, at):
        self.retry_round += 1
        self.queued_at = at
        self.requeued_at = at


class RecipientList(models.Model):
    """A saved group of recipients an organization often writes to: each as it stood on the
    letter it was saved from (its `entries`)."""

    owner = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="recipient_lists", verbose_name=_("eier")
    )
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        verbose_name = _("mottakerliste")
        verbose_name_plural = _("mottakerlister")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="unique_recipient_list_name")]

    def __str__(self) -> str:
        return self.name


class RecipientListEntry(Addressee):
    """One recipient of a saved list, as it was on the letter: its type, the registry's
    organization if it had one, and the address it had (typed, imported from CSV or the
    registry's). A blank part is filled in from the registry when the list is used."""

    recipient_list = models.ForeignKey(
        RecipientList, on_delete=models.CASCADE, related_name="entries", verbose_name=_("mottakerliste")
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("organisasjon")
    )

    class Meta:
        verbose_name = _("mottaker på liste")
        verbose_name_plural = _("mottakere på liste")
        ordering = ["recipient_list_id", "order", "id"]
