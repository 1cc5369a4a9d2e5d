"""Input validation for the regulation pages; writes happen in services."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Organization
from core.validators import validate_reasonable_date

from .models import DecisionBody, VersionKind, VersionStatus

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


class RegulationCreateForm(_ValidityMixin, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=Organization.objects.none(), empty_label=None)
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

    def __init__(self, *args, municipalities, may_issue_urgent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if not may_issue_urgent:
            self.fields["kind"].choices = self.fields["kind"].choices[:1]

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
    body = forms.CharField(
        label=_("Tekst"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ledd skilles med en tom linje. Bokstavpunkter skrives på egne linjer: «a. …»."),
    )


SectionFormSet = forms.formset_factory(SectionForm, extra=0, max_num=200, validate_max=True)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class LapseForm(CommentForm):
    ends_at = LocalDateTimeField(
        label=_("Opphører"),
        required=False,
        help_text=_(
            "Tom = hastevedtaket gjelder ut perioden. Angi tidspunktet når det erstattes tidligere, f.eks. av en ny forskrift."
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
    decision_text = forms.CharField(
        label=_("Vedtakstekst"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

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
    comment = forms.CharField(
        label=_("Begrunnelse"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk i tittel"), required=False, max_length=200)
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Organization.objects.filter(kind="municipality"),
        required=False,
        empty_label=_("Alle"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *list(VersionStatus.choices)]
    )
    in_force_on = BoundedDateField(
        label=_("I kraft på dato"), required=False, widget=DATE_INPUT, input_formats=["%Y-%m-%d", "%d.%m.%Y"]
    )
