"""Meetings of a municipality's political body (formannskap, kommunestyre): the agenda
(saksliste) with its numbered items, attendance, disqualifications, amendment proposals,
remote votes and the protocol (møteprotokoll), frozen as PDF/A once approved."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.archive import FrozenDocument
from core.fields import person_reference
from core.models import Organization, Role
from core.selectors import has_role
from core.transitions import WorkflowModel


class Body(models.TextChoices):
    FORMANNSKAP = "formannskap", _("Formannskapet")
    KOMMUNESTYRE = "kommunestyre", _("Kommunestyret")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Under planlegging")
    NOTICED = "noticed", _("Innkalt")
    APPROVED = "approved", _("Protokoll godkjent")


def may_run_meeting(user, municipality_id: int | None) -> bool:
    """The one rule for the meeting's writes: the municipality's møtesekretær."""
    return has_role(user, municipality_id, Role.COMMITTEE_SECRETARY)


def _may_run(meeting, user) -> bool:
    return may_run_meeting(user, meeting.municipality_id)


def _all_items_decided(meeting) -> bool:
    return not meeting.items.filter(outcome="").exists()


def _member_reference():
    """A committee member named on a record of the meeting (called, disqualified, voting):
    kept while the record is (PROTECT), with no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("medlem")
    )


class Meeting(WorkflowModel, FrozenDocument):
    """One meeting of a political body; its protocol is the frozen document."""

    workflow_field = "status"

    municipality = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("kommune")
    )
    body = models.CharField(_("organ"), max_length=20, choices=Body.choices, default=Body.FORMANNSKAP)
    starts_at = models.DateTimeField(_("møtetidspunkt"))
    place = models.CharField(_("møtested"), max_length=200, blank=True)
    remote = models.BooleanField(_("fjernmøte (kommuneloven § 11-7)"), default=False)
    status = FSMField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, protected=True
    )
    noticed_at = models.DateTimeField(_("innkalt"), null=True, blank=True)
    approved_at = models.DateTimeField(_("protokoll godkjent"), null=True, blank=True)
    approved_by = person_reference(_("godkjent av"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("opprettet"))
    created_by = person_reference(on_delete=models.SET_NULL, verbose_name=_("opprettet av"))

    history = HistoricalRecords(excluded_fields=["pdf_error"])

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        constraints = [
            models.CheckConstraint(condition=~Q(place="") | Q(remote=True), name="meeting_has_place_or_is_remote"),
        ]

    @property
    def place_display(self) -> str:
        """Where the meeting is held, as the notice, the pages and the protocol say it: a
        fjernmøte with a room named for those who meet there says both."""
        if not self.remote:
            return self.place
        if self.place:
            return str(_("%(place)s, og som fjernmøte (kommuneloven § 11-7)") % {"place": self.place})
        return str(_("Fjernmøte (kommuneloven § 11-7)"))

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.get_body_display()} {local:%d.%m.%Y}"

    @property
    def two_digit_year(self) -> str:
        return f"{timezone.localtime(self.starts_at).year % 100:02d}"

    @transition(
        field=status,
        source=MeetingStatus.PLANNED,
        target=MeetingStatus.NOTICED,
        permission=_may_run,
        custom={"label": _("Send innkalling"), "done": _("Innkalling sendt"), "style": "primary"},
    )
    def publish_notice(self):
        pass

    @transition(
        field=status,
        source=MeetingStatus.NOTICED,
        target=MeetingStatus.APPROVED,
        permission=_may_run,
        conditions=[_all_items_decided],
        custom={"label": _("Godkjenn protokollen"), "done": _("Protokoll godkjent"), "style": "primary"},
    )
    def approve_protocol(self):
        pass


class ItemKind(models.TextChoices):
    REGULATION = "regulation", _("Forskrift til vedtak")
    CONFIRMATION = "confirmation", _("Stadfesting av hastevedtak")
    ORIENTATION = "orientation", _("Orienteringssak")


class Series(models.TextChoices):
    PS = "PS", _("Politisk sak")
    OS = "OS", _("Orienteringssak")


class Outcome(models.TextChoices):
    UNDECIDED = "", _("Ikke behandlet")
    ADOPTED = "adopted", _("Vedtatt")
    AMENDED = "amended", _("Vedtatt med endringer")
    REJECTED = "rejected", _("Avvist")
    POSTPONED = "postponed", _("Utsatt")
    CONFIRMED = "confirmed", _("Stadfestet")
    NOT_CONFIRMED = "not_confirmed", _("Ikke stadfestet")
    NOTED = "noted", _("Tatt til orientering")


