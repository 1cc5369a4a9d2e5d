"""Risk assessments (risiko- og tiltaksvurdering, FHI's template A–F), their indicator
readings, the versioned threshold tables that turn readings into levels N1–N5, and the
measures recommended to the political body."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.archive import FrozenDocument
from core.fields import person_reference
from core.models import Organization, Role
from core.selectors import has_role
from core.transitions import WorkflowModel


class Indicator(models.TextChoices):
    INCIDENCE = "incidence_14d", _("14-dagers insidens per 100 000 innbyggere")
    POSITIVE_SHARE = "positive_share", _("Andel positive blant testede siste 14 dager (%)")
    R_NUMBER = "r_number", _("Reproduksjonstallet R")
    ADMISSIONS = "admissions_14d", _("Nye innleggelser per 100 000 siste 14 dager")
    COUNTY_SHARE = "county_share", _("Andel kommuner i fylket over insidensgrensen (%)")


INDICATOR_SHORT_LABELS = {
    Indicator.INCIDENCE: _("Insidens"),
    Indicator.POSITIVE_SHARE: _("Andel positive"),
    Indicator.R_NUMBER: _("R"),
    Indicator.ADMISSIONS: _("Innleggelser"),
    Indicator.COUNTY_SHARE: _("Kommuner i fylket"),
}


class RiskLevel(models.IntegerChoices):
    """The overall risk levels of FHI (table 5 of the Harstad seed)."""

    CONTROL = 1, _("Risikonivå 1 (Kontroll)")
    CLUSTERS = 2, _("Risikonivå 2 (Kontroll med klynger)")
    INCREASING = 3, _("Risikonivå 3 (Økende spredning)")
    WIDESPREAD = 4, _("Risikonivå 4 (Utbredt spredning)")
    UNCONTROLLED = 5, _("Risikonivå 5 (Ukontrollert spredning)")


# Descriptions word for word from table 5 of the seed (FHI's definitions).
RISK_LEVEL_DESCRIPTIONS = {
    1: _("Ingen eller få påviste tilfeller, men mulighet for oppblussing."),
    2: _(
        "Lokale og regionale utbrudd som kontrolleres. Insidensen er gjerne noe varierende som følge av utbrudd. "
        "Tilfellene kan være begrenset til visse grupper, og bare en liten andel (under 10%) har ukjent "
        "smittesituasjon. Testing og smittesporing håndteres greit."
    ),
    3: _(
        "Økende insidens utenom avgrensete utbrudd og fare for rask akselerasjon i insidens. Tilfellene er dels "
        "sporadiske og dels klynger i ulike miljøer. Rundt 10-20% har ukjent smittesituasjon. Kapasitet for "
        "smittesporing og testing er under press."
    ),
    4: _(
        "Høy og raskt økende insidens utenom avgrensete utbrudd. Press på sykehusenes kapasitet. Økende insidens "
        "eller flere utbrudd i sårbare grupper. Rundt 20-30% har ukjent smittesituasjon. Økende insidens av "
        "innleggelser og dødsfall. Kapasitet for smittesporing og testing er overbelastet."
    ),
    5: _(
        "Ukontrollert spredning i samfunnet og fare for å overskride sykehusenes kapasitet. Akselererende insidens "
        "utenom kjente utbrudd. Mer en 30-40% har ukjent smittesituasjon. Smittesporing er ikke gjennomførbart "
        "for mange tilfeller pga. kapasitetsmangel."
    ),
}


class ThresholdTable(models.Model):
    """Reference data: for one indicator, the value ranges that give levels N1–N5, in force
    from a date until the next table of the same indicator takes over."""

    indicator = models.CharField(_("indikator"), max_length=30, choices=Indicator.choices)
    effective_from = models.DateField(_("gjelder fra"))
    name = models.CharField(_("navn"), max_length=200)
    note = models.TextField(_("merknad"), blank=True)
    is_default = models.BooleanField(
        _("standardtabell"),
        default=False,
        help_text=_("Lagt inn ved installasjon som utgangspunkt; kontroller mot FHIs gjeldende veileder."),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("opprettet"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "-effective_from"]
        verbose_name = _("terskeltabell")
        verbose_name_plural = _("terskeltabeller")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "effective_from"], name="unique_threshold_table_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} – {self.name} ({self.effective_from:%d.%m.%Y})"


class ThresholdBand(models.Model):
    """One range of a threshold table: lower ≤ value < upper gives `level` (upper empty = no limit)."""

    table = models.ForeignKey(
        ThresholdTable, on_delete=models.CASCADE, related_name="bands", verbose_name=_("terskeltabell")
    )
    level = models.PositiveSmallIntegerField(_("nivå (N)"), choices=[(n, f"N{n}") for n in range(1, 6)])
    lower = models.DecimalField(_("fra og med"), max_digits=10, decimal_places=2)
    upper = models.DecimalField(_("til (ikke med)"), max_digits=10, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["table_id", "lower"]
        verbose_name = _("terskelintervall")
        verbose_name_plural = _("terskelintervaller")
        constraints = [
            models.UniqueConstraint(fields=["table", "level"], name="unique_level_per_threshold_table"),
            models.CheckConstraint(condition=Q(lower__gte=0), name="threshold_lower_not_negative"),
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(upper__gt=F("lower")), name="threshold_upper_above_lower"
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="threshold_level_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"N{self.level}: {self.lower}–{self.upper if self.upper is not None else '∞'}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    IN_REVIEW = "in_review", _("Til godkjenning")
    APPROVED = "approved", _("Godkjent")
    SUPERSEDED = "superseded", _("Erstattet av nyere vurdering")


FROZEN_STATUSES = (AssessmentStatus.APPROVED, AssessmentStatus.SUPERSEDED)
DRAFTING_ROLES = (Role.MEDICAL_OFFICER, Role.CASE_OFFICER)
APPROVING_ROLES = (Role.MEDICAL_OFFICER, Role.APPROVER)

# The sections of FHI's template, in order: (field name, heading).
SECTION_FIELDS = (
    ("introduction", _("A. Innledning")),
    ("epidemiological_situation", _("B. Dagens epidemiologiske situasjon")),
    ("spread_potential", _("C. Vurdering av spredningspotensialet")),
    ("disease_burden", _("D. Vurdering av forventet sykdomsbyrde")),
    ("summary", _("E. Oppsummering av risikobildet")),
    ("measures_assessment", _("F. Tiltaksvurdering")),
)


def _may_draft(assessment, user) -> bool:
    return has_role(user, assessment.municipality_id, *DRAFTING_ROLES)


def _may_approve(assessment, user) -> bool:
    return has_role(user, assessment.municipality_id, *APPROVING_ROLES)


class Assessment(WorkflowModel, FrozenDocument):
    """One week's risk and measures assessment of a municipality."""

    workflow_field = "status"

    municipality = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="risk_assessments",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("kommune"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("forfatter")
    )
    date = models.DateField(_("dato"))
    iso_year = models.PositiveSmallIntegerField(_("år (ISO-uke)"))
    iso_week = models.PositiveSmallIntegerField(_("uke"))
    status = FSMField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT, protected=True
    )

    introduction = models.TextField(_("A. Innledning"), blank=True)
    epidemiological_situation = models.TextField(_("B. Dagens epidemiologiske situasjon"), blank=True)
    spread_potential = models.TextField(_("C. Vurdering av spredningspotensialet"), blank=True)
    disease_burden = models.TextField(_("D. Vurdering av forventet sykdomsbyrde"), blank=True)
    summary = models.TextField(_("E. Oppsummering av risikobildet"), blank=True)
    measures_assessment = models.TextField(_("F. Tiltaksvurdering"), blank=True)

    suggested_risk_level = models.PositiveSmallIntegerField(
        _("foreslått risikonivå"), choices=RiskLevel.choices, null=True, blank=True
    )
    risk_level = models.PositiveSmallIntegerField(_("risikonivå"), choices=RiskLevel.choices, null=True, blank=True)
    level_justification = models.TextField(_("begrunnelse for risikonivå"), blank=True)

    regulation = models.OneToOneField(
        "regulations.Regulation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="basis_assessment",
        verbose_name=_("forskrift vedtatt på grunnlag av vurderingen"),
    )
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("erstattet av")
    )
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_by = person_reference(_("godkjent av"))
    revision = models.PositiveIntegerField(default=1, verbose_name=_("revisjon"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("opprettet"))

    history = HistoricalRecords(excluded_fields=["pdf_error"])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("risikovurdering")
        verbose_name_plural = _("risikovurderinger")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "iso_year", "iso_week"], name="one_assessment_per_municipality_week"
            ),
            models.CheckConstraint(condition=Q(iso_week__gte=1, iso_week__lte=53), name="assessment_iso_week_valid"),
            models.CheckConstraint(
                condition=Q(risk_level__isnull=True) | Q(risk_level__gte=1, risk_level__lte=5),
                name="assessment_risk_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "superseded"]) | Q(risk_level__isnull=False),
                name="approved_assessment_has_risk_level",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "date"]),
            # The list's order (`ordering`): a page is read from the index, not sorted from all.
            models.Index(fields=["date", "id"], name="assessment_date_id"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name}, uke {self.iso_week} {self.iso_year}"

    @property
    def is_editable(self) -> bool:
        return self.status == AssessmentStatus.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def title(self) -> str:
        return str(
            _("Risiko- og tiltaksvurdering for %(name)s – uke %(week)s %(year)s")
            % {"name": self.municipality.name, "week": self.iso_week, "year": self.iso_year}
        )

    @property
    def level_differs_from_suggestion(self) -> bool:
        return bool(self.risk_level and self.suggested_risk_level and self.risk_level != self.suggested_risk_level)

    @transition(
        field=status,
        source=AssessmentStatus.DRAFT,
        target=AssessmentStatus.IN_REVIEW,
        permission=_may_draft,
        custom={"label": _("Send til godkjenning"), "done": _("Sendt til godkjenning"), "style": "primary"},
    )
    def submit(self):
        pass

    @transition(
        field=status,
        source=AssessmentStatus.IN_REVIEW,
        target=AssessmentStatus.DRAFT,
        permission=_may_approve,
        custom={"label": _("Send tilbake"), "done": _("Sendt tilbake"), "needs_comment": True, "style": "secondary"},
    )
    def send_back(self):
        self.revision += 1

    @transition(
        field=status,
        source=AssessmentStatus.IN_REVIEW,
        target=AssessmentStatus.APPROVED,
        permission=_may_approve,
        custom={"label": _("Godkjenn"), "done": _("Godkjent"), "style": "primary"},
    )
    def approve(self):
        pass

    @transition(
        field=status,
        source=AssessmentStatus.APPROVED,
        target=AssessmentStatus.SUPERSEDED,
        custom={"label": _("Erstattet av nyere vurdering"), "internal": True},
    )
    def supersede(self):
        pass


