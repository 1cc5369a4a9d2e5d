"""Local regulations (lokale forskrifter): the work, its versions, sections and measures."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Case
from core.archive import FrozenDocument
from core.fields import person_reference
from core.models import Organization, Role
from core.selectors import DRAFTING_ROLES, has_role
from core.transitions import SEND_BACK_TO_CASE_OFFICER, WorkflowModel

DEFAULT_LEGAL_BASIS = "lov 5. august 1994 nr. 55 om vern mot smittsomme sykdommer (smittevernloven) § 4-1"


class Layer(models.TextChoices):
    """Which layer of the rules in force a regulation belongs to (DOMAIN.md, "Layers")."""

    LOCAL = "local", _("Lokal forskrift")
    REGIONAL = "regional", _("Regionalt tiltaksnivå")
    NATIONAL = "national", _("Nasjonal forskrift")


class MeasureLevel(models.TextChoices):
    """The regional measure levels, chapters 5A–5C of the covid-19 regulation."""

    A = "A", _("Tiltaksnivå A")
    B = "B", _("Tiltaksnivå B")
    C = "C", _("Tiltaksnivå C")


# Who issues which layer: municipalities their own regulations; the ministry (and the
# directorate on its behalf) the national regulation and the regional levels.
ISSUER_KINDS = {
    Layer.LOCAL: ("municipality",),
    Layer.REGIONAL: ("ministry", "directorate"),
    Layer.NATIONAL: ("ministry", "directorate"),
}


class Regulation(models.Model):
    """The regulation as a work; its text lives in its versions.

    `municipality` is the issuing organization: for a local regulation the municipality, for
    the national regulation and the regional levels the ministry or the directorate (the field
    kept its first name so that nothing else moved)."""

    municipality = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="regulations",
        limit_choices_to={"kind__in": ["municipality", "ministry", "directorate"]},
        verbose_name=_("utsteder"),
    )
    layer = models.CharField(_("nivå"), max_length=10, choices=Layer.choices, default=Layer.LOCAL)
    level = models.CharField(
        _("tiltaksnivå"),
        max_length=1,
        choices=MeasureLevel.choices,
        blank=True,
        help_text=_("Bare for regionale tiltaksnivåer: A, B eller C."),
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="regulations", verbose_name=_("sak"))
    title = models.CharField(_("tittel"), max_length=300)
    short_title = models.CharField(_("korttittel"), max_length=150, blank=True)
    legal_basis = models.CharField(_("hjemmel"), max_length=500, default=DEFAULT_LEGAL_BASIS)
    lovdata_id = models.CharField(_("Lovdata-ID"), max_length=30, blank=True, help_text="FOR-YYYY-MM-DD-NNN")
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("opprettet"))
    created_by = person_reference(on_delete=models.SET_NULL, verbose_name=_("opprettet av"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("forskrift")
        verbose_name_plural = _("forskrifter")
        # The list's order, and the case page's regulations to link (by title): the first of
        # them are read from an index, not sorted from every regulation.
        indexes = [
            models.Index(fields=["created_at", "id"], name="regulation_created_at_id"),
            models.Index(fields=["title"], name="regulation_title"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="regulation_title_not_empty"),
            models.CheckConstraint(
                condition=(Q(layer="regional") & ~Q(level="")) | (~Q(layer="regional") & Q(level="")),
                name="regulation_level_only_for_regional",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def layer_display(self) -> str:
        """«Lokal forskrift», «Nasjonal forskrift» or «Tiltaksnivå B» (a regional level)."""
        if self.layer == Layer.REGIONAL and self.level:
            return str(MeasureLevel(self.level).label)
        return str(Layer(self.layer).label) if self.layer in Layer.values else self.layer

    @property
    def issuer_display(self) -> str:
        """The issuer as lists show it: a municipality with its number, a ministry by its name."""
        number = self.municipality.municipality_number
        return f"{self.municipality.name} ({number})" if number else self.municipality.name


class VersionKind(models.TextChoices):
    ORIGINAL = "original", _("Ny forskrift")
    AMENDMENT = "amendment", _("Endring")
    EXTENSION = "extension", _("Forlengelse")
    REPEAL = "repeal", _("Oppheving")
    URGENT = "urgent", _("Hastevedtak")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Lagt fram for politisk behandling")
    ADOPTED = "adopted", _("Vedtatt")
    REJECTED = "rejected", _("Avvist")
    REPEALED = "repealed", _("Opphevet")
    URGENT = "urgent", _("Hastevedtak fattet")
    LAPSED = "lapsed", _("Hastevedtak ikke stadfestet")


# Versions whose text has binding force for its period (decided by a competent body).
EFFECTIVE_STATUSES = (
    VersionStatus.ADOPTED,
    VersionStatus.REPEALED,
    VersionStatus.URGENT,
    VersionStatus.LAPSED,
)
# Versions adopted by the political body (the public API shows only these).
ADOPTED_STATUSES = (VersionStatus.ADOPTED, VersionStatus.REPEALED)
EDITABLE_STATUSES = (VersionStatus.DRAFT,)


class DecisionBody(models.TextChoices):
    FORMANNSKAP = "formannskap", _("formannskapet")
    KOMMUNESTYRE = "kommunestyre", _("kommunestyret")
    MEDICAL_OFFICER = "medical_officer", _("kommuneoverlegen")
    MINISTRY = "ministry", _("departementet")


# Who may adopt a version of each layer: the municipality's political bodies for its own
# regulations; the ministry (or the directorate by delegation) for the national and regional layers.
DECISION_BODIES = {
    Layer.LOCAL: (DecisionBody.FORMANNSKAP, DecisionBody.KOMMUNESTYRE),
    Layer.REGIONAL: (DecisionBody.MINISTRY,),
    Layer.NATIONAL: (DecisionBody.MINISTRY,),
}


def may_draft(user, municipality_id: int | None, *, urgent: bool = False) -> bool:
    """Who may write a regulation's text for the municipality: its case officers and medical
    officers; a hastevedtak (`urgent`) only its medical officer (kommuneoverlegen).

    The one rule for drafting: `submit`'s permission, the pages and the drafting services ask it.
    """
    return has_role(user, municipality_id, *((Role.MEDICAL_OFFICER,) if urgent else DRAFTING_ROLES))


def version_may_draft(version, user) -> bool:
    """`may_draft` for this version's municipality and kind."""
    return may_draft(user, version.regulation.municipality_id, urgent=version.kind == VersionKind.URGENT)


