"""Norwegian formatting of dates: 3. mars 2021 kl. 14.00 (always in Norwegian local time), and
Norwegian alphabetical order."""

import unicodedata
from datetime import date, datetime, timedelta

from django.utils import timezone

# The instants the rules in force are asked about.
MIN_YEAR, MAX_YEAR = 2020, 2030

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


def format_until_nb(value: datetime | None) -> str:
    """An end as «til og med» is read: the day before, when the end is midnight (a rule in force
    until 22 May 00.00 applies «til og med 21. mai 2021»), else the instant itself."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return format_date_nb(local - timedelta(days=1))
    return format_datetime_nb(local)


def parse_instant(text: str) -> datetime | None:
    """An ISO 8601 date and time (2021-05-15T18:00, with or without an offset such as +02:00),
    or 15.05.2021 18:00, as an aware instant, Europe/Oslo when it has no offset; None when it
    is not one."""
    text = text.strip()
    try:
        # A "+" in a query string not written as %2B arrives as a space.
        value = datetime.fromisoformat(text.replace(" ", "+")) if "T" in text else None
        if value is None:
            value = datetime.strptime(text.replace("kl.", "").replace("  ", " "), "%d.%m.%Y %H:%M")
    except ValueError:
        return None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def norwegian_sort_key(name: str) -> str:
    """Norwegian alphabetical order: … x y z æ ø å, accents ignored (Kárášjohka under K), so
    «Bærum, Bø, Båtsfjord» and Å after Ø; `sorted(names, key=norwegian_sort_key)`."""
    text = name.casefold().replace("æ", "{").replace("ø", "|").replace("å", "}")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
