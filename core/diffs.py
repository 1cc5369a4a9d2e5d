"""The one word diff: two texts as escaped HTML with <del> for removed and <ins> for added words.

Shown inline (the new text with both marks, comparing versions of a regulation) or side by
side (the old text with <del>, the new with <ins>, the story of any document).
"""

import difflib
import re
from collections.abc import Iterator
from html import escape

from django.utils.safestring import SafeString, mark_safe

TOKENS = re.compile(r"\s+|\S+")
# Above this many tokens (both texts together) a changed text is marked whole instead of
# word by word: the matcher's cost grows with the square of the length, and a § may hold
# 20,000 characters.
MAX_DIFF_TOKENS = 4000


def _common_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many tokens the two texts share at their start, and then at their end."""
    most = min(len(a), len(b))
    start = 0
    while start < most and a[start] == b[start]:
        start += 1
    end = 0
    while end < most - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, end


def _runs(old: str, new: str) -> Iterator[tuple[bool, str, str]]:
    """(equal, old part, new part), each part escaped, covering both texts in order. The words
    both texts begin and end with are set aside before matching (an edit changes a few words of
    a long §), so the matcher sees only the part that changed."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    if not old or not new:
        yield old == new, escape(old), escape(new)
        return
    start, end = _common_ends(a, b)
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    if start:
        yield True, escape("".join(a[:start])), escape("".join(b[:start]))
    if len(middle_a) + len(middle_b) > MAX_DIFF_TOKENS:
        yield False, escape("".join(middle_a)), escape("".join(middle_b))
    elif middle_a or middle_b:
        matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            yield op == "equal", escape("".join(middle_a[i1:i2])), escape("".join(middle_b[j1:j2]))
    if end:
        yield True, escape("".join(a[len(a) - end :])), escape("".join(b[len(b) - end :]))


def _mark(tag: str, html: str) -> str:
    return f"<{tag}>{html}</{tag}>" if html else ""


def word_diff(old: str, new: str) -> SafeString:
    """`new` with the words removed from `old` in <del> and the words added in <ins>."""
    return mark_safe(
        "".join(
            new_part if equal else _mark("del", old_part) + _mark("ins", new_part)
            for equal, old_part, new_part in _runs(old or "", new or "")
        )
    )


def side_by_side(old: str, new: str) -> tuple[SafeString, SafeString]:
    """`old` with its removed words in <del>, and `new` with its added words in <ins>."""
    runs = list(_runs(old or "", new or ""))
    return (
        mark_safe("".join(o if equal else _mark("del", o) for equal, o, _n in runs)),
        mark_safe("".join(n if equal else _mark("ins", n) for equal, _o, n in runs)),
    )
