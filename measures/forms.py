"""The measure form: a type select and the parameter fields of the chosen type, built from its
pydantic model in `measures.schema` (the settings it governs, its qualifiers and values, its
exceptions), cleaned through `schema.validate` so that a form error and a service error say the
same thing."""

import datetime as dt
import re
import types
import typing
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import ListSelect, ModelChoiceField

from . import schema
from .models import MeasureType

TYPE_FIELD = "measure_type"
PARAM_PREFIX = "p_"
EXCEPTION_PREFIX = "exc_"
_TIME = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*$")
LICENCE_CHAPTERS = [(1, 1), (4, 4), (5, 5), (8, 8)]


class CommaFloatField(forms.Field):
    """A decimal number as Norwegians write it: «1,5» or «1.5»."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> float | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            return float(text.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise forms.ValidationError(
                _("«%(label)s» må være et tall, for eksempel 1,5.") % {"label": self.label}, code="invalid"
            ) from None


class ClockField(forms.Field):
    """A time of day as «HH.MM» or «HH:MM»; cleaned to «HH:MM» for the schema."""

    def to_python(self, value: Any) -> str | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        match = _TIME.match(text)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError(
                _("«%(label)s» må være et klokkeslett, for eksempel 22.00.") % {"label": self.label}, code="invalid"
            )
        return f"{int(match[1]):02d}:{match[2]}"


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type inside `X | None`, whether None is allowed)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], True
    return annotation, False


def _bounds(field) -> dict[str, Any]:
    bounds: dict[str, Any] = {}
    for item in field.metadata:
        for name in ("ge", "gt", "le", "lt"):
            if getattr(item, name, None) is not None:
                bounds[name] = getattr(item, name)
    return bounds


def _shown_number(value: float | int) -> str:
    return f"{value:g}".replace(".", ",")


def _range_error(label: str, bounds: dict[str, Any]) -> str | None:
    low = bounds.get("ge", bounds.get("gt"))
    high = bounds.get("le", bounds.get("lt"))
    if low is not None and high is not None:
        return _("«%(label)s» må være mellom %(low)s og %(high)s.") % {
            "label": label,
            "low": _shown_number(low),
            "high": f"{high:,}".replace(",", " ") if isinstance(high, int) else _shown_number(high),
        }
    return None


def _in_range(value: float, bounds: dict[str, Any]) -> bool:
    return not (
        ("ge" in bounds and value < bounds["ge"])
        or ("gt" in bounds and value <= bounds["gt"])
        or ("le" in bounds and value > bounds["le"])
        or ("lt" in bounds and value >= bounds["lt"])
    )


def _choices(enum: type[models.Choices]) -> list[tuple[str, str]]:
    return [(c.value, c.label) for c in enum]


def _param_field(name: str, field, default_settings: tuple[str, ...]) -> forms.Field:
    """The form field for one parameter of a measure type."""
    label = str(schema.field_label(field)) or name
    annotation, optional = _unwrap(field.annotation)
    required = field.is_required()
    default = None if required else field.get_default(call_default_factory=True)
    missing = {"required": _("«%(label)s» må fylles ut.") % {"label": label}}
    origin = typing.get_origin(annotation)
    form_field: forms.Field
    if name == "settings":
        form_field = forms.MultipleChoiceField(
            label=label,
            choices=_choices(schema.Setting),
            widget=forms.CheckboxSelectMultiple,
            initial=list(default_settings),
            required=not default_settings,
            error_messages=missing,
            help_text=_("Hvilke steder og aktiviteter tiltaket gjelder for."),
        )
    elif origin is list:
        (item,) = typing.get_args(annotation)
        choices = LICENCE_CHAPTERS if item is int else _choices(item)
        form_field = forms.TypedMultipleChoiceField(
            label=label,
            choices=choices,
            coerce=int if item is int else str,
            widget=forms.CheckboxSelectMultiple,
            initial=list(default or []),
            required=False,
        )
    elif annotation is bool:
        form_field = forms.BooleanField(label=label, required=False, initial=bool(default))
    elif isinstance(annotation, type) and issubclass(annotation, models.Choices):
        blank = [("", "—")] if optional or required else []
        form_field = forms.ChoiceField(
            label=label,
            choices=blank + _choices(annotation),
            required=required,
            initial=default,
            error_messages=missing,
        )
    elif annotation is int or annotation is float:
        bounds = _bounds(field)
        form_field = (forms.IntegerField if annotation is int else CommaFloatField)(
            label=label, required=required, initial=default if default else None, error_messages=missing
        )
        if annotation is int:
            form_field.error_messages["invalid"] = _("«%(label)s» må være et helt tall.") % {"label": label}
        form_field.widget.attrs["inputmode"] = "numeric" if annotation is int else "decimal"
        form_field.widget.attrs["class"] = "number"
        if (message := _range_error(label, bounds)) is not None:
            form_field.validators.append(_RangeValidator(bounds, message))
    elif annotation is dt.time:
        form_field = ClockField(
            label=label,
            required=required,
            error_messages=missing,
            help_text=_("Klokkeslett, for eksempel 22.00."),
            widget=forms.TextInput(attrs={"class": "clock", "placeholder": "22.00"}),
        )
    else:
        form_field = forms.CharField(
            label=label,
            required=required,
            max_length=2000,
            error_messages=missing,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    return form_field


class _RangeValidator:
    def __init__(self, bounds: dict[str, Any], message: str):
        self.bounds, self.message = bounds, message

    def __call__(self, value: Any) -> None:
        if value is not None and not _in_range(value, self.bounds):
            raise forms.ValidationError(self.message, code="range")


def offered_types():
    """The measure types offered for new measures: the typed kinds, not the first catalog's."""
    return MeasureType.objects.filter(legacy=False, code__in=list(schema.TYPES))


