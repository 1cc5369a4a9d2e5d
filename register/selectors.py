"""Reads of the register: a municipality by number, the municipalities in force on a date."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, Max, Q, QuerySet, Subquery

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
    """The municipalities valid on `at` (from and until inclusive), by number, with their county.
    After the register's last day (no edition loaded for `at` yet), as its last edition has them,
    as /regler/<nr>/ reads a number: the open data and the API list every municipality today."""
    return Municipality.objects.select_related("county").filter(_in_force_or_last_edition(at)).order_by("number")


def _in_force_or_last_edition(at: date) -> Q:
    """In force on `at`; or, when `at` lies after the register's last day (nothing in force on
    or after it), in force on that last day. One condition, so a list stays one query."""
    later = Municipality.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=at))
    last_day = Subquery(
        Municipality.objects.filter(valid_until__isnull=False).order_by("-valid_until").values("valid_until")[:1]
    )
    return _in_force(at) | (~Exists(later) & Q(valid_from__lte=last_day, valid_until__gte=last_day))


def register_ends_before(at: date) -> date | None:
    """The register's last day when `at` lies after it (no municipality is in force on `at` and
    none starts later: the register has no edition yet for that day), else None."""
    if Municipality.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=at)).exists():
        return None
    return Municipality.objects.aggregate(last=Max("valid_until"))["last"]


def municipalities_at(numbers: Iterable[str], *, at: date) -> tuple[dict[str, Municipality], date | None]:
    """The municipalities with these numbers on `at`, by number, and the register's last day when
    `at` lies after it. After its last edition a number is read as that edition has it, as
    /regler/<nr>/ reads it (`municipality_get` without a date): the register cannot tell a
    municipality that no longer exists from one it has no later edition for."""
    municipalities = Municipality.objects.select_related("county").filter(number__in=list(numbers))
    return {m.number: m for m in municipalities.filter(_in_force_or_last_edition(at))}, register_ends_before(at)


def counties() -> QuerySet[County]:
    """Every county, by number."""
    return County.objects.order_by("number")


def municipalities_all() -> QuerySet[Municipality]:
    """Every municipality of the register, past and present, by number, with its county."""
    return Municipality.objects.select_related("county").order_by("number")
