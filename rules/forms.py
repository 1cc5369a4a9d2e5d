"""The question asked of the rules in force: which municipality, when, and visiting where."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import MAX_YEAR, MIN_YEAR, parse_instant
from register.models import Municipality


class MunicipalityField(forms.CharField):
    """A municipality of the register by number (0301) or name (Bærum)."""

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        # As the public page's list offers them: «Bærum (3024)».
        chosen = re.fullmatch(r".*\((\d{4})\)", text)
        if chosen:
            text = chosen.group(1)
        found = Municipality.objects.filter(number=text).first() if text.isdigit() else None
        if found is None:
            found = Municipality.objects.filter(name__iexact=text.removesuffix(" kommune")).order_by("number").first()
        if found is None:
            raise forms.ValidationError(_("Fant ingen kommune «%(text)s» i kommuneregisteret."), params={"text": text})
        return found


class RulesQueryForm(forms.Form):
    municipality = MunicipalityField(label=_("Kommune (navn eller nummer)"), max_length=60)
    at = forms.CharField(
        label=_("Dato og klokkeslett"),
        max_length=40,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Tomt: nå."),
    )
    visiting = MunicipalityField(
        label=_("Besøker (valgfritt)"),
        max_length=60,
        required=False,
        help_text=_("For den som bor i kommunen over og er i denne: det strengeste av begge gjelder."),
    )

    def clean_at(self):
        text = self.cleaned_data["at"].strip()
        if not text:
            return timezone.now().replace(second=0, microsecond=0)
        value = parse_instant(text)
        if value is None:
            raise forms.ValidationError(
                _("Skriv dato og klokkeslett som 15.05.2021 18:00 eller 2021-05-15T18:00, mellom %(a)s og %(b)s."),
                params={"a": MIN_YEAR, "b": MAX_YEAR},
            )
        return value


class PublicRulesForm(RulesQueryForm):
    """The public page's question: the same fields, worded for residents and visitors."""

    municipality = MunicipalityField(
        label=_("Kommune"),
        max_length=60,
        help_text=_("Skriv navnet eller kommunenummeret, for eksempel Bærum eller 3024."),
        widget=forms.TextInput(attrs={"list": "kommuner", "autocomplete": "off"}),
    )
    visiting = MunicipalityField(
        label=_("Besøker du en annen kommune? (valgfritt)"),
        max_length=60,
        required=False,
        help_text=_("Den som bor i én kommune og er i en annen, må følge det strengeste av begge."),
        widget=forms.TextInput(attrs={"list": "kommuner", "autocomplete": "off"}),
    )