class RSource(models.TextChoices):
    NATIONAL = "national", _("nasjonalt")
    REGIONAL = "regional", _("regionalt")
    LOCAL = "local", _("lokalt")


def _grouped(number: int | None) -> str:
    """A count with the reader's thousands separator: 24 800 in Norwegian."""
    return "" if number is None else number_format(number, force_grouping=True, use_l10n=True)


class IndicatorReading(models.Model):
    """One indicator's figure in one assessment, with the inputs it was computed from.

    `value` is computed from the inputs (R is the only figure entered as such); empty
    inputs leave the reading missing. `level` comes from `threshold_table`, the table in
    force on the assessment's date when the figures were saved.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="readings", verbose_name=_("risikovurdering")
    )
    indicator = models.CharField(_("indikator"), max_length=30, choices=Indicator.choices)
    cases = models.PositiveIntegerField(_("tilfeller"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("dager"), null=True, blank=True)
    population = models.PositiveIntegerField(_("innbyggere"), null=True, blank=True)
    tested = models.PositiveIntegerField(_("testede"), null=True, blank=True)
    positive = models.PositiveIntegerField(_("positive"), null=True, blank=True)
    admissions = models.PositiveIntegerField(_("innleggelser"), null=True, blank=True)
    municipalities_over = models.PositiveIntegerField(_("kommuner over grensen"), null=True, blank=True)
    municipalities_total = models.PositiveIntegerField(_("kommuner i fylket"), null=True, blank=True)
    r_source = models.CharField(_("kilde for R"), max_length=20, choices=RSource.choices, blank=True)
    value = models.DecimalField(_("verdi"), max_digits=10, decimal_places=2, null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("nivå"), null=True, blank=True)
    threshold_table = models.ForeignKey(
        ThresholdTable,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("terskeltabell brukt"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment_id", "id"]
        verbose_name = _("indikatorverdi")
        verbose_name_plural = _("indikatorverdier")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="one_reading_per_indicator"),
            models.CheckConstraint(
                condition=Q(positive__isnull=True) | Q(tested__isnull=True) | Q(positive__lte=F("tested")),
                name="reading_positive_not_above_tested",
            ),
            models.CheckConstraint(
                condition=Q(municipalities_over__isnull=True)
                | Q(municipalities_total__isnull=True)
                | Q(municipalities_over__lte=F("municipalities_total")),
                name="reading_share_not_above_total",
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population__gt=0), name="reading_population_positive"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="reading_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5), name="reading_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value}"

    @property
    def is_missing(self) -> bool:
        return self.value is None

    @property
    def inputs_text(self) -> str:
        """The figures the value was computed from, in words (the page and the PDF)."""
        if self.cases is not None:
            return ngettext(
                "%(c)s tilfelle på %(d)s dager, %(p)s innbyggere",
                "%(c)s tilfeller på %(d)s dager, %(p)s innbyggere",
                self.cases,
            ) % {"c": _grouped(self.cases), "d": self.days, "p": _grouped(self.population)}
        if self.tested is not None:
            return gettext("%(p)s av %(t)s testede") % {"p": _grouped(self.positive), "t": _grouped(self.tested)}
        if self.admissions is not None:
            return ngettext(
                "%(a)s innleggelse, %(p)s innbyggere", "%(a)s innleggelser, %(p)s innbyggere", self.admissions
            ) % {"a": _grouped(self.admissions), "p": _grouped(self.population)}
        if self.municipalities_total is not None:
            return f"{self.municipalities_over}/{self.municipalities_total} " + gettext("kommuner")
        if self.r_source:
            return gettext("kilde: %(s)s") % {"s": self.get_r_source_display()}
        return ""


class RegulationChapter(models.TextChoices):
    NONE = "", _("Ingen")
    CH_5A = "5A", _("Kapittel 5A (svært høyt tiltaksnivå)")
    CH_5B = "5B", _("Kapittel 5B (høyt tiltaksnivå)")
    CH_5C = "5C", _("Kapittel 5C (noe høyt tiltaksnivå)")


class RecommendedMeasure(models.Model):
    """A measure the medical officer recommends to the political body, with its reasons.

    A rule (not advice) becomes a section of the draft regulation: `heading` and `text`
    are that section's heading and body.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="recommended_measures", verbose_name=_("risikovurdering")
    )
    order = models.PositiveIntegerField(_("rekkefølge"))
    measure_type = models.ForeignKey(
        "measures.MeasureType", on_delete=models.PROTECT, related_name="+", verbose_name=_("tiltakstype")
    )
    parameters = models.JSONField(_("parametre"), default=dict, blank=True)
    heading = models.CharField(_("overskrift"), max_length=300)
    text = models.TextField(_("tekst i forskriften"), max_length=20000, blank=True)
    fhi_level = models.PositiveSmallIntegerField(
        _("FHIs tiltakspakke for risikonivå"), choices=RiskLevel.choices, null=True, blank=True
    )
    regulation_chapter = models.CharField(
        _("tilsvarer covid-19-forskriften"), max_length=2, choices=RegulationChapter.choices, blank=True
    )
    justification = models.TextField(_("begrunnelse"), max_length=20000)
    is_advice = models.BooleanField(_("anbefaling (ikke påbud)"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment_id", "order"]
        verbose_name = _("anbefalt tiltak")
        verbose_name_plural = _("anbefalte tiltak")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "order"], name="unique_recommended_measure_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.heading}"
