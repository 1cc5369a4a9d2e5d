"""Assessment fragments other pages include: the risk picture on a regulation's page and
indicator values ({% load assessment_tags %})."""

from django import template

from ..charts import format_value
from ..selectors import risk_picture_for_regulation

register = template.Library()


@register.inclusion_tag("assessments/_regulation_risk_picture.html")
def regulation_risk_picture(regulation):
    """The frozen risk picture the regulation was adopted on, and a flag when it has changed."""
    picture = risk_picture_for_regulation(regulation)
    rows = [(row, format_value(row.value, row.code)) for row in picture.rows] if picture else []
    return {"picture": picture, "rows": rows}


@register.filter
def indicator_value(value, code=None):
    return format_value(value, code)
