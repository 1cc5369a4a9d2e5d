"""Input validation for the assessment pages; writes happen in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    ModelChoiceField,
    SubmitOnceForm,
    long_text_field,
    municipality_filter_field,
    status_filter_field,
)
from core.models import Organization

from .models import SECTION_FIELDS, AssessmentStatus, RegulationChapter, RiskLevel, RSource

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
COUNT = {"min_value": 0, "max_value": 10_000_000, "required": False}

# FHI's own description of the template, as in section A of the seed.
DEFAULT_INTRODUCTION = (
    "Risikovurdering – Kommuneoverlegen har ansvar for å vurdere risikoen ved utbruddet, eventuelt i samarbeid "
    "med nabokommuner. FHI kan gi veiledning. Formålet er å løpende vurdere sannsynligheten for videre spredning "
    "og konsekvensene av dette."
)


class AssessmentCreateForm(SubmitOnceForm):
    municipality = ModelChoiceField(label=_("Kommune"), queryset=Organization.objects.none(), empty_label=None)
    date = forms.DateField(label=_("Dato"), widget=DATE_INPUT, input_formats=DATE_FORMATS)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class SectionsForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in SECTION_FIELDS:
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=100_000,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_(
                    "Avsnitt skilles med en tom linje. Enkel HTML (avsnitt, lister, uthevinger, lenker) er tillatt."
                ),
            )


class IndicatorsForm(forms.Form):
    """The week's figures; every field may be empty (the indicator is then 'missing')."""

    cases = forms.IntegerField(label=_("Nye tilfeller siste 14 dager"), **COUNT)
    days = forms.IntegerField(label=_("Antall dager"), min_value=1, max_value=60, initial=14, required=False)
    population = forms.IntegerField(label=_("Innbyggertall"), min_value=1, max_value=10_000_000, required=False)
    tested = forms.IntegerField(label=_("Testede siste 14 dager"), **COUNT)
    positive = forms.IntegerField(label=_("Positive siste 14 dager"), **COUNT)
    r_value = forms.DecimalField(
        label=_("Reproduksjonstall R"), min_value=0, max_value=10, decimal_places=2, required=False, localize=True
    )
    r_source = forms.ChoiceField(label=_("Kilde for R"), choices=[("", "—"), *list(RSource.choices)], required=False)
    admissions = forms.IntegerField(label=_("Nye innleggelser siste 14 dager"), **COUNT)
    municipalities_over = forms.IntegerField(label=_("Kommuner i fylket over insidensgrensen"), **COUNT)
    municipalities_total = forms.IntegerField(label=_("Kommuner i fylket"), min_value=1, max_value=1000, required=False)

    def clean(self):
        data = super().clean()
        tested, positive = data.get("tested"), data.get("positive")
        if tested is not None and positive is not None and positive > tested:
            self.add_error("positive", _("Antall positive kan ikke være større enn antall testede."))
        over, total = data.get("municipalities_over"), data.get("municipalities_total")
        if over is not None and total is not None and over > total:
            self.add_error(
                "municipalities_over", _("Andelen kan ikke være over 100 %: flere kommuner over grensen enn i fylket.")
            )
        return data


class RiskLevelForm(forms.Form):
    risk_level = forms.TypedChoiceField(
        label=_("Samlet risikonivå"),
        choices=[("", "—"), *list(RiskLevel.choices)],
        coerce=int,
        empty_value=None,
    )
    level_justification = long_text_field(
        _("Begrunnelse"), required=False, help_text=_("Påkrevd når nivået avviker fra forslaget.")
    )


class RecommendationForm(forms.Form):
    heading = forms.CharField(label=_("Overskrift"), max_length=300)
    is_advice = forms.BooleanField(label=_("Anbefaling (ikke påbud)"), required=False)
    text = long_text_field(
        _("Tekst i forskriften"),
        required=False,
        help_text=_("Påbud blir en paragraf i forskriftsutkastet med denne teksten."),
    )
    fhi_level = forms.TypedChoiceField(
        label=_("FHIs tiltakspakke for"),
        choices=[("", "—"), *list(RiskLevel.choices)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    regulation_chapter = forms.ChoiceField(
        label=_("Tilsvarer covid-19-forskriften"), choices=RegulationChapter.choices, required=False
    )
    justification = long_text_field(_("Begrunnelse"))


class ListFilterForm(forms.Form):
    municipality = municipality_filter_field()
    status = status_filter_field(AssessmentStatus.choices)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
