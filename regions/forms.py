"""The region form (name, description, members by number or name) and the comparison's instant."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from register.models import Municipality
from rules.forms import InstantField


class RegionForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    municipalities = forms.CharField(
        label=_("Kommuner"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=5000,
        help_text=_(
            "Kommunenummer eller navn, én per linje eller skilt med komma, for eksempel «0301 Oslo» eller «3024». "
            "Rekkefølgen blir kolonnenes rekkefølge i sammenligningen."
        ),
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        max_length=300,
        help_text=_("Hvorfor regionen opprettes eller endres; lagres i historikken."),
    )

    def clean_municipalities(self) -> list[str]:
        numbers: list[str] = []
        unknown: list[str] = []
        for item in re.split(r"[,;\n]+", self.cleaned_data["municipalities"]):
            text = " ".join(item.split())
            if not text:
                continue
            number = re.match(r"^(\d{4})\b", text)
            if number:
                numbers.append(number.group(1))
                continue
            found = (
                Municipality.objects.filter(name__iexact=text.removesuffix(" kommune"))
                .order_by("-valid_from", "number")
                .first()
            )
            if found is None:
                unknown.append(text)
            else:
                numbers.append(found.number)
        if unknown:
            raise forms.ValidationError(
                _("Fant ikke i kommuneregisteret: %(names)s."), params={"names": ", ".join(unknown)}
            )
        return numbers


def members_text(numbers: list[str]) -> str:
    """The form's text for stored members: «0301 Oslo», one per line."""
    names = dict(Municipality.objects.filter(number__in=numbers).values_list("number", "name"))
    return "\n".join(f"{n} {names.get(n, '')}".strip() for n in numbers)


class InstantForm(forms.Form):
    at = InstantField()
