"""Norwegian formatting of dates: 3. mars 2021 kl. 14.00 (always in Norwegian local time)."""

from datetime import date, datetime

from django.utils import timezone

MONTHS_NB = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def format_date_nb(value: date | datetime | None) -> str:
    """3. mars 2021"""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day}. {MONTHS_NB[value.month - 1]} {value.year}"


def format_datetime_nb(value: datetime | None) -> str:
    """3. mars 2021 kl. 14.00 (in Norwegian local time)"""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date_nb(local)} kl. {local.hour:02d}.{local.minute:02d}"
