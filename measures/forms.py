"""Forms built from the measure catalog: choosing a type, then entering its parameters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MeasureType
from .parameters import MAX_INT


class MeasureTypeChoiceForm(forms.Form):
    measure_type = forms.ModelChoiceField(label=_("Tiltakstype"), queryset=MeasureType.objects.all())


def measure_parameter_form(measure_type: MeasureType, data=None) -> forms.Form:
    """A form with one field per parameter of the measure type (built from reference data)."""
    fields: dict[str, forms.Field] = {}
    for spec in measure_type.parameter_schema:
        kind = spec.get("kind", "text")
        label = spec.get("label", spec["key"])
        required = bool(spec.get("required"))
        field: forms.Field
        if kind == "int":
            field = forms.IntegerField(label=label, required=required, min_value=0, max_value=MAX_INT)
        elif kind == "decimal":
            field = forms.DecimalField(label=label, required=required, min_value=0, max_value=MAX_INT, decimal_places=2)
        elif kind == "bool":
            field = forms.BooleanField(label=label, required=False)
        elif kind == "choice":
            field = forms.ChoiceField(
                label=label, required=required, choices=[("", "—")] + [tuple(c) for c in spec.get("choices", [])]
            )
        elif kind == "multichoice":
            field = forms.MultipleChoiceField(
                label=label,
                required=required,
                choices=[tuple(c) for c in spec.get("choices", [])],
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            field = forms.CharField(label=label, required=required, max_length=2000)
        fields[f"p_{spec['key']}"] = field
    fields["is_advice"] = forms.BooleanField(label=_("Anbefaling (ikke påbud)"), required=False)
    form_class = type("MeasureParameterForm", (forms.Form,), fields)
    return form_class(data=data)
