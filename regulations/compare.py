"""Compare two versions section by section, with words added and removed highlighted."""

import difflib
from dataclasses import dataclass

from django.utils.safestring import SafeString

from core.diffs import word_diff


@dataclass
class SectionRow:
    kind: str  # unchanged | changed | added | removed
    old_number: int | None
    new_number: int | None
    heading: SafeString
    body: SafeString

    @property
    def renumbered(self) -> bool:
        return self.old_number is not None and self.new_number is not None and self.old_number != self.new_number


def _norm(text: str) -> str:
    return " ".join((text or "").lower().split())


def compare_versions(old, new) -> dict:
    """Rows for every section of either version: matched by heading first, then by number."""
    old_sections = list(old.sections.all().order_by("number"))
    new_sections = list(new.sections.all().order_by("number"))
    pairs: dict[int, object] = {}
    unmatched_old = list(old_sections)
    for s in new_sections:
        match = next((o for o in unmatched_old if _norm(o.heading) == _norm(s.heading)), None)
        if match is not None:
            pairs[s.pk] = match
            unmatched_old.remove(match)
    for s in new_sections:
        if s.pk in pairs:
            continue
        match = next((o for o in unmatched_old if o.number == s.number), None)
        if match is not None and difflib.SequenceMatcher(a=_norm(match.body), b=_norm(s.body)).ratio() > 0.5:
            pairs[s.pk] = match
            unmatched_old.remove(match)
    rows = []
    for s in new_sections:
        o = pairs.get(s.pk)
        if o is None:
            rows.append(
                (s.number, SectionRow("added", None, s.number, word_diff("", s.heading), word_diff("", s.body)))
            )
            continue
        same = o.heading == s.heading and o.body == s.body
        kind = "unchanged" if same and o.number == s.number else "changed"
        rows.append(
            (s.number, SectionRow(kind, o.number, s.number, word_diff(o.heading, s.heading), word_diff(o.body, s.body)))
        )
    for o in unmatched_old:
        rows.append(
            (o.number - 0.5, SectionRow("removed", o.number, None, word_diff(o.heading, ""), word_diff(o.body, "")))
        )
    rows.sort(key=lambda pair: pair[0])
    result_rows = [r for _n, r in rows]
    return {
        "rows": result_rows,
        "validity_changed": (old.valid_from, old.valid_until) != (new.valid_from, new.valid_until),
        "changed": sum(1 for r in result_rows if r.kind != "unchanged"),
    }
