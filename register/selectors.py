"""Reads of the register: a municipality by number, the municipalities in force on a date."""

from datetime import date

from django.db.models import Q, QuerySet

from .models import County, Municipality


def _in_force(at: date) -> Q:
    return Q(valid_from__lte=at) & (Q(valid_until__isnull=True) | Q(valid_until__gte=at))


def municipality_get(number: str, *, at: date | None = None) -> Municipality | None:
    """The municipality with this number, or None; with `at`, only if it is in force that day."""
    municipalities = Municipality.objects.select_related("county").filter(number=number)
    if at is not None:
        municipalities = municipalities.filter(_in_force(at))
    return municipalities.first()


def municipalities_in_force(*, at: date) -> QuerySet[Municipality]:
    """The municipalities valid on `at` (from and until inclusive), by number, with their county."""
    return Municipality.objects.select_related("county").filter(_in_force(at)).order_by("number")


def counties() -> QuerySet[County]:
    """Every county, by number."""
    return County.objects.order_by("number")


def municipalities_all() -> QuerySet[Municipality]:
    """Every municipality of the register, past and present, by number, with its county."""
    return Municipality.objects.select_related("county").order_by("number")
