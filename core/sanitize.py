"""The one place that turns untrusted HTML into safe HTML (nh3)."""

import html
import re

import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize_html(value: str) -> str:
    """Keep paragraphs, lists, emphasis and links; drop scripts, styles and event handlers."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def normalize_text(value: str | None) -> str:
    """Plain text as stored: Unix line endings, no trailing spaces, no surrounding blank lines.

    Browsers send textarea content with CRLF; without this the same text would hash and
    diff differently depending on where it was typed.
    """
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


# The allowed tags that end a line of text (a paragraph, a list item, a heading, a row).
_LINE_ENDS = re.compile(r"<br\s*/?>|</(p|li|h3|h4|blockquote|tr)>", re.IGNORECASE)
_ALLOWED_TAG = re.compile(r"</?(" + "|".join(sorted(ALLOWED_TAGS)) + r")\b[^>]*>", re.IGNORECASE)


def html_as_text(value: str) -> str:
    """The words of text stored as sanitized HTML, a line per paragraph or list item, for a
    reader of the records; text with none of the allowed tags is returned as it is."""
    if not _ALLOWED_TAG.search(value or ""):
        return value or ""
    text = html.unescape(strip_tags(_LINE_ENDS.sub("\n", value)))
    return re.sub(r"\n{2,}", "\n", text).strip()
