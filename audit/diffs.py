"""Side-by-side diffs of old and new field values, as escaped HTML with <del>/<ins> marks."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
# Above this size a value is shown whole instead of diffed word by word (quadratic cost).
MAX_DIFF_TOKENS = 4000


def side_by_side(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old value with removed words in <del>, the new value with added words in <ins>."""
    old, new = old or "", new or ""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    if len(a) + len(b) > MAX_DIFF_TOKENS or not old or not new:
        return (mark_safe(f"<del>{escape(old)}</del>") if old and old != new else mark_safe(escape(old)),
                mark_safe(f"<ins>{escape(new)}</ins>") if new and old != new else mark_safe(escape(new)))
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
        else:
            if old_part:
                left.append(f"<del>{old_part}</del>")
            if new_part:
                right.append(f"<ins>{new_part}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))
