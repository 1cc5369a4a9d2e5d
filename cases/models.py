"""Case records (saksarkiv) in Noark 5 style: cases numbered YY/NNNNN, the documents received
in them, and the documents they concern.

A case belongs to an organization; the documents filed in it are numbered 1, 2, 3 … (the
letters app files its outgoing letters here, this app the incoming documents). The tables
keep the names they had when cases lived in `core` and their records in `letters`, so moving
them changed no data. The documents a case can concern are named by the foreign keys their
table always had (lazily, by app label: this app imports no domain app); which of them a
person may see and how they are shown is what their apps register (cases.registry).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.archive import archived_pdf_reference
from core.fields import person_reference
from core.models import Organization


class JournalStatus(models.TextChoices):
    """A filed document's status in the journal (Noark 5)."""

    JOURNALED = "J", _("Journalført")
    DISPATCHED = "E", _("Ekspedert")
    ARCHIVED = "A", _("Arkivert")
    CANCELLED = "U", _("Utgår")


class CaseSequence(models.Model):
    """The last case number used by one organization in one year (locked when allocating)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, verbose_name=_("organisasjon"))
    year = models.PositiveIntegerField(verbose_name=_("år"))
    last_number = models.PositiveIntegerField(default=0, verbose_name=_("siste nummer"))

    class Meta:
        verbose_name = _("saksnummerserie")
        verbose_name_plural = _("saksnummerserier")
        db_table = "core_casesequence"
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="unique_case_sequence")]


class Case(models.Model):
    """A case (sak) in Noark 5 style, numbered YY/NNNNN within its organization and year."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisasjon")
    )
    year = models.PositiveIntegerField(verbose_name=_("år"))
    number = models.PositiveIntegerField(verbose_name=_("løpenummer"))
    title = models.CharField(_("sakstittel"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("opprettet"))
    created_by = person_reference(on_delete=models.SET_NULL, verbose_name=_("opprettet av"))
    last_document_number = models.PositiveIntegerField(default=0, verbose_name=_("siste dokumentnummer"))
    # The organization's own archive may number the case differently (its Noark system).
    external_reference = models.CharField(
        _("saksnummer i eget arkiv"),
        max_length=50,
        blank=True,
        help_text=_("Valgfritt: saksnummeret i organisasjonens eget arkivsystem, f.eks. 2021/1234."),
    )

    history = HistoricalRecords(table_name="core_historicalcase")

    class Meta:
        db_table = "core_case"
        ordering = ["-year", "-number"]
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        constraints = [models.UniqueConstraint(fields=["organization", "year", "number"], name="unique_case_number")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return (
            f"{self.year % 100:02d}/{self.number:05d}"
            if self.number < 100000
            else f"{self.year % 100:02d}/{self.number}"
        )


def _concerned(to: str, verbose_name) -> models.ForeignKey:
    """A document kind a case link can concern: empty unless it is the one the link names
    (`case_link_one_target`), kept while linked (PROTECT), with no reverse accessor."""
    return models.ForeignKey(
        to, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=verbose_name
    )


class CaseLink(models.Model):
    """One document the case concerns: a regulation or an assessment (cases.registry.LinkKind)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links", verbose_name=_("sak"))
    regulation = _concerned("regulations.Regulation", _("forskrift"))
    assessment = _concerned("assessments.Assessment", _("risikovurdering"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("opprettet"))
    created_by = person_reference(on_delete=models.SET_NULL, verbose_name=_("opprettet av"))

    class Meta:
        verbose_name = _("sakskobling")
        verbose_name_plural = _("sakskoblinger")
        db_table = "letters_caselink"
        constraints = [
            models.CheckConstraint(
                condition=Q(regulation__isnull=False, assessment__isnull=True)
                | Q(regulation__isnull=True, assessment__isnull=False),
                name="case_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["case", "regulation"], condition=Q(regulation__isnull=False), name="unique_case_regulation"
            ),
            models.UniqueConstraint(
                fields=["case", "assessment"], condition=Q(assessment__isnull=False), name="unique_case_assessment"
            ),
        ]


class IncomingDocument(models.Model):
    """A document received in a case (e.g. a municipality's reply), numbered like the letters."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="incoming_documents", verbose_name=_("sak"))
    document_number = models.PositiveIntegerField(_("dokumentnummer"))
    title = models.CharField(_("tittel"), max_length=300)
    sender = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("avsender fra registeret"),
    )
    # The sender's name as registered: the registry's organization's, or the one typed.
    sender_name = models.CharField(_("avsenders navn"), max_length=200)
    their_reference = models.CharField(_("deres ref."), max_length=100, blank=True)
    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    in_reply_to = models.ForeignKey(
        "letters.Letter",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=_("svar på"),
    )
    document = archived_pdf_reference(_("dokument"), related_name="+")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )

    history = HistoricalRecords(table_name="letters_historicalincomingdocument")

    class Meta:
        verbose_name = _("inngående dokument")
        verbose_name_plural = _("inngående dokumenter")
        db_table = "letters_incomingdocument"
        ordering = ["case_id", "document_number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "document_number"], name="unique_incoming_document_number"),
        ]

    def __str__(self) -> str:
        # Its name in the audit trail too, found there by its reference or its title.
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.case.reference}-{self.document_number}"

    @property
    def journal_status(self) -> str:
        """A received document is journalført (J) when registered; with its file kept, arkivert (A)."""
        return JournalStatus.ARCHIVED if self.document_id else JournalStatus.JOURNALED

    def get_journal_status_display(self) -> str:
        return JournalStatus(self.journal_status).label
