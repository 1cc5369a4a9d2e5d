"""The timeline's filter form: every field optional, bad input becomes a form error."""

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ListSelect, ModelChoiceField, OrganizationChoiceField
from core.models import Organization

from .models import AuditKind
from .selectors import Filters, actors_for_filter, audited_organization_ids, is_system_administrator, parse_object_ref
from .subjects import subjects

# The shared records every trail has, after the documents the apps register.
SHARED_OBJECT_TYPES = [
    ("core.organization", _("Organisasjon")),
    ("core.membership", _("Medlemskap")),
    ("auth.user", _("Brukerkonto")),
]


def object_type_choices() -> list[tuple[str, Any]]:
    """The timeline's "kind of object" filter: each registered document and its parts, with a
    story page of its own or not (a case groups its documents' events without one)."""
    choices, seen = [("", _("Alle"))], set()
    for subject in subjects():
        if not subject.listed:
            continue
        for label, noun in ((subject.label, subject.noun), *subject.parts):
            if label not in seen:
                seen.add(label)
                choices.append((label, noun))
    return choices + SHARED_OBJECT_TYPES


class EventFilterForm(forms.Form):
    """The filters a story has too: kind of event, period, free text."""

    kind = forms.ChoiceField(
        label=_("Type hendelse"),
        choices=[("", _("Alle")), *list(AuditKind.choices)],
        required=False,
        widget=ListSelect,
    )
    since = forms.DateField(label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Til og med dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(
        label=_("Fritekst"),
        required=False,
        max_length=200,
        help_text=_("Søker i kommentarer, begrunnelser og objektnavn"),
    )

    @property
    def refused(self) -> bool:
        """Filters were given but some are wrong: nothing is shown but the errors (never the
        unfiltered trail beside them)."""
        return self.is_bound and not self.is_valid()

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        for name in ("since", "until"):
            if data.get(name) and not 1900 <= data[name].year <= 2100:
                self.add_error(name, _("Velg en dato mellom år 1900 og 2100."))
        if since and until and until < since:
            self.add_error("until", _("Til-datoen kan ikke være før fra-datoen."))
        return data

    def filters(self) -> Filters:
        """The filters of a valid form; an invalid form filters nothing (see `refused`)."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        return Filters(
            organization=data["organization"].pk if data.get("organization") else None,
            actor=data["actor"].pk if data.get("actor") else None,
            object_type=data.get("object_type") or "",
            object=parse_object_ref(data["object"]) if data.get("object") else None,
            kind=data.get("kind") or "",
            since=datetime.combine(data["since"], time.min, tzinfo=tz) if data.get("since") else None,
            until=datetime.combine(data["until"] + timedelta(days=1), time.min, tzinfo=tz)
            if data.get("until")
            else None,
            text=(data.get("q") or "").strip(),
        )


class TimelineFilterForm(EventFilterForm):
    # A system administrator chooses among every organization and every person: long lists.
    organization = OrganizationChoiceField(
        label=_("Organisasjon"), queryset=Organization.objects.none(), required=False, empty_label=_("Alle")
    )
    actor = ModelChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=ListSelect,
        empty_label=_("Alle"),
    )
    object_type = forms.ChoiceField(
        label=_("Type objekt"), choices=object_type_choices, required=False, widget=ListSelect
    )
    object = forms.CharField(
        label=_("Ett objekt"), required=False, max_length=120, help_text=_("Som «regulations.regulation:5»")
    )
    field_order = ["organization", "actor", "object_type", "object", "kind", "since", "until", "q"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = (
            Organization.objects.all()
            if is_system_administrator(user)
            else Organization.objects.filter(pk__in=audited_organization_ids(user))
        )
        self.fields["organization"].queryset = orgs.order_by("name")
        self.fields["actor"].queryset = actors_for_filter(user)
        self.fields["actor"].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean_object(self):
        value = self.cleaned_data["object"]
        if value and parse_object_ref(value) is None:
            raise forms.ValidationError(
                _("Skriv objektet som «app.modell:id», for eksempel «regulations.regulation:5».")
            )
        return value