class MeasureForm(forms.Form):
    """A measure's type and its parameters in one form.

    The fields follow the type in the data (or, unbound, `measure_type`): choosing another type
    and submitting with «Velg tiltakstype» (or htmx on change) shows that type's fields. `params`
    holds the typed parameters after a valid submit; `parameters` their JSON to store.
    """

    measure_type = ModelChoiceField(
        label=gettext_lazy("Tiltakstype"),
        queryset=MeasureType.objects.none(),
        to_field_name="code",
        empty_label=gettext_lazy("— velg —"),
        error_messages={"invalid_choice": gettext_lazy("Velg en tiltakstype fra listen.")},
        # A draft's page has one such list under every section: written in one go.
        widget=ListSelect,
    )

    def __init__(
        self,
        data=None,
        *,
        measure_type: MeasureType | None = None,
        parameters: dict | None = None,
        is_advice: bool = False,
        with_advice: bool = True,
        swap_url: str = "",
        swap_target: str = "",
        swap_include: str = "",
        **kwargs,
    ):
        super().__init__(data, **kwargs)
        self._type_field().queryset = offered_types()
        if swap_url:
            # Changing the type fetches that type's fields (htmx); «Velg tiltakstype» does it without.
            self.fields[TYPE_FIELD].widget.attrs.update(
                {"hx-get": swap_url, "hx-trigger": "change", "hx-target": f"#{swap_target}", "hx-swap": "outerHTML"}
            )
            if swap_include:
                self.fields[TYPE_FIELD].widget.attrs["hx-include"] = swap_include
        self.chosen = self._chosen(measure_type)
        if self.chosen is not None:
            self.initial.setdefault(TYPE_FIELD, self.chosen.code)
            self._add_param_fields(self.chosen, parameters or {})
        if with_advice:
            self.fields["is_advice"] = forms.BooleanField(
                label=gettext_lazy("Anbefaling (ikke påbud eller forbud)"), required=False, initial=is_advice
            )
        self.params: schema.MeasureParams | None = None

    def _chosen(self, fallback: MeasureType | None) -> MeasureType | None:
        if self.is_bound:
            code = self.data.get(self.add_prefix(TYPE_FIELD))
            if code:
                return offered_types().filter(code=code).first()
        return fallback if fallback is not None and fallback.code in schema.TYPES else None

    def _type_field(self) -> forms.ModelChoiceField:
        return typing.cast(forms.ModelChoiceField, self.fields[TYPE_FIELD])

    @property
    def kind(self) -> schema.MeasureType | None:
        return schema.TYPES[self.chosen.code] if self.chosen is not None else None

    def _add_param_fields(self, chosen: MeasureType, stored: dict) -> None:
        kind = schema.TYPES[chosen.code]
        current = _initial_values(chosen.code, stored) if stored else {}
        for name, field in kind.params.model_fields.items():
            if name == "exceptions":
                continue
            form_field = _param_field(name, field, tuple(s.value for s in kind.default_settings))
            if name in current:
                form_field.initial = current[name]
            self.fields[PARAM_PREFIX + name] = form_field
        if schema.has_exceptions(kind.params):
            allowed = {e["code"]: e.get("max_people") for e in current.get("exceptions", [])}
            for code in schema.ExceptionCode:
                self.fields[EXCEPTION_PREFIX + code.value] = forms.BooleanField(
                    label=code.label, required=False, initial=code.value in allowed
                )
                self.fields[f"{EXCEPTION_PREFIX}{code.value}_max"] = forms.IntegerField(
                    label=_("inntil antall personer"),
                    required=False,
                    min_value=0,
                    max_value=schema.MAX_PEOPLE,
                    initial=allowed.get(code.value),
                    error_messages={
                        "min_value": _("Antallet må være 0 eller mer."),
                        "max_value": _("Antallet er for stort."),
                        "invalid": _("Skriv antallet som et helt tall."),
                    },
                    widget=forms.NumberInput(attrs={"class": "number", "placeholder": _("alle")}),
                )

    # --- groups for the template -------------------------------------------------------------

    def param_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(PARAM_PREFIX) and name != "p_settings"]

    def settings_field(self) -> forms.BoundField | None:
        return self["p_settings"] if "p_settings" in self.fields else None

    def exception_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[EXCEPTION_PREFIX + code.value], self[f"{EXCEPTION_PREFIX}{code.value}_max"])
            for code in schema.ExceptionCode
            if EXCEPTION_PREFIX + code.value in self.fields
        ]

    def advice_field(self) -> forms.BoundField | None:
        return self["is_advice"] if "is_advice" in self.fields else None

    # --- cleaning ------------------------------------------------------------------------------

    def raw_parameters(self) -> dict:
        """The parameters as entered, in the schema's names (for `schema.validate`)."""
        data = self.cleaned_data
        raw: dict[str, Any] = {}
        for name in self.fields:
            if name.startswith(PARAM_PREFIX) and name in data:
                value = data[name]
                if value is None or value == "":
                    continue
                raw[name[len(PARAM_PREFIX) :]] = value
        if self.kind is not None and schema.has_exceptions(self.kind.params):
            raw["exceptions"] = [
                {"code": code.value}
                | (
                    {"max_people": data[f"{EXCEPTION_PREFIX}{code.value}_max"]}
                    if data.get(f"{EXCEPTION_PREFIX}{code.value}_max") is not None
                    else {}
                )
                for code in schema.ExceptionCode
                if data.get(EXCEPTION_PREFIX + code.value)
            ]
        return raw

    def clean(self):
        cleaned = super().clean()
        if self.chosen is None or self.errors:
            return cleaned
        for code in schema.ExceptionCode:
            limit = cleaned.get(f"{EXCEPTION_PREFIX}{code.value}_max")
            if limit is not None and not cleaned.get(EXCEPTION_PREFIX + code.value):
                self.add_error(f"{EXCEPTION_PREFIX}{code.value}_max", _("Kryss av unntaket når du oppgir et antall."))
        if self.errors:
            return cleaned
        try:
            self.params = schema.validate(self.chosen.code, self.raw_parameters())
        except schema.MeasureError as exc:
            _schema_errors(self, exc)
        return cleaned

    @property
    def parameters(self) -> dict:
        assert self.params is not None, "parameters are read after a valid submit"
        return schema.dump(self.params)


def _schema_errors(form: forms.Form, exc: schema.MeasureError) -> None:
    """Attach each of a MeasureError's messages to the field it names (or to the form)."""
    for key, message in exc.errors.items():
        name = TYPE_FIELD if key == "type" else PARAM_PREFIX + key
        if name in form.fields:
            form.add_error(name, message)
        else:
            form.add_error(None, message)


def add_measure_errors(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's ValidationError about a measure to the form: a parameter's message to
    its field, the type's to the select, the rest on top."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, messages in exc.message_dict.items():
        name = key if key in form.fields else PARAM_PREFIX + key
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


def _initial_values(code: str, stored: dict) -> dict:
    """A stored measure's parameters as the form's initial values."""
    try:
        params = schema.validate(code, stored)
    except schema.MeasureError:
        return {}
    values = params.model_dump(mode="json")
    for name, value in list(values.items()):
        if isinstance(value, str) and re.match(r"^\d{2}:\d{2}(:00)?$", value):
            values[name] = value[:5].replace(":", ".")
        elif isinstance(value, float):
            values[name] = _shown_number(value)
    return values
