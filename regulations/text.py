"""Norwegian formatting of dates and the structure of section text (ledd and lettered items)."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

MONTHS_NB = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)

LETTERED_ITEM = re.compile(r"^\s*([a-zæøå])[.)]\s+(.*)$", re.IGNORECASE)


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


@dataclass
class Paragraph:
    """One ledd: running text, optionally followed by lettered items (a., b., …)."""

    text: str = ""
    items: list[tuple[str, str]] = field(default_factory=list)


def split_paragraphs(body: str) -> list[Paragraph]:
    """Split a section body into ledd (blank-line separated) with their lettered items."""
    result: list[Paragraph] = []
    for block in re.split(r"\n\s*\n", (body or "").replace("\r\n", "\n").strip()):
        if not block.strip():
            continue
        para = Paragraph()
        lines: list[str] = []
        for line in block.split("\n"):
            m = LETTERED_ITEM.match(line)
            if m:
                para.items.append((m.group(1).lower(), m.group(2).strip()))
            elif para.items:
                letter, text = para.items[-1]
                para.items[-1] = (letter, f"{text} {line.strip()}".strip())
            else:
                lines.append(line.strip())
        para.text = " ".join(x for x in lines if x)
        result.append(para)
    return result
