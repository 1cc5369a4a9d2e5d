"""Input validation for the meeting pages; writes happen in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ModelChoiceField, SubmitOnceForm, long_text_field
from regulations.forms import LocalDateTimeField

from .models import Body, Choice

VOTE_LIMITS = {"min_value": 0, "max_value": 1000}


class MeetingForm(SubmitOnceForm):
    municipality = ModelChoiceField(label=_("Kommune"), queryset=None, empty_label=None)  # type: ignore[arg-type]
    body = forms.ChoiceField(label=_("Organ"), choices=Body.choices)
    starts_at = LocalDateTimeField(label=_("Møtetidspunkt"))
    place = forms.CharField(label=_("Møtested"), max_length=200, required=False)
    remote = forms.BooleanField(
        label=_("Fjernmøte (kommuneloven § 11-7)"),
        required=False,
        help_text=_("Medlemmene deltar og stemmer elektronisk."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]


class VersionItemForm(forms.Form):
    version = ModelChoiceField(label=_("Forskrift"), queryset=None, empty_label=None)  # type: ignore[arg-type]

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        field.queryset = versions  # type: ignore[attr-defined]
        field.label_from_instance = lambda v: (  # type: ignore[attr-defined]
            f"{v.regulation.title} ({_('versjon')} {v.number}, {v.get_status_display().lower()})"
        )


class OrientationItemForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=300)
    text = long_text_field(_("Tekst"), required=False)


class PresentationForm(forms.Form):
    proposal = long_text_field(_("Innstilling"), rows=4)
    legal_basis = forms.CharField(label=_("Hjemmel"), max_length=2000)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Utfall"))
    votes_for = forms.IntegerField(label=_("Stemmer for"), required=False, **VOTE_LIMITS)
    votes_against = forms.IntegerField(label=_("Stemmer mot"), required=False, **VOTE_LIMITS)
    votes_blank = forms.IntegerField(label=_("Blanke"), required=False, **VOTE_LIMITS)
    decision_text = long_text_field(
        _("Vedtak"), required=False, help_text=_("Tomt: innstillingen er vedtaket."), rows=3
    )

    def __init__(self, *args, outcomes, counted: bool, orientation: bool = False, **kwargs):
        """`counted`: a remote vote's tally is the count; `orientation`: an orientation is
        taken note of, with no vote and no proposal to adopt."""
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]
        if counted or orientation:
            for name in ("votes_for", "votes_against", "votes_blank"):
                del self.fields[name]
        if orientation:
            self.fields["decision_text"].label = _("Merknad")
            self.fields["decision_text"].help_text = _("Valgfritt, for eksempel merknader fra møtet.")


class AmendmentForm(forms.Form):
    section_number = forms.IntegerField(label=_("Paragraf (§)"), min_value=1, max_value=999)
    proposed_by = forms.CharField(label=_("Forslagsstiller"), max_length=200)
    body = long_text_field(_("Ny tekst i paragrafen"), rows=4)
    votes_for = forms.IntegerField(label=_("Stemmer for"), **VOTE_LIMITS)
    votes_against = forms.IntegerField(label=_("Stemmer mot"), **VOTE_LIMITS)
    votes_blank = forms.IntegerField(label=_("Blanke"), initial=0, **VOTE_LIMITS)


class DisqualificationForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Medlem"), coerce=int)
    reason = forms.CharField(label=_("Grunn"), max_length=500, help_text=_("For eksempel forvaltningsloven § 6."))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, m.get_full_name() or m.get_username()) for m in members]


class AttendanceForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    present = forms.TypedChoiceField(coerce=lambda v: v == "1", choices=[("1", _("Til stede")), ("0", _("Forfall"))])


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Din stemme"), choices=Choice.choices, widget=forms.RadioSelect)
