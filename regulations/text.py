"""Norwegian formatting of dates and the structure of section text (ledd and lettered items)."""

import re
from dataclasses import dataclass, field

from core.formats import MONTHS_NB, format_date_nb, format_datetime_nb  # noqa: F401  (re-exported)

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
