"""A measure's parameters against its type's schema (reference data): validated on the way
in, described for display on the way out."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import MeasureType

MAX_INT = 1_000_000


def validate_parameters(measure_type: MeasureType, raw: dict) -> dict:
    """Return the parameters converted to their kinds; unknown keys and bad values are refused."""
    schema = {p["key"]: p for p in measure_type.parameter_schema}
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key in raw:
        if key not in schema:
            errors[key] = _("Ukjent parameter «%(key)s» for %(type)s.") % {"key": key, "type": measure_type.name}
    for key, spec in schema.items():
        value = raw.get(key)
        label = spec.get("label", key)
        kind = spec.get("kind", "text")
        if value in (None, "", []):
            if spec.get("required"):
                errors[key] = _("«%(label)s» må fylles ut.") % {"label": label}
            continue
        if kind == "int":
            try:
                number = int(str(value).strip())
            except ValueError:
                errors[key] = _("«%(label)s» må være et helt tall.") % {"label": label}
                continue
            if number < 0 or number > MAX_INT:
                errors[key] = _("«%(label)s» må være mellom 0 og %(max)s.") % {"label": label, "max": MAX_INT}
                continue
            cleaned[key] = number
        elif kind == "decimal":
            try:
                amount = float(str(value).replace(",", ".").strip())
            except ValueError:
                errors[key] = _("«%(label)s» må være et tall.") % {"label": label}
                continue
            if amount < 0 or amount > MAX_INT:
                errors[key] = _("«%(label)s» må være et positivt tall.") % {"label": label}
                continue
            cleaned[key] = amount
        elif kind == "bool":
            cleaned[key] = value in (True, "on", "true", "1", 1)
        elif kind == "choice":
            allowed = [c[0] for c in spec.get("choices", [])]
            if value not in allowed:
                errors[key] = _("Ugyldig valg for «%(label)s».") % {"label": label}
                continue
            cleaned[key] = value
        elif kind == "multichoice":
            values = value if isinstance(value, list) else [value]
            allowed = [c[0] for c in spec.get("choices", [])]
            bad = [v for v in values if v not in allowed]
            if bad:
                errors[key] = _("Ugyldig valg for «%(label)s».") % {"label": label}
                continue
            cleaned[key] = values
        else:
            text = str(value).strip()
            if len(text) > 2000:
                errors[key] = _("«%(label)s» er for lang (høyst 2000 tegn).") % {"label": label}
                continue
            cleaned[key] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def describe_parameters(measure_type: MeasureType, parameters: dict) -> list[tuple[str, str]]:
    """(label, human value) pairs for display, in the schema's order."""
    rows = []
    for spec in measure_type.parameter_schema:
        key = spec["key"]
        if key not in parameters:
            continue
        value = parameters[key]
        choices = {c[0]: c[1] for c in spec.get("choices", [])}
        if spec.get("kind") == "bool":
            shown = _("ja") if value else _("nei")
        elif spec.get("kind") == "multichoice":
            shown = ", ".join(str(choices.get(v, v)) for v in value)
        elif spec.get("kind") == "choice":
            shown = str(choices.get(value, value))
        else:
            shown = str(value)
        rows.append((spec.get("label", key), shown))
    return rows
