"""Input validation for the regulation pages; writes happen in services."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import (
    ListSelect,
    ModelChoiceField,
    SubmitOnceForm,
    long_text_field,
    municipality_filter_field,
    status_filter_field,
)
from core.models import Organization
from core.validators import validate_reasonable_date

from .models import DECISION_BODIES, DecisionBody, Layer, MeasureLevel, VersionKind, VersionStatus

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y kl. %H.%M"]


class LocalDateTimeField(forms.DateTimeField):
    """A date and time of day in Norwegian local time (datetime-local input)."""

    widget = DATETIME_INPUT

    default_validators = [validate_reasonable_date]

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return super().prepare_value(value)


class BoundedDateField(forms.DateField):
    default_validators = [validate_reasonable_date]


class _ValidityMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("«Gjelder til og med» må være etter «gjelder fra»."))
        return data


class RegulationCreateForm(_ValidityMixin, SubmitOnceForm):
    municipality = ModelChoiceField(label=_("Kommune"), queryset=Organization.objects.none(), empty_label=None)
    layer = forms.ChoiceField(label=_("Nivå"), choices=Layer.choices, initial=Layer.LOCAL)
    level = forms.ChoiceField(
        label=_("Tiltaksnivå"),
        required=False,
        choices=[("", "—"), *MeasureLevel.choices],
        help_text=_("Bare for et regionalt tiltaksnivå."),
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[
            (VersionKind.ORIGINAL, _("Ny forskrift (vedtas politisk)")),
            (VersionKind.URGENT, _("Hastevedtak (kommuneoverlegen)")),
        ],
    )
    title = forms.CharField(label=_("Tittel"), max_length=300)
    short_title = forms.CharField(label=_("Korttittel"), max_length=150, required=False)
    legal_basis = forms.CharField(
        label=_("Hjemmel"), max_length=500, required=False, help_text=_("Tom = smittevernloven § 4-1.")
    )
    valid_from = LocalDateTimeField(label=_("Gjelder fra"), required=False)
    valid_until = LocalDateTimeField(label=_("Gjelder til og med"), required=False)

    def __init__(self, *args, municipalities, may_issue_urgent: bool, layers=(Layer.LOCAL,), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if not may_issue_urgent:
            self.fields["kind"].choices = self.fields["kind"].choices[:1]
        if tuple(layers) == (Layer.LOCAL,):
            # A municipality's people see the form as it always was: their own regulations only.
            del self.fields["layer"], self.fields["level"]
        else:
            self.fields["municipality"].label = _("Utsteder")
            self.fields["layer"].choices = [(value, label) for value, label in Layer.choices if value in layers]
            self.fields["layer"].initial = self.fields["layer"].choices[0][0]

    def clean(self):
        data = super().clean()
        layer = data.get("layer", Layer.LOCAL)
        data["layer"] = layer
        if layer == Layer.REGIONAL and not data.get("level"):
            self.add_error("level", _("Velg tiltaksnivå A, B eller C."))
        if layer != Layer.REGIONAL:
            data["level"] = ""
        if layer != Layer.LOCAL and data.get("kind") == VersionKind.URGENT:
            self.add_error("kind", _("Hastevedtak fattes bare av kommuneoverlegen for en kommune."))
        return data

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Forskriften må ha en tittel."))
        return title


class VersionMetaForm(_ValidityMixin, forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Tittel"), max_length=300, required=False)
    short_title = forms.CharField(label=_("Korttittel"), max_length=150, required=False)
    legal_basis = forms.CharField(label=_("Hjemmel"), max_length=500, required=False)
    valid_from = LocalDateTimeField(label=_("Gjelder fra"), required=False)
    valid_until = LocalDateTimeField(label=_("Gjelder til og med"), required=False)

    def __init__(self, *args, title_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.title_editable = title_editable
        if title_editable:
            self.fields["title"].required = True
        else:
            for name in ("title", "short_title", "legal_basis"):
                self.fields[name].disabled = True


class SectionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(label=_("§"), min_value=1, max_value=999)
    heading = forms.CharField(label=_("Overskrift"), max_length=300)
    body = long_text_field(
        _("Tekst"),
        rows=6,
        help_text=_("Ledd skilles med en tom linje. Bokstavpunkter skrives på egne linjer: «a. …»."),
    )


SectionFormSet = forms.formset_factory(SectionForm, extra=0, max_num=200, validate_max=True)


class CommentForm(forms.Form):
    comment = long_text_field(_("Kommentar"), max_length=5000)


class LapseForm(CommentForm):
    ends_at = LocalDateTimeField(
        label=_("Opphører"),
        required=False,
        help_text=_(
            "Tom = hastevedtaket opphører nå. Angi et annet tidspunkt når det erstattes fra da, f.eks. av en ny forskrift."
        ),
    )


class DecisionForm(forms.Form):
    decision_body = forms.ChoiceField(
        label=_("Vedtaksorgan"),
        choices=[(DecisionBody.FORMANNSKAP, _("Formannskapet")), (DecisionBody.KOMMUNESTYRE, _("Kommunestyret"))],
    )
    meeting_date = BoundedDateField(label=_("Møtedato"), widget=DATE_INPUT, input_formats=["%Y-%m-%d", "%d.%m.%Y"])
    item_number = forms.CharField(label=_("Saksnummer i møtet"), max_length=30, required=False)
    votes_for = forms.IntegerField(label=_("Stemmer for"), min_value=0, max_value=1000, required=False)
    votes_against = forms.IntegerField(label=_("Stemmer mot"), min_value=0, max_value=1000, required=False)
    votes_abstaining = forms.IntegerField(label=_("Avstående"), min_value=0, max_value=1000, required=False)
    decision_text = long_text_field(_("Vedtakstekst"), required=False)

    def __init__(self, *args, layer: str = Layer.LOCAL, **kwargs):
        super().__init__(*args, **kwargs)
        if layer != Layer.LOCAL:
            self.fields["decision_body"].choices = [
                (b, DecisionBody(b).label.capitalize()) for b in DECISION_BODIES[layer]
            ]
            self.fields["meeting_date"].label = _("Vedtaksdato")
            self.fields["item_number"].label = _("Saksnummer")
            for name in ("votes_for", "votes_against", "votes_abstaining"):
                del self.fields[name]

    def clean_meeting_date(self):
        value = self.cleaned_data["meeting_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Møtedatoen kan ikke være fram i tid."))
        return value


class UrgentForm(forms.Form):
    valid_from = LocalDateTimeField(label=_("Gjelder fra"), required=False, help_text=_("Tom = straks."))
    duration_days = forms.IntegerField(label=_("Varighet (dager)"), min_value=1, max_value=30, initial=7)
    confirmation_deadline = LocalDateTimeField(
        label=_("Frist for politisk stadfesting"), required=False, help_text=_("Tom = når hastevedtaket utløper.")
    )
    comment = long_text_field(_("Begrunnelse"), max_length=5000, required=False, rows=3)


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk i tittel"), required=False, max_length=200)
    municipality = municipality_filter_field()
    status = status_filter_field(VersionStatus.choices)
    in_force_on = BoundedDateField(
        label=_("I kraft på dato"), required=False, widget=DATE_INPUT, input_formats=["%Y-%m-%d", "%d.%m.%Y"]
    )


class PlacementForm(forms.Form):
    """A municipality placed on a regional level for a period [valid_from, valid_until): the end
    is the instant it stops applying, so a placement through 21 May ends at 22 May 00.00 and is
    shown «til og med 21. mai 2021» (core.formats.format_until_nb)."""

    municipality_number = forms.ChoiceField(label=_("Kommune"), widget=ListSelect)  # all 356 of the register
    valid_from = LocalDateTimeField(label=_("Gjelder fra"))
    valid_until = LocalDateTimeField(
        label=_("Slutter å gjelde"),
        required=False,
        help_text=_(
            "Tidspunktet plasseringen slutter å gjelde. Skal den gjelde til og med 21. mai 2021, "
            "skriv 22.05.2021 00.00. Tom = inntil videre."
        ),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality_number"].choices = [("", "—")] + [
            (m.number, f"{m.name} ({m.number})") for m in municipalities
        ]


class InForceAtForm(forms.Form):
    """The regulation page's «which text was in force then?»: a date and time, Norwegian time."""

    at = LocalDateTimeField(label=_("Teksten i kraft på tidspunkt"), required=False)
