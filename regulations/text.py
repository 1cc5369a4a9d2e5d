"""Norwegian formatting of dates and the structure of section text (ledd and lettered items)."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from core.formats import MONTHS_NB, format_date_nb, format_datetime_nb, format_until_nb  # noqa: F401  (re-exported)

LETTERED_ITEM = re.compile(r"^\s*([a-zæøå])[.)]\s+(.*)$", re.IGNORECASE)


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
        if not para.text and para.items and result:
            # "a." … "d." written as separate blocks still form one list of the ledd above.
            result[-1].items.extend(para.items)
            continue
        result.append(para)
    return result


# The in-force section ("Ikrafttredelse og varighet") and the dates it states.

IN_FORCE_HEADING = "Ikrafttredelse og varighet"
_WEEKDAYS = "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag"
_DATE = (
    rf"(?:(?:{_WEEKDAYS})\s+)?(?P<day>\d{{1,2}})\.\s*(?P<month>{'|'.join(MONTHS_NB)})\b(?:\s+(?P<year>\d{{4}}))?"
    r"(?:,?\s*(?:kl\.?|klokken)\s*(?P<hour>\d{1,2})(?:[.:]?(?P<minute>\d{2}))?)?"
)
_STATED_START = re.compile(
    rf"\b(?:trer\s+i\s+kraft|gjelder\s+fra)\s+(?:fra\s+)?(?:og\s+med\s+)?(?:midnatt\s+)?{_DATE}", re.IGNORECASE
)
_STATED_END = re.compile(rf"\b(?:til\s+og\s+med|t\.o\.m\.|fram\s+til|frem\s+til|til)\s+{_DATE}", re.IGNORECASE)
_OPEN_ENDED = re.compile(r"\binntil\s+videre\b", re.IGNORECASE)


def is_in_force_heading(heading: str) -> bool:
    """ "Ikrafttredelse og varighet", and the headings drafters write for the same section
    ("Ikrafttredelse", "Ikrafttreden", "Varighet")."""
    normalized = " ".join((heading or "").lower().split())
    return normalized.startswith("ikrafttred") or normalized == "varighet"


@dataclass(frozen=True)
class StatedDate:
    """A date as a section states it; the year and the time may be left out."""

    day: int
    month: int
    year: int | None = None
    hour: int | None = None
    minute: int | None = None

    def __str__(self) -> str:
        text = f"{self.day}. {MONTHS_NB[self.month - 1]}"
        if self.year is not None:
            text += f" {self.year}"
        if self.hour is not None:
            text += f" kl. {self.hour:02d}.{self.minute or 0:02d}"
        return text

    def _same_day(self, local: datetime) -> bool:
        return (self.day, self.month) == (local.day, local.month) and self.year in (None, local.year)

    def agrees_with(self, value: datetime, *, end: bool = False) -> bool:
        """Whether `value` (an instant, read in Norwegian local time) is this date. Without a
        time, any instant that day agrees, and for an end also midnight after it ("til og med
        17. mars" = until 18 March 00.00)."""
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        if self.hour is not None:
            return self._same_day(local) and (self.hour, self.minute or 0) == (local.hour, local.minute)
        if self._same_day(local):
            return True
        return end and (local.hour, local.minute) == (0, 0) and self._same_day(local - timedelta(days=1))


@dataclass(frozen=True)
class InForceStatement:
    """What an in-force section says about the period: from, until and including, or open-ended."""

    start: StatedDate | None
    end: StatedDate | None
    open_ended: bool


def _stated(match: re.Match | None) -> StatedDate | None:
    if match is None:
        return None
    g = match.groupdict()
    return StatedDate(
        day=int(g["day"]),
        month=MONTHS_NB.index(g["month"].lower()) + 1,
        year=int(g["year"]) if g["year"] else None,
        hour=int(g["hour"]) if g["hour"] else None,
        minute=int(g["minute"]) if g["minute"] else None,
    )


def in_force_statement(body: str) -> InForceStatement:
    """The dates an in-force section states ("Forskriften trer i kraft 3. mars 2021 kl. 14.00,
    og gjelder til og med 17. mars 2021 kl. 14.00"); the first of each is taken."""
    text = " ".join((body or "").split())
    end = _stated(_STATED_END.search(text))
    return InForceStatement(
        start=_stated(_STATED_START.search(text)),
        end=end,
        open_ended=end is None and _OPEN_ENDED.search(text) is not None,
    )
