"""Norwegian formatting for templates: {{ value|nb_datetime }} → 3. mars 2021 kl. 14.00."""

from django import template
from django.utils.translation import gettext as _

from core.formats import format_date_nb, format_datetime_nb, format_until_nb

register = template.Library()


@register.filter
def nb_datetime(value):
    return format_datetime_nb(value)


@register.filter
def nb_until(value):
    """An end after «til og med»: 21. mai 2021 for 22 May 00.00."""
    return format_until_nb(value)


@register.filter
def nb_date(value):
    return format_date_nb(value)


@register.filter
def person(user):
    """A user's full name, username, or «systemet» for work done by the system."""
    if user is None:
        return _("systemet")
    return user.get_full_name() or user.username
