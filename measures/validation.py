"""What the services store for a measure: its parameters validated by `measures.schema` and
dumped as its JSON. A type of the first catalog is read as the typed measures it means, so that
nothing new is stored in the old codes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import schema
from .models import MeasureType


def measures_to_store(*, measure_type: MeasureType, parameters: dict) -> list[tuple[MeasureType, dict]]:
    """The (type row, parameters JSON) pairs to store for a measure of `measure_type`: one for a
    typed kind, one or more for a type of the first catalog. Raises ValidationError keyed by
    parameter name (`measure_type` for the type) with Norwegian messages."""
    try:
        if measure_type.code in schema.TYPES:
            converted = [(measure_type.code, schema.validate(measure_type.code, parameters))]
        else:
            known = {spec["key"] for spec in measure_type.parameter_schema}
            if unknown := [key for key in parameters if key not in known]:
                raise schema.MeasureError({key: _("Ukjent parameter «%(key)s».") % {"key": key} for key in unknown})
            converted = schema.typed(measure_type.code, parameters)
    except schema.MeasureError as exc:
        raise ValidationError(
            {("measure_type" if key == "type" else key): message for key, message in exc.errors.items()}
        ) from None
    except (KeyError, TypeError, ValueError):
        # A first-catalog measure whose parameters that catalog would not have accepted.
        raise ValidationError(
            {"measure_type": _("Parametrene passer ikke til tiltakstypen «%(type)s».") % {"type": measure_type.name}}
        ) from None
    rows = {t.code: t for t in MeasureType.objects.filter(code__in={code for code, _params in converted})}
    return [(rows[code], schema.dump(params)) for code, params in converted]
