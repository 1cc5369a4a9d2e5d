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


class InstantField(forms.CharField):
    """The instant the rules are asked about: empty is now (to the minute); otherwise
    `parse_instant`'s forms, with a message saying how to write it."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Dato og klokkeslett"))
        kwargs.setdefault("help_text", _("Tomt: nå."))
        super().__init__(max_length=40, required=False, **kwargs)

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        if not text:
            return timezone.now().replace(second=0, microsecond=0)
        instant = parse_instant(text)
        if instant is None:
            raise forms.ValidationError(
                _("Skriv dato og klokkeslett som 15.05.2021 18:00 eller 2021-05-15T18:00, mellom %(a)s og %(b)s."),
                params={"a": MIN_YEAR, "b": MAX_YEAR},
            )
        return instant


class RulesQueryForm(forms.Form):
    municipality = MunicipalityField(label=_("Kommune (navn eller nummer)"), max_length=60)
    at = InstantField()
    visiting = MunicipalityField(
        label=_("Besøker (valgfritt)"),
        max_length=60,
        required=False,
        help_text=_("For den som bor i kommunen over og er i denne: det strengeste av begge gjelder."),
    )


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
