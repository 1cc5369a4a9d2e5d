"""Assessment fragments other pages include: the risk picture on a regulation's page and
indicator values ({% load assessment_tags %})."""

from django import template

from ..charts import format_value
from ..selectors import risk_picture_for_regulation

register = template.Library()


@register.inclusion_tag("assessments/_regulation_risk_picture.html", takes_context=True)
def regulation_risk_picture(context, regulation):
    """The frozen risk picture the regulation was adopted on, a flag when it has changed, and
    for those who may answer it the two answers (lay the newer assessment down as the basis,
    or record a decision not to change the regulation)."""
    from regulations.services import may_answer_risk_picture

    picture = risk_picture_for_regulation(regulation)
    rows = [(row, format_value(row.value, row.code)) for row in picture.rows] if picture else []
    request = context.get("request")
    may_answer = bool(picture and picture.changed and request and may_answer_risk_picture(request.user, regulation))
    return {"picture": picture, "rows": rows, "regulation": regulation, "may_answer": may_answer, "request": request}


@register.filter
def indicator_value(value, code=None):
    return format_value(value, code)