class Voting(models.TextChoices):
    NONE = "none", _("Ingen avstemning åpnet")
    OPEN = "open", _("Avstemning pågår")
    CLOSED = "closed", _("Avstemning avsluttet")


class AgendaItem(FrozenDocument):
    """A numbered item of the agenda: PS 12/21 (a regulation version to adopt, or a
    hastevedtak to confirm) or OS 3/21 (an orienteringssak with its text). A PS item's
    saksframlegg is frozen when the notice is sent (its hash, its archived PDF/A)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items", verbose_name=_("møte"))
    kind = models.CharField(_("type sak"), max_length=20, choices=ItemKind.choices)
    series = models.CharField(_("serie"), max_length=2, choices=Series.choices)
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("saksnummer"))
    # Repeated from the meeting so that the database can keep the numbers unique per body and year.
    municipality = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    body = models.CharField(max_length=20, choices=Body.choices, verbose_name=_("organ"))
    version = models.ForeignKey(
        "regulations.RegulationVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name=_("forskriftsversjon"),
    )
    title = models.CharField(_("tittel"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)
    proposal = models.TextField(_("innstilling"), blank=True)
    legal_basis = models.TextField(_("hjemmel"), blank=True)
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.UNDECIDED, blank=True
    )
    decision_text = models.TextField(_("vedtak"), blank=True)
    votes_for = models.PositiveIntegerField(_("stemmer for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("stemmer mot"), null=True, blank=True)
    votes_blank = models.PositiveIntegerField(_("blanke"), null=True, blank=True)
    voting = models.CharField(_("avstemning"), max_length=10, choices=Voting.choices, default=Voting.NONE)
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("avgjort"))

    history = HistoricalRecords(excluded_fields=["pdf_error"])

    class Meta:
        ordering = ["meeting_id", "series", "number"]
        verbose_name = _("sak i møtet")
        verbose_name_plural = _("saker i møtet")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "body", "year", "series", "number"], name="unique_item_number_per_body_year"
            ),
            # A version is on one agenda at a time; a postponed item frees it for a later meeting.
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(version__isnull=False) & ~Q(outcome="postponed"),
                name="version_on_one_agenda",
            ),
            models.CheckConstraint(
                condition=Q(kind="orientation", version__isnull=True)
                | (~Q(kind="orientation") & Q(version__isnull=False)),
                name="item_version_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        return f"{self.series} {self.number}/{self.year % 100:02d}"

    @property
    def is_decided(self) -> bool:
        return self.outcome != Outcome.UNDECIDED

    def audit_subject(self):
        return self.meeting


class Attendance(models.Model):
    """A committee member called to the meeting, and whether they attend."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("møte"))
    member = _member_reference()
    present = models.BooleanField(_("til stede"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member__last_name", "member__first_name", "member__username"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")]

    def audit_subject(self):
        return self.meeting


class Disqualification(models.Model):
    """A member's declared inhabilitet on one item: they take no part in its vote."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="disqualifications", verbose_name=_("sak")
    )
    member = _member_reference()
    reason = models.CharField(_("grunn"), max_length=500)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="one_disqualification_per_member")]

    def audit_subject(self):
        return self.item.meeting


class Amendment(models.Model):
    """An amendment proposal (endringsforslag) to one section, with its vote: an adopted one
    becomes the section's text in the adopted version."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("sak"))
    section_number = models.PositiveIntegerField(_("paragraf"))
    proposed_by = models.CharField(_("forslagsstiller"), max_length=200)
    original_body = models.TextField(_("teksten i forslaget"))
    body = models.TextField(_("ny tekst"))
    votes_for = models.PositiveIntegerField(_("stemmer for"))
    votes_against = models.PositiveIntegerField(_("stemmer mot"))
    votes_blank = models.PositiveIntegerField(_("blanke"), default=0)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("opprettet"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["item_id", "section_number", "pk"]

    @property
    def adopted(self) -> bool:
        return self.votes_for > self.votes_against

    def audit_subject(self):
        return self.item.meeting


class Choice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Mot")
    BLANK = "blank", _("Blank")


class Vote(models.Model):
    """One member's vote on an item in a fjernmøte: once, while the vote is open."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="votes", verbose_name=_("sak"))
    voter = _member_reference()
    choice = models.CharField(_("stemme"), max_length=10, choices=Choice.choices)
    cast_at = models.DateTimeField(default=timezone.now, verbose_name=_("avgitt"))

    class Meta:
        ordering = ["item_id", "cast_at"]
        constraints = [models.UniqueConstraint(fields=["item", "voter"], name="one_vote_per_member_per_item")]

    def audit_subject(self):
        return self.item.meeting
