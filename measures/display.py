"""A stored measure in plain Norwegian: the typed measures it stands for (a measure of the first
catalog may stand for several), each as one line and as (label, value) rows, and whether it is a
rule or advice. Every page, PDF and API that shows a measure goes through `measure_shown`."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import schema

# A label's closing hint for the form («Skjenkestopp fra klokken (tomt: hele døgnet)»).
_FORM_HINT = re.compile(r"\s*\([^()]*:[^()]*\)$")


@dataclass(frozen=True)
class ShownMeasure:
    name: str  # the typed kind's name: «Maks antall personer»
    line: str  # «Maks antall personer: 10 — Arrangementer, innendørs; unntak: begravelser (inntil 50 personer)»
    rows: list[tuple[str, str]]  # schema.describe without the type row


def rule_or_advice(is_advice: bool) -> str:
    return _("Anbefaling") if is_advice else _("Påbud/forbud")


def _line(name: str, params: schema.MeasureParams) -> str:
    """«Maks antall personer: 10 — Arrangementer, innendørs; unntak: begravelser (inntil 50
    personer)»: what it does, then what it governs, its other values and its exceptions."""
    subject: list[str] = [schema.shown(params.settings)]
    values: list[tuple[str, str]] = []
    exceptions = ""
    for field_name, field in type(params).model_fields.items():
        value = getattr(params, field_name)
        if field_name == "settings" or value == field.get_default(call_default_factory=True):
            continue
        marker = schema.field_marker(field)
        if field_name == "exceptions":
            exceptions = _("unntak: %(list)s") % {"list": "; ".join(schema.exception_shown(e) for e in value)}
        elif isinstance(marker, schema.Qualifier):
            subject.append(str(marker.label) if value is True else schema.shown(value, marker))
        elif marker is not None:
            values.append((_FORM_HINT.sub("", str(marker.label)), schema.shown(value, marker)))
    head = name
    if values and values[0][0] == name:
        head = f"{name}: {values.pop(0)[1]}"
    parts = [", ".join(subject), *(f"{label}: {value}" for label, value in values)]
    if exceptions:
        parts.append(exceptions)
    return f"{head} — " + "; ".join(parts)


def measure_shown(code: str, parameters: dict) -> list[ShownMeasure]:
    """What a stored measure (type code, parameters) says, read as typed measures."""
    try:
        typed = schema.typed(code, parameters)
    except schema.MeasureError:
        # Stored before validation was as strict as it is now; shown, never a 500.
        return [ShownMeasure(name=code, line=_("Parametrene kan ikke leses."), rows=[])]
    shown = []
    for new, params in typed:
        name = str(schema.measure_type(new).name)
        shown.append(ShownMeasure(name=name, line=_line(name, params), rows=schema.describe(new, params)[1:]))
    return shown


def measure_text(code: str, parameters: dict) -> list[str]:
    """One line per typed measure, for exports."""
    return [m.line for m in measure_shown(code, parameters)]
