"""The one word diff: two texts as escaped HTML with <del> for removed and <ins> for added words.

Shown inline (the new text with both marks, comparing versions of a regulation) or side by
side (the old text with <del>, the new with <ins>, the story of any document).
"""

import difflib
import re
from collections.abc import Iterator

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKENS = re.compile(r"\s+|\S+")
# Above this many tokens (both texts together) a changed text is marked whole instead of
# word by word: the matcher's cost grows with the square of the length, and a § may hold
# 20,000 characters.
MAX_DIFF_TOKENS = 4000


def _runs(old: str, new: str) -> Iterator[tuple[bool, str, str]]:
    """(equal, old part, new part), each part escaped, covering both texts in order."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    if len(a) + len(b) > MAX_DIFF_TOKENS or not old or not new:
        yield old == new, escape(old), escape(new)
        return
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        yield op == "equal", escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))


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