def deciding_roles(layer: str) -> tuple[str, ...]:
    """Who records the decision on a version of `layer`: the meeting secretary of the
    municipality for a local regulation; the issuer's approver (leder) for the national
    regulation and the regional levels, which no political meeting adopts."""
    return (Role.COMMITTEE_SECRETARY,) if layer == Layer.LOCAL else (Role.APPROVER,)


def may_decide(user, regulation) -> bool:
    """The one rule for deciding (adopt, reject, send back, repeal) on `regulation`'s versions."""
    return has_role(user, regulation.municipality_id, *deciding_roles(regulation.layer))


def _may_decide(version, user) -> bool:
    return may_decide(user, version.regulation)


def _may_issue_urgent(version, user) -> bool:
    return has_role(user, version.regulation.municipality_id, Role.MEDICAL_OFFICER)


def _may_let_lapse(version, user) -> bool:
    return has_role(user, version.regulation.municipality_id, Role.COMMITTEE_SECRETARY, Role.MEDICAL_OFFICER)


def _is_committee_version(version) -> bool:
    return version.kind != VersionKind.URGENT


def _is_urgent_version(version) -> bool:
    return version.kind == VersionKind.URGENT


class RegulationVersion(WorkflowModel, FrozenDocument):
    """One decision's text: the original, an amendment, an extension, a repeal or a hastevedtak."""

    workflow_field = "status"

    regulation = models.ForeignKey(
        Regulation, on_delete=models.PROTECT, related_name="versions", verbose_name=_("forskrift")
    )
    number = models.PositiveIntegerField(_("versjon"))
    kind = models.CharField(_("type vedtak"), max_length=20, choices=VersionKind.choices, default=VersionKind.ORIGINAL)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("bygger på")
    )
    status = FSMField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, protected=True
    )
    valid_from = models.DateTimeField(_("gjelder fra"), null=True, blank=True)
    valid_until = models.DateTimeField(_("gjelder til og med"), null=True, blank=True)
    confirmation_deadline = models.DateTimeField(_("frist for politisk stadfesting"), null=True, blank=True)

    decision_body = models.CharField(_("vedtaksorgan"), max_length=20, choices=DecisionBody.choices, blank=True)
    meeting_date = models.DateField(_("møtedato"), null=True, blank=True)
    item_number = models.CharField(_("saksnummer i møtet"), max_length=30, blank=True)
    votes_for = models.PositiveIntegerField(_("stemmer for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("stemmer mot"), null=True, blank=True)
    votes_abstaining = models.PositiveIntegerField(_("avstående"), null=True, blank=True)
    decision_text = models.TextField(_("vedtakstekst"), blank=True)
    decided_at = models.DateTimeField(_("vedtatt"), null=True, blank=True)
    decided_by = person_reference(_("registrert av"))
    revision = models.PositiveIntegerField(default=1, verbose_name=_("revisjon"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("opprettet"))
    created_by = person_reference(on_delete=models.SET_NULL, verbose_name=_("opprettet av"))

    history = HistoricalRecords(excluded_fields=["pdf_error"])

    class Meta:
        ordering = ["regulation_id", "number"]
        verbose_name = _("forskriftsversjon")
        verbose_name_plural = _("forskriftsversjoner")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="unique_version_number"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="version_valid_until_after_valid_from",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["adopted", "repealed", "urgent", "lapsed"]) | Q(valid_from__isnull=False),
                name="decided_version_has_valid_from",
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.regulation.title} (v{self.number})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_effective(self) -> bool:
        return self.status in EFFECTIVE_STATUSES

    @transition(
        field=status,
        source=VersionStatus.DRAFT,
        target=VersionStatus.SUBMITTED,
        permission=version_may_draft,
        conditions=[_is_committee_version],
        custom={
            "label": _("Legg fram for politisk behandling"),
            "done": _("Lagt fram for politisk behandling"),
            "style": "primary",
        },
    )
    def submit(self):
        pass

    @transition(
        field=status,
        source=VersionStatus.SUBMITTED,
        target=VersionStatus.DRAFT,
        permission=_may_decide,
        custom=SEND_BACK_TO_CASE_OFFICER,
    )
    def send_back(self):
        self.revision += 1

    @transition(
        field=status,
        source=VersionStatus.SUBMITTED,
        target=VersionStatus.ADOPTED,
        permission=_may_decide,
        custom={
            "label": _("Registrer vedtak"),
            "done": _("Vedtatt"),
            "url_name": "regulations:version_adopt",
            "style": "primary",
        },
    )
    def adopt(self):
        pass

    @transition(
        field=status,
        source=VersionStatus.SUBMITTED,
        target=VersionStatus.REJECTED,
        permission=_may_decide,
        custom={
            "label": _("Registrer avslag"),
            "done": _("Avvist"),
            "url_name": "regulations:version_reject",
            "style": "danger",
        },
    )
    def reject(self):
        pass

    @transition(
        field=status,
        source=VersionStatus.DRAFT,
        target=VersionStatus.URGENT,
        permission=_may_issue_urgent,
        conditions=[_is_urgent_version],
        custom={
            "label": _("Fatt hastevedtak"),
            "done": _("Hastevedtak fattet"),
            "url_name": "regulations:version_issue_urgent",
            "style": "danger",
        },
    )
    def issue_urgent(self):
        pass

    @transition(
        field=status,
        source=VersionStatus.URGENT,
        target=VersionStatus.ADOPTED,
        permission=_may_decide,
        custom={
            "label": _("Registrer politisk stadfesting"),
            "done": _("Hastevedtak stadfestet"),
            "url_name": "regulations:version_adopt",
            "style": "primary",
        },
    )
    def confirm(self):
        pass

    @transition(
        field=status,
        source=VersionStatus.URGENT,
        target=VersionStatus.LAPSED,
        permission=_may_let_lapse,
        custom={
            "label": _("La hastevedtaket falle bort"),
            "done": _("Hastevedtaket ikke stadfestet"),
            "needs_comment": True,
            "style": "secondary",
        },
    )
    def lapse(self):
        pass

    @transition(
        field=status,
        source=VersionStatus.ADOPTED,
        target=VersionStatus.REPEALED,
        permission=_may_decide,
        custom={"label": _("Opphevet"), "internal": True},
    )
    def repeal(self):
        pass


class Section(models.Model):
    """A numbered section (§) of one version: heading and paragraphs (ledd)."""

    version = models.ForeignKey(
        RegulationVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("forskriftsversjon")
    )
    number = models.PositiveIntegerField(_("paragrafnummer"))
    heading = models.CharField(_("overskrift"), max_length=300)
    body = models.TextField(
        _("tekst"),
        max_length=20000,
        help_text=_("Ledd skilles med en tom linje. Bokstavpunkter skrives på egne linjer som «a. …»."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "number"]
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="unique_section_number_per_version"),
            models.CheckConstraint(condition=Q(number__gte=1), name="section_number_positive"),
        ]

    def __str__(self) -> str:
        return f"§ {self.number}. {self.heading}"


class Measure(models.Model):
    """A structured measure (tiltak) imposed or advised by a section."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="measures", verbose_name=_("paragraf"))
    measure_type = models.ForeignKey(
        "measures.MeasureType", on_delete=models.PROTECT, related_name="+", verbose_name=_("tiltakstype")
    )
    parameters = models.JSONField(_("parametre"), default=dict, blank=True)
    is_advice = models.BooleanField(_("anbefaling (ikke påbud)"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section_id", "id"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")

    def __str__(self) -> str:
        return self.measure_type.name


class LevelPlacement(models.Model):
    """A municipality placed on a regional level by a version of that level's regulation, for a
    period [valid_from, valid_until): like a version's validity, it ends at the instant stated
    («til og med 21. mai kl. 23.59» ends at 23.59); valid_until empty: until further notice.

    Part of the version's decided content, frozen with it like its sections."""

    version = models.ForeignKey(
        RegulationVersion, on_delete=models.CASCADE, related_name="placements", verbose_name=_("forskriftsversjon")
    )
    municipality_number = models.CharField(_("kommunenummer"), max_length=4)
    valid_from = models.DateTimeField(_("gjelder fra"))
    valid_until = models.DateTimeField(_("gjelder til og med"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "municipality_number", "valid_from"]
        verbose_name = _("plassering på tiltaksnivå")
        verbose_name_plural = _("plasseringer på tiltaksnivå")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality_number__regex=r"^[0-9]{4}$"), name="placement_municipality_number_digits"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="placement_until_after_from",
            ),
        ]
        indexes = [models.Index(fields=["municipality_number", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.municipality_number} ({self.version})"


class ReminderKind(models.TextChoices):
    EXPIRY = "expiry", _("Utløper snart")
    DEADLINE = "deadline", _("Frist for stadfesting av hastevedtak")


class ReminderSent(models.Model):
    """A reminder that went out; its uniqueness makes the scheduled job idempotent."""

    version = models.ForeignKey(
        RegulationVersion, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("forskriftsversjon")
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices, verbose_name=_("type påminnelse"))
    due = models.DateTimeField(verbose_name=_("frist"))
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sendt"))
    recipients = models.TextField(blank=True, verbose_name=_("mottakere"))

    class Meta:
        verbose_name = _("sendt påminnelse")
        verbose_name_plural = _("sendte påminnelser")
        constraints = [models.UniqueConstraint(fields=["version", "kind", "due"], name="unique_reminder_per_due_date")]


class RiskResponseKind(models.TextChoices):
    LINKED = "linked", _("Vurderingen er lagt til grunn for forskriften")
    NO_CHANGE = "no_change", _("Vedtak om ikke å endre forskriften")


class RiskPictureResponse(models.Model):
    """The answer to a risk picture changed since the regulation was adopted: a newer approved
    assessment laid down as the regulation's basis now, or a recorded decision to change
    nothing. The regulation's risk-picture flag then compares with this assessment."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.PROTECT, related_name="risk_responses", verbose_name=_("forskrift")
    )
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.PROTECT, related_name="+", verbose_name=_("risikovurdering")
    )
    kind = models.CharField(_("svar"), max_length=20, choices=RiskResponseKind.choices)
    comment = models.TextField(_("begrunnelse"), max_length=5000, blank=True)
    decided_at = models.DateTimeField(_("registrert"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["regulation_id", "-decided_at", "-id"]
        verbose_name = _("svar på endret risikobilde")
        verbose_name_plural = _("svar på endret risikobilde")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "assessment"], name="one_response_per_assessment"),
        ]

    def __str__(self) -> str:
        return f"{self.regulation} – {self.get_kind_display()}"
